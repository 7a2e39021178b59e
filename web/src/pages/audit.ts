// The audit log (roles admin and hc): newest first, filtered by action and user, paged with the
// server's cursors. Filters live in the URL (/audit?action=login&user=admin) so a view can be shared.
import { accessApi, AUDIT_ACTIONS, type AuditEntry } from '../access-api';
import { asApiError, isAbort } from '../api';
import { createListTable } from '../components/list-table';
import { h } from '../dom';
import { fmtDateTime, t, type MessageKey } from '../i18n';
import type { PageInstance } from '../page';

const PAGE_SIZE = 50;

function actionLabel(action: string): string {
  const key = `audit.action.${action}` as MessageKey;
  const text = t(key);
  return text === key ? action : text;
}

function actionTone(action: string): string {
  if (action.endsWith('-failed') || action === 'delete' || action === 'revoke') return 'action-alert';
  if (action.startsWith('read')) return 'action-read';
  return 'action-change';
}

function detailText(detail: AuditEntry['detail']): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

function row(entry: AuditEntry): HTMLTableRowElement {
  const detail = detailText(entry.detail);
  return h('tr', { 'data-testid': 'audit-row', 'data-seq': entry.seq, 'data-action': entry.action },
    h('td', { class: 'num' }, entry.seq),
    h('td', { class: 'nowrap', title: entry.at }, fmtDateTime(entry.at)),
    h('td', {}, entry.user?.username ?? h('span', { class: 'muted' }, t('audit.anonymous'))),
    h('td', {}, h('span', { class: `chip ${actionTone(entry.action)}`, title: entry.action }, actionLabel(entry.action))),
    h('td', { class: 'mono small' }, entry.endpoint),
    h('td', { class: 'small col-detail', title: detail }, detail),
    h('td', { class: 'mono small', title: entry.hash }, entry.hash.slice(0, 10)));
}

export function auditPage(): PageInstance {
  const params = () => new URLSearchParams(location.search);
  let cursors: (string | null)[] = [null];
  let pageIndex = 0;
  let controller: AbortController | null = null;

  const action = h('select', { id: 'audit-action', class: 'input', 'data-testid': 'audit-action' },
    h('option', { value: '' }, t('audit.anyAction')),
    ...AUDIT_ACTIONS.map((a) => h('option', { value: a }, actionLabel(a))));
  const user = h('input', { id: 'audit-user', type: 'search', class: 'input', placeholder: t('audit.user.placeholder'), 'data-testid': 'audit-user' });
  const apply = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'audit-apply' }, t('audit.apply'));
  const form = h('form', { class: 'filters card inline-form', role: 'search', 'aria-label': t('filters.title') },
    h('div', { class: 'field' }, h('label', { for: action.id }, t('audit.action')), action),
    h('div', { class: 'field' }, h('label', { for: user.id }, t('audit.user')), user),
    h('div', { class: 'field field-submit' }, apply));

  const list = createListTable({
    label: t('audit.title'),
    testId: 'audit-table',
    empty: t('audit.empty'),
    columns: [
      { label: '#', class: 'num' }, { label: t('audit.col.at') }, { label: t('audit.user') },
      { label: t('audit.action') }, { label: t('audit.col.endpoint') }, { label: t('audit.col.detail') },
      { label: t('audit.col.hash') },
    ],
  });
  const previous = h('button', { type: 'button', class: 'button', 'data-testid': 'page-previous' }, `‹ ${t('table.previous')}`);
  const next = h('button', { type: 'button', class: 'button', 'data-testid': 'page-next' }, `${t('table.next')} ›`);
  const pageLabel = h('span', { class: 'pager-range' });
  list.footer.append(h('div', { class: 'pager' }, pageLabel, h('div', { class: 'pager-buttons' }, previous, next)));
  previous.addEventListener('click', () => go(pageIndex - 1));
  next.addEventListener('click', () => go(pageIndex + 1));

  function showFilters() {
    const p = params();
    const value = p.get('action') ?? '';
    if (value && ![...action.options].some((o) => o.value === value)) action.append(h('option', { value }, value));
    action.value = value;
    user.value = p.get('user') ?? '';
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const p = new URLSearchParams();
    if (action.value) p.set('action', action.value);
    if (user.value.trim()) p.set('user', user.value.trim());
    const search = p.toString() ? `?${p}` : '';
    if (search !== location.search) history.pushState(null, '', `${location.pathname}${search}`);
    restart();
  });

  function go(index: number) {
    if (index < 0 || index >= cursors.length) return;
    pageIndex = index;
    void load();
  }

  function restart() {
    cursors = [null];
    pageIndex = 0;
    void load();
  }

  async function load() {
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    list.loading();
    previous.disabled = next.disabled = true;
    const p = params();
    const query = { limit: PAGE_SIZE, cursor: cursors[pageIndex], action: p.get('action'), user: p.get('user') };
    try {
      const page = await accessApi.audit(query, signal);
      cursors = cursors.slice(0, pageIndex + 1);
      if (page.next_cursor) cursors.push(page.next_cursor);
      list.rows(page.items.map(row));
      pageLabel.textContent = t('table.page', { page: pageIndex + 1 });
      previous.disabled = pageIndex === 0;
      next.disabled = !page.next_cursor;
      list.element.dataset.query = new URLSearchParams(Object.entries(query)
        .filter(([, v]) => v !== null && v !== '').map(([k, v]) => [k, String(v)])).toString();
    } catch (error) {
      if (!isAbort(error)) list.error(asApiError(error), () => void load());
    }
  }

  showFilters();
  void load();

  const element = h('div', { class: 'page page-audit', 'data-testid': 'page-audit' },
    h('div', { class: 'page-heading' },
      h('div', {},
        h('h1', { class: 'page-title' }, t('audit.title')),
        h('p', { class: 'page-subtitle muted' }, t('audit.subtitle')))),
    form,
    list.element);

  return {
    element,
    title: t('audit.title'),
    update() {
      showFilters();
      restart();
    },
    destroy() {
      controller?.abort();
    },
  };
}
