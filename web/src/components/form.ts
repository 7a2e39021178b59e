// Small form kit for the access pages: labelled fields with a slot for the server's per-field
// error, checkbox groups, and a form-level alert. Server problems (400 `errors`) land next to the
// field they name; anything else goes to the alert.
//   const form = createFormErrors(formElement);
//   formElement.append(field({ label: t('x'), name: 'username', control: input }));
//   try { ... } catch (error) { form.show(error); }
import { ApiError } from '../api';
import { h } from '../dom';
import { t } from '../i18n';

export interface FieldOptions {
  label: string;
  /** The API field name; the error slot is found by it. */
  name: string;
  control: HTMLElement;
  hint?: string;
  extraClass?: string;
}

let fieldCount = 0;

/** A labelled field. Its control gets an id (if it has none) and aria-describedby for the error. */
export function field(options: FieldOptions): HTMLElement {
  const id = options.control.id || `field-${options.name}-${++fieldCount}`;
  const isGroup = options.control instanceof HTMLFieldSetElement;
  if (!isGroup) options.control.id = id;
  const error = h('p', { id: `${id}-error`, class: 'field-error', 'data-error-for': options.name, hidden: true });
  const hint = options.hint ? h('p', { id: `${id}-hint`, class: 'field-hint' }, options.hint) : null;
  options.control.setAttribute('aria-describedby', [hint?.id, error.id].filter(Boolean).join(' '));
  return h(
    'div',
    { class: `field ${options.extraClass ?? ''}`.trim(), 'data-field': options.name },
    isGroup ? null : h('label', { for: id }, options.label),
    options.control,
    hint,
    error,
  );
}

export interface CheckboxGroup {
  element: HTMLFieldSetElement;
  values(): string[];
  set(values: string[]): void;
  /** Enables or disables one box (a disabled box is also unchecked), with a reason as title. */
  enable(value: string, enabled: boolean, reason?: string): void;
}

export function checkboxGroup(
  legend: string,
  name: string,
  options: { value: string; label: string; title?: string }[],
  selected: string[] = [],
): CheckboxGroup {
  const boxes = options.map((option) => {
    const box = h('input', { type: 'checkbox', name, value: option.value, 'data-testid': `${name}-${option.value}` });
    box.checked = selected.includes(option.value);
    const label = h('label', { class: 'check', title: option.title }, box, h('span', {}, option.label));
    return { box, label };
  });
  const element = h('fieldset', { class: 'check-group', 'data-testid': `${name}-group` },
    h('legend', {}, legend),
    h('div', { class: 'check-list' }, ...boxes.map((b) => b.label)));
  return {
    element,
    values: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value),
    set(values) {
      for (const { box } of boxes) box.checked = values.includes(box.value);
    },
    enable(value, enabled, reason) {
      const found = boxes.find((b) => b.box.value === value);
      if (!found) return;
      found.box.disabled = !enabled;
      if (!enabled) found.box.checked = false;
      found.label.title = enabled ? '' : (reason ?? '');
      found.label.classList.toggle('check-disabled', !enabled);
    },
  };
}

export interface FormErrors {
  alert: HTMLElement;
  clear(): void;
  show(error: unknown): void;
  message(text: string): void;
}

/** Error display for one form: per-field slots plus an alert element to place in the form. */
export function createFormErrors(form: HTMLElement): FormErrors {
  const alert = h('div', { class: 'form-alert', role: 'alert', hidden: true, 'data-testid': 'form-error' });
  function clear() {
    alert.hidden = true;
    alert.replaceChildren();
    for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      slot.hidden = true;
      slot.textContent = '';
    }
    for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  }
  function message(text: string) {
    alert.hidden = false;
    alert.textContent = text;
  }
  function show(error: unknown) {
    clear();
    if (!(error instanceof ApiError)) return message(t('error.unknown'));
    const unplaced: string[] = [];
    for (const [name, text] of error.fieldErrors) {
      const slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(name)}"]`);
      if (!slot) {
        unplaced.push(`${name}: ${text}`);
        continue;
      }
      slot.hidden = false;
      slot.textContent = text;
      form.querySelector(`[data-field="${CSS.escape(name)}"] .input`)?.setAttribute('aria-invalid', 'true');
    }
    message([error.detail, ...unplaced].join(' '));
  }
  return { alert, clear, show, message };
}

/** Disables a submit button while `work` runs, so a slow request cannot be sent twice. */
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
