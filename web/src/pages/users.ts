// User administration (role admin): the accounts table, the add-user form, and per-account
// actions: edit name, roles and compartments; disable or enable; reset the password (which also
// ends the person's sessions and clears a lockout on the server).
import { accessApi, type UserAccount } from '../access-api';
import { api, asApiError, fetchAll, type Organization } from '../api';
import { openDialog } from '../components/dialog';
import { field } from '../components/form';
import { createListTable } from '../components/list-table';
import { compartmentPicker, createAddUserForm, rolePicker } from '../components/user-form';
import { compartmentLabel, roleLabel } from '../components/user-menu';
import { h } from '../dom';
import { fmtDateTime, t } from '../i18n';
import type { PageInstance } from '../page';
import { currentUser } from '../session';

function chips(values: string[], label: (value: string) => string, cls: string): HTMLElement {
  if (!values.length) return h('span', { class: 'muted' }, t('common.none'));
  return h('ul', { class: 'chips' }, ...values.map((v) => h('li', { class: `chip ${cls}` }, label(v))));
}

function isLocked(user: UserAccount): boolean {
  return !!user.locked_until && new Date(user.locked_until).getTime() > Date.now();
}

function accountState(user: UserAccount): HTMLElement {
  if (user.disabled) return h('span', { class: 'state state-revoked', 'data-state': 'disabled' }, t('users.state.disabled'));
  if (isLocked(user)) {
    return h('span', { class: 'state state-warning', 'data-state': 'locked' },
      t('users.state.locked', { date: fmtDateTime(user.locked_until) }));
  }
  return h('span', { class: 'state state-active', 'data-state': 'active' }, t('users.state.active'));
}

function editUser(user: UserAccount, humanitarian: boolean): Promise<boolean> {
  const displayName = h('input', { class: 'input', name: 'display_name', value: user.display_name, required: true, 'data-testid': 'edit-display-name' });
  const roles = rolePicker(user.roles);
  const compartments = compartmentPicker(user.compartments, humanitarian);
  return openDialog({
    title: t('users.edit.title', { username: user.username }),
    testId: 'edit-user-dialog',
    body: [
      field({ label: t('users.displayName'), name: 'display_name', control: displayName }),
      field({ label: t('users.roles'), name: 'roles', control: roles.element }),
      field({ label: t('users.compartments'), name: 'compartments', control: compartments.element }),
    ],
    confirmLabel: t('common.save'),
    onConfirm: () => accessApi.updateUser(user.id, {
      display_name: displayName.value.trim(),
      roles: roles.values(),
      compartments: compartments.values(),
    }),
  });
}

function resetPassword(user: UserAccount): Promise<boolean> {
  const password = h('input', { class: 'input', type: 'password', name: 'password', required: true, autocomplete: 'new-password', 'data-testid': 'reset-password' });
  return openDialog({
    title: t('users.reset.title', { username: user.username }),
    testId: 'reset-password-dialog',
    body: [h('p', {}, t('users.reset.body')), field({ label: t('users.password'), name: 'password', control: password, hint: t('users.password.hint') })],
    confirmLabel: t('users.reset'),
    onConfirm: () => accessApi.resetPassword(user.id, password.value),
  });
}

function setDisabled(user: UserAccount, disabled: boolean): Promise<boolean> {
  if (!disabled) return Promise.resolve(accessApi.updateUser(user.id, { disabled: false })).then(() => true);
  return openDialog({
    title: t('users.disable.title', { username: user.username }),
    body: [h('p', {}, t('users.disable.body'))],
    confirmLabel: t('users.disable'),
    danger: true,
    onConfirm: () => accessApi.updateUser(user.id, { disabled: true }),
  });
}

export function usersPage(): PageInstance {
  const orgs = fetchAll(api.organizations).catch(() => [] as Organization[]);
  let humanitarianOrgs = new Set<number>();
  void orgs.then((list) => (humanitarianOrgs = new Set(list.filter((o) => o.humanitarian).map((o) => o.id))));
  const list = createListTable({
    label: t('users.list'),
    testId: 'users-table',
    empty: t('users.empty'),
    columns: [
      { label: t('users.col.user') }, { label: t('users.org') }, { label: t('users.roles') },
      { label: t('users.compartments') }, { label: t('users.col.state') }, { label: t('users.col.lastLogin') },
      { label: t('common.actions'), class: 'col-actions' },
    ],
  });
  const feedback = h('p', { class: 'notice notice-error', role: 'alert', hidden: true });

  function action(label: string, testId: string, run: () => Promise<boolean>, danger = false): HTMLButtonElement {
    const button = h('button', { type: 'button', class: `button button-small ${danger ? 'button-danger-quiet' : ''}`.trim(), 'data-testid': testId }, label);
    button.addEventListener('click', async () => {
      feedback.hidden = true;
      try {
        if (await run()) void load();
      } catch (error) {
        feedback.hidden = false;
        feedback.textContent = asApiError(error).detail;
      }
    });
    return button;
  }

  function row(user: UserAccount): HTMLTableRowElement {
    const self = user.id === currentUser()?.id;
    const humanitarian = user.org.humanitarian ?? humanitarianOrgs.has(user.org.id);
    return h('tr', { 'data-testid': 'user-row', 'data-username': user.username, class: user.disabled ? 'row-inactive' : undefined },
      h('td', {}, h('div', { class: 'strong' }, user.display_name), h('div', { class: 'muted small' }, user.username)),
      h('td', { title: user.org.name }, user.org.acronym || user.org.name),
      h('td', {}, chips(user.roles, roleLabel, 'chip-role')),
      h('td', {}, chips(user.compartments, compartmentLabel, 'chip-compartment')),
      h('td', {}, accountState(user)),
      h('td', { class: 'nowrap' }, user.last_login_at ? fmtDateTime(user.last_login_at) : h('span', { class: 'muted' }, t('users.neverSignedIn'))),
      h('td', { class: 'col-actions' },
        h('div', { class: 'row-actions' },
          action(t('common.edit'), 'user-edit', () => editUser(user, humanitarian)),
          action(t('users.reset'), 'user-reset', () => resetPassword(user)),
          self ? null : user.disabled
            ? action(t('users.enable'), 'user-enable', () => setDisabled(user, false))
            : action(t('users.disable'), 'user-disable', () => setDisabled(user, true), true))));
  }

  async function load() {
    list.loading();
    try {
      const { items } = await accessApi.users();
      list.rows([...items].sort((a, b) => a.username.localeCompare(b.username)).map(row));
    } catch (error) {
      list.error(asApiError(error), () => void load());
    }
  }
  void load();

  const element = h('div', { class: 'page page-users', 'data-testid': 'page-users' },
    h('div', { class: 'page-heading' },
      h('div', {},
        h('h1', { class: 'page-title' }, t('users.title')),
        h('p', { class: 'page-subtitle muted' }, t('users.subtitle'))),
      h('div', { class: 'page-actions' }, h('a', { href: '/tokens', 'data-link': true, class: 'button button-quiet' }, t('menu.tokens')))),
    h('details', { class: 'card card-padded add-user', 'data-testid': 'add-user' },
      h('summary', { class: 'card-title' }, t('users.add')),
      createAddUserForm(orgs, () => void load()).element),
    feedback,
    list.element);

  return { element, title: t('users.title'), destroy() {} };
}
