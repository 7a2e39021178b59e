// The access marking shown on every record: a colour-coded badge "Internal · Humanitarian"
// (classification, then compartment when there is one) whose title explains who may read it, and
// a note naming the fields the server withheld from this reader.
import type { Activity } from '../api';
import { h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { compartmentLabel } from './user-menu';

const CLASSIFICATIONS = ['public', 'internal', 'restricted'];

function known(key: string, fallback: string): string {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
}

export function classificationLabel(classification: string): string {
  return known(`classification.${classification}`, classification);
}

/** Class-safe token for CSS: compartment names are [a-z_-] on the server, but never trust that. */
function token(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

export function markingBadge(record: Pick<Activity, 'classification' | 'compartment' | 'owner_org'>): HTMLElement {
  const classification = record.classification ?? 'internal';
  const compartment = record.compartment && record.compartment !== 'none' ? record.compartment : '';
  const explain = [
    known(`classification.${classification}.title`, classificationLabel(classification)),
    compartment ? t('marking.compartment.title', { compartment: compartmentLabel(compartment) }) : t('marking.noCompartment.title'),
    record.owner_org ? t('marking.owner', { org: record.owner_org.name }) : '',
  ].filter(Boolean).join('\n');
  const level = CLASSIFICATIONS.includes(classification) ? classification : 'other';
  return h(
    'span',
    {
      class: `marking marking-${level}`,
      title: explain,
      'data-testid': 'marking',
      'data-classification': classification,
      'data-compartment': compartment || 'none',
    },
    h('span', { class: 'marking-class' }, classificationLabel(classification)),
    // The colour change separates the two parts on screen; the hidden dot makes the text read
    // "Internal · Humanitarian" for screen readers and when copied.
    compartment
      ? h('span', { class: `marking-compartment marking-c-${token(compartment)}` },
        h('span', { class: 'visually-hidden' }, ' · '), compartmentLabel(compartment))
      : null,
  );
}

export function redactedFieldLabel(name: string): string {
  return known(`redacted.${name}`, name);
}

export function redactionNote(record: Pick<Activity, 'redacted' | 'owner_org'>): HTMLElement | null {
  const fields = record.redacted ?? [];
  if (!fields.length) return null;
  return h(
    'div',
    {
      class: 'redaction-note small',
      title: t('redacted.title', { org: record.owner_org?.name ?? t('redacted.theOwner') }),
      'data-testid': 'redaction-note',
      'data-fields': fields.join(','),
    },
    t('redacted.note', { fields: fields.map(redactedFieldLabel).join(', ') }),
  );
}
