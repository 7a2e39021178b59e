// API tokens: every signed-in person lists, creates and revokes their own; an administrator sees
// everyone's. A new token's secret is shown once, with a copy button, and never again.
import { accessApi, type ApiToken, type CreatedToken } from '../access-api';
import { asApiError } from '../api';
import { openDialog } from '../components/dialog';
import { busy, createFormErrors, field } from '../components/form';
import { createListTable } from '../components/list-table';
import { h } from '../dom';
import { fmtDateTime, t } from '../i18n';
import type { PageInstance } from '../page';
import { currentUser, hasRole } from '../session';

function tokenStatus(token: ApiToken): HTMLElement {
  if (token.revoked_at) {
    return h('span', { class: 'state state-revoked', 'data-state': 'revoked', title: fmtDateTime(token.revoked_at) },
      t('tokens.status.revoked', { date: fmtDateTime(token.revoked_at) }));
  }
  return h('span', { class: 'state state-active', 'data-state': 'active' }, t('tokens.status.active'));
}

/** The one-time display of a new secret: copy button and a plain warning. */
function secretPanel(created: CreatedToken, onDone: () => void): HTMLElement {
  const value = h('input', { class: 'input input-mono', readonly: true, value: created.token, 'aria-label': t('tokens.secret.label'), 'data-testid': 'token-secret' });
  const copy = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'token-copy' }, t('tokens.secret.copy'));
  copy.addEventListener('click', async () => {
    value.select();
    const copied = await navigator.clipboard?.writeText(created.token).then(() => true, () => false);
    if (!copied) document.execCommand?.('copy');
    copy.textContent = t('tokens.secret.copied');
  });
  const done = h('button', { type: 'button', class: 'button', 'data-testid': 'token-done' }, t('tokens.secret.done'));
  done.addEventListener('click', onDone);
  return h('div', { class: 'secret-panel', role: 'status', 'data-testid': 'token-created' },
    h('p', { class: 'secret-title' }, t('tokens.secret.title', { name: created.name })),
    h('p', { class: 'notice notice-warning' }, t('tokens.secret.once')),
    h('div', { class: 'secret-row' }, value, copy),
    h('div', {}, done));
}

export function tokensPage(): PageInstance {
  const admin = hasRole('admin');
  const me = currentUser();
  const list = createListTable({
    label: t('tokens.list'),
    testId: 'tokens-table',
    empty: t('tokens.empty'),
    columns: [
      { label: t('tokens.col.name') },
      ...(admin ? [{ label: t('tokens.col.user') }] : []),
      { label: t('tokens.col.created') },
      { label: t('tokens.col.lastUsed') },
      { label: t('tokens.col.status') },
      { label: t('common.actions'), class: 'col-actions' },
    ],
  });

  const name = h('input', { class: 'input', name: 'name', required: true, maxlength: 100, placeholder: t('tokens.name.placeholder'), 'data-testid': 'token-name' });
  const create = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'token-create' }, t('tokens.create'));
  const form = h('form', { class: 'inline-form', 'aria-label': t('tokens.create') },
    field({ label: t('tokens.name'), name: 'name', control: name, extraClass: 'field-grow' }),
    h('div', { class: 'field field-submit' }, create));
  const errors = createFormErrors(form);
  const created = h('div', { class: 'secret-slot' });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (!name.value.trim()) return errors.message(t('tokens.name.missing'));
    try {
      const token = await busy(create, () => accessApi.createToken(name.value.trim()));
      name.value = '';
      created.replaceChildren(secretPanel(token, () => created.replaceChildren()));
      created.querySelector('input')?.select();
      void load();
    } catch (error) {
      errors.show(error);
    }
  });

  function revokeButton(token: ApiToken): HTMLElement | null {
    if (token.revoked_at) return null;
    const button = h('button', { type: 'button', class: 'button button-small button-danger-quiet', 'data-testid': 'token-revoke' }, t('tokens.revoke'));
    button.addEventListener('click', async () => {
      const done = await openDialog({
        title: t('tokens.revoke.title', { name: token.name }),
        body: [h('p', {}, t('tokens.revoke.body'))],
        confirmLabel: t('tokens.revoke'),
        danger: true,
        onConfirm: () => accessApi.revokeToken(token.id),
      });
      if (done) void load();
    });
    return button;
  }

  function row(token: ApiToken): HTMLTableRowElement {
    const mine = token.user.id === me?.id;
    return h('tr', { 'data-testid': 'token-row', 'data-id': token.id, class: token.revoked_at ? 'row-inactive' : undefined },
      h('td', { class: 'strong' }, token.name),
      admin ? h('td', {}, token.user.username, mine ? h('span', { class: 'muted small' }, ` (${t('tokens.you')})`) : null) : null,
      h('td', {}, fmtDateTime(token.created_at)),
      h('td', {}, token.last_used_at ? fmtDateTime(token.last_used_at) : h('span', { class: 'muted' }, t('tokens.neverUsed'))),
      h('td', {}, tokenStatus(token)),
      h('td', { class: 'col-actions' }, revokeButton(token)));
  }

  async function load() {
    list.loading();
    try {
      const { items } = await accessApi.tokens();
      const ordered = [...items].sort((a, b) => Number(!!a.revoked_at) - Number(!!b.revoked_at) || b.id - a.id);
      list.rows(ordered.map(row));
    } catch (error) {
      list.error(asApiError(error), () => void load());
    }
  }
  void load();

  const element = h('div', { class: 'page page-tokens', 'data-testid': 'page-tokens' },
    h('div', { class: 'page-heading' },
      h('div', {},
        h('h1', { class: 'page-title' }, t('tokens.title')),
        h('p', { class: 'page-subtitle muted' }, admin ? t('tokens.subtitleAdmin') : t('tokens.subtitle')))),
    h('section', { class: 'card card-padded' },
      h('h2', { class: 'card-title' }, t('tokens.create')),
      form, errors.alert, created),
    list.element);

  return { element, title: t('tokens.title'), destroy() {} };
}
