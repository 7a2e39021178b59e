// Pieces of the user administration forms: role and compartment pickers (the humanitarian and
// protection compartments only open to users of humanitarian organizations, as on the server),
// and the add-user form.
import { accessApi, HUMANITARIAN_ONLY_COMPARTMENTS, KNOWN_COMPARTMENTS, ROLES, type UserAccount } from '../access-api';
import type { Organization } from '../api';
import { h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { busy, checkboxGroup, createFormErrors, field, type CheckboxGroup } from './form';
import { compartmentLabel, roleLabel } from './user-menu';

export function rolePicker(selected: string[] = []): CheckboxGroup {
  return checkboxGroup(t('users.roles'), 'roles', ROLES.map((role) => ({
    value: role, label: roleLabel(role), title: t(`role.${role}.title` as MessageKey),
  })), selected);
}

export interface CompartmentPicker {
  element: HTMLElement;
  values(): string[];
  /** Applies the organization rule: non-humanitarian organizations cannot hold some compartments. */
  setHumanitarian(humanitarian: boolean): void;
}

export function compartmentPicker(selected: string[] = [], humanitarian = true): CompartmentPicker {
  const group = checkboxGroup(t('users.compartments'), 'compartments', KNOWN_COMPARTMENTS.map((c) => ({
    value: c, label: compartmentLabel(c),
  })), selected);
  const others = selected.filter((c) => !(KNOWN_COMPARTMENTS as readonly string[]).includes(c));
  const other = h('input', {
    class: 'input input-small', name: 'compartments-other', value: others.join(', '),
    placeholder: t('users.compartments.other.placeholder'), 'aria-label': t('users.compartments.other'),
    'data-testid': 'compartments-other',
  });
  group.element.append(h('div', { class: 'check-other' }, other));
  const hint = h('p', { class: 'field-hint', hidden: true }, t('users.compartments.humanitarianOnly'));
  group.element.append(hint);
  function setHumanitarian(value: boolean) {
    for (const c of HUMANITARIAN_ONLY_COMPARTMENTS) group.enable(c, value, t('users.compartments.humanitarianOnly'));
    hint.hidden = value;
  }
  setHumanitarian(humanitarian);
  return {
    element: group.element,
    values: () => [...new Set([...group.values(), ...other.value.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean)])],
    setHumanitarian,
  };
}

export function orgOptionLabel(org: Organization): string {
  const name = org.acronym && org.acronym !== org.name ? `${org.name} (${org.acronym})` : org.name;
  return org.humanitarian ? `${name} · ${t('users.org.humanitarian')}` : name;
}

export interface AddUserForm {
  element: HTMLElement;
}

/** The add-user form; `onAdded` runs after the server created the account. */
export function createAddUserForm(orgs: Promise<Organization[]>, onAdded: (user: UserAccount) => void): AddUserForm {
  const input = (name: string, attrs: Record<string, string | boolean> = {}) =>
    h('input', { class: 'input', name, 'data-testid': `new-user-${name}`, ...attrs });
  const username = input('username', { required: true, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' });
  const displayName = input('display_name', { required: true });
  const password = input('password', { type: 'password', required: true, autocomplete: 'new-password' });
  const org = h('select', { class: 'input', name: 'org', required: true, 'data-testid': 'new-user-org' },
    h('option', { value: '' }, t('users.org.choose')));
  const roles = rolePicker(['viewer']);
  const compartments = compartmentPicker([], false);
  const submit = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'user-add' }, t('users.add'));
  const done = h('p', { class: 'notice notice-success', role: 'status', hidden: true, 'data-testid': 'user-added' });

  let known: Organization[] = [];
  void orgs.then((list) => {
    known = [...list].sort((a, b) => a.name.localeCompare(b.name));
    org.append(...known.map((o) => h('option', { value: o.id }, orgOptionLabel(o))));
    org.dataset.ready = 'true';
  });
  org.addEventListener('change', () => {
    compartments.setHumanitarian(known.find((o) => String(o.id) === org.value)?.humanitarian ?? false);
  });

  const form = h('form', { class: 'form-grid', 'aria-label': t('users.add'), 'data-testid': 'add-user-form', novalidate: true },
    field({ label: t('users.username'), name: 'username', control: username }),
    field({ label: t('users.displayName'), name: 'display_name', control: displayName }),
    field({ label: t('users.org'), name: 'org', control: org, hint: t('users.org.hint') }),
    field({ label: t('users.password'), name: 'password', control: password, hint: t('users.password.hint') }),
    field({ label: t('users.roles'), name: 'roles', control: roles.element, extraClass: 'field-span' }),
    field({ label: t('users.compartments'), name: 'compartments', control: compartments.element, extraClass: 'field-span' }));
  const errors = createFormErrors(form);
  form.append(h('div', { class: 'form-actions field-span' }, errors.alert, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    done.hidden = true;
    if (!username.value.trim() || !displayName.value.trim() || !org.value || !password.value) {
      return errors.message(t('users.error.missing'));
    }
    try {
      const user = await busy(submit, () => accessApi.addUser({
        username: username.value.trim(),
        display_name: displayName.value.trim(),
        org: Number(org.value),
        roles: roles.values(),
        compartments: compartments.values(),
        password: password.value,
      }));
      form.reset();
      roles.set(['viewer']);
      compartments.setHumanitarian(false);
      done.hidden = false;
      done.textContent = t('users.added', { username: user.username });
      onAdded(user);
    } catch (error) {
      errors.show(error);
    }
  });

  return { element: h('div', {}, form, done) };
}
