// The Humanitarian Coordinator's form to release compartment data: which records (compartment,
// optional sector, place and dates), to whom (organizations and/or roles), how (aggregate counts
// or full records), why, and until when. Server validation errors land next to their field.
import { accessApi, KNOWN_COMPARTMENTS, ROLES, type Release } from '../access-api';
import { api, type Organization, type Sector } from '../api';
import { debounce, h } from '../dom';
import { t } from '../i18n';
import { createAutocomplete } from './autocomplete';
import { sectorLabel } from './filters';
import { busy, checkboxGroup, createFormErrors, field } from './form';
import { orgOptionLabel } from './user-form';
import { compartmentLabel, roleLabel } from './user-menu';

const EXPIRY_DAYS = 30;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A filterable list of organization checkboxes; long registries stay usable. */
function orgChecklist(orgs: Promise<Organization[]>) {
  const filter = h('input', { type: 'search', class: 'input input-small', placeholder: t('releases.orgs.filter'), 'aria-label': t('releases.orgs.filter'), 'data-testid': 'release-orgs-filter' });
  const list = h('div', { class: 'check-list check-list-scroll' });
  const count = h('span', { class: 'muted small', 'aria-live': 'polite' });
  const selected = new Set<number>();
  const boxes: { org: Organization; label: HTMLElement; box: HTMLInputElement }[] = [];
  const element = h('fieldset', { class: 'check-group', 'data-testid': 'release-orgs' },
    h('legend', {}, t('releases.orgs')), h('div', { class: 'check-tools' }, filter, count), list);
  const showCount = () => (count.textContent = t('releases.orgs.selected', { count: selected.size }));
  void orgs.then((all) => {
    for (const org of [...all].sort((a, b) => a.name.localeCompare(b.name))) {
      const box = h('input', { type: 'checkbox', value: org.id, 'data-testid': `release-org-${org.id}`, 'data-name': org.name });
      box.addEventListener('change', () => {
        if (box.checked) selected.add(org.id);
        else selected.delete(org.id);
        showCount();
      });
      const label = h('label', { class: 'check' }, box, h('span', {}, orgOptionLabel(org)));
      boxes.push({ org, label, box });
      list.append(label);
    }
    list.dataset.ready = 'true';
  });
  filter.addEventListener('input', debounce(() => {
    const needle = fold(filter.value.trim());
    for (const { org, label, box } of boxes) {
      label.hidden = !!needle && !box.checked && !fold(`${org.name} ${org.acronym ?? ''}`).includes(needle);
    }
  }, 150));
  filter.addEventListener('keydown', (event) => event.key === 'Enter' && event.preventDefault());
  showCount();
  return {
    element,
    values: () => [...selected],
    reset() {
      selected.clear();
      for (const { box, label } of boxes) [box.checked, label.hidden] = [false, false];
      filter.value = '';
      showCount();
    },
  };
}

function placePicker() {
  let pcode = '';
  const picker = createAutocomplete({
    id: 'release-place',
    testId: 'release-place',
    placeholder: t('filters.place.placeholder'),
    fieldLabel: t('releases.place'),
    async search(text, signal) {
      const page = await api.places({ q: text, limit: 20 }, signal);
      return page.items.map((p) => ({ value: p.pcode, label: p.name, detail: p.pcode }));
    },
    freeText: (text, suggestions) =>
      suggestions.find((s) => fold(s.label) === fold(text))?.value ?? (/^[A-Za-z]{2,3}[0-9A-Za-z]*$/.test(text) ? text.toUpperCase() : null),
    onCommit: (value) => (pcode = value),
  });
  return { element: picker.element, input: picker.input, value: () => pcode, reset: () => ((pcode = ''), picker.set('', '')) };
}

export function createReleaseForm(sectors: Promise<Sector[]>, orgs: Promise<Organization[]>, onCreated: (release: Release) => void): HTMLElement {
  const compartment = h('select', { class: 'input', name: 'compartment', 'data-testid': 'release-compartment' },
    ...KNOWN_COMPARTMENTS.map((c) => h('option', { value: c }, compartmentLabel(c))));
  const sector = h('select', { class: 'input', name: 'sector', 'data-testid': 'release-sector' }, h('option', { value: '' }, t('filters.sector.all')));
  void sectors.then((list) => sector.append(...[...list]
    .sort((a, b) => sectorLabel(a, list).localeCompare(sectorLabel(b, list)))
    .map((s) => h('option', { value: s.code }, sectorLabel(s, list)))));
  const place = placePicker();
  const from = h('input', { type: 'date', class: 'input', name: 'from', 'data-testid': 'release-from' });
  const to = h('input', { type: 'date', class: 'input', name: 'to', 'data-testid': 'release-to' });
  const recipients = orgChecklist(orgs);
  const roles = checkboxGroup(t('releases.roles'), 'release-roles', ROLES.map((r) => ({ value: r, label: roleLabel(r) })));
  const level = h('fieldset', { class: 'check-group', 'data-testid': 'release-level' }, h('legend', {}, t('releases.level')),
    ...(['aggregate', 'full'] as const).map((value) => h('label', { class: 'check check-block' },
      h('input', { type: 'radio', name: 'level', value, checked: value === 'aggregate', 'data-testid': `release-level-${value}` }),
      h('span', {}, h('strong', {}, t(`releases.level.${value}`)), h('span', { class: 'muted small block' }, t(`releases.level.${value}.hint`))))));
  const reason = h('textarea', { class: 'input', name: 'reason', rows: 2, required: true, placeholder: t('releases.reason.placeholder'), 'data-testid': 'release-reason' });
  const defaultExpiry = () => isoDay(new Date(Date.now() + EXPIRY_DAYS * 86_400_000));
  const expires = h('input', { type: 'date', class: 'input', name: 'expires_at', required: true, min: isoDay(new Date()), value: defaultExpiry(), 'data-testid': 'release-expires' });
  const submit = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'release-create' }, t('releases.submit'));

  const form = h('form', { class: 'form-grid', 'aria-label': t('releases.create'), 'data-testid': 'release-form', novalidate: true },
    h('h3', { class: 'form-section field-span' }, t('releases.section.what')),
    field({ label: t('releases.compartment'), name: 'compartment', control: compartment }),
    field({ label: t('releases.sector'), name: 'sector', control: sector, hint: t('releases.optional') }),
    field({ label: t('releases.place'), name: 'place', control: place.element, hint: t('releases.place.hint') }),
    h('div', { class: 'field-pair' },
      field({ label: t('filters.from'), name: 'from', control: from }),
      field({ label: t('filters.to'), name: 'to', control: to })),
    h('h3', { class: 'form-section field-span' }, t('releases.section.who')),
    field({ label: t('releases.orgs'), name: 'recipient_orgs', control: recipients.element }),
    field({ label: t('releases.roles'), name: 'recipient_roles', control: roles.element, hint: t('releases.recipients.hint') }),
    h('h3', { class: 'form-section field-span' }, t('releases.section.how')),
    field({ label: t('releases.level'), name: 'level', control: level }),
    h('div', { class: 'field-stack' },
      field({ label: t('releases.reason'), name: 'reason', control: reason }),
      field({ label: t('releases.expires'), name: 'expires_at', control: expires })));
  // The autocomplete's input is the focusable control of the place field.
  place.input.setAttribute('aria-describedby', place.element.getAttribute('aria-describedby') ?? '');
  const errors = createFormErrors(form);
  form.append(h('div', { class: 'form-actions field-span' }, errors.alert, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (!reason.value.trim() || !expires.value) return errors.message(t('releases.error.missing'));
    if (!recipients.values().length && !roles.values().length) return errors.message(t('releases.error.noRecipients'));
    const chosenLevel = form.querySelector<HTMLInputElement>('input[name="level"]:checked')?.value === 'full' ? 'full' : 'aggregate';
    try {
      const release = await busy(submit, () => accessApi.createRelease({
        compartment: compartment.value,
        sector: sector.value || undefined,
        place: place.value() || undefined,
        from: from.value || undefined,
        to: to.value || undefined,
        recipient_orgs: recipients.values(),
        recipient_roles: roles.values(),
        level: chosenLevel,
        reason: reason.value.trim(),
        expires_at: expires.value,
      }));
      form.reset();
      expires.value = defaultExpiry();
      place.reset();
      recipients.reset();
      onCreated(release);
    } catch (error) {
      errors.show(error);
    }
  });
  return form;
}
