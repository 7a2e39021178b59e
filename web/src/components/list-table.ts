// A card holding a simple table with loading, empty and error states, for the access pages
// (users, tokens, releases, audit). The page builds the rows; this owns the states around them.
//   const list = createListTable({ label, columns: [{ label: t('x') }], empty: t('y'), testId });
//   list.loading(); list.rows(users.map(userRow)); list.error(apiError, retry);
import type { ApiError } from '../api';
import { h } from '../dom';
import { t } from '../i18n';

export interface Column {
  label: string;
  class?: string;
}

export interface ListTableOptions {
  label: string;
  columns: Column[];
  empty: string;
  testId: string;
}

export interface ListTable {
  element: HTMLElement;
  /** Where a pager or other footer can go. */
  footer: HTMLElement;
  loading(): void;
  rows(rows: HTMLTableRowElement[]): void;
  error(error: ApiError, retry: () => void): void;
}

export function createListTable(options: ListTableOptions): ListTable {
  const body = h('tbody');
  const table = h('table', { class: 'table', 'data-testid': options.testId },
    h('caption', { class: 'visually-hidden' }, options.label),
    h('thead', {}, h('tr', {}, ...options.columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)))),
    body);
  const scroller = h('div', { class: 'table-scroll' }, table);
  const message = h('div', { class: 'table-message', hidden: true });
  const footer = h('div', { class: 'list-footer' });
  const element = h('section', { class: 'card table-card', 'aria-label': options.label, 'data-state': 'loading' },
    scroller, message, footer);

  function state(kind: string) {
    element.dataset.state = kind;
    element.setAttribute('aria-busy', String(kind === 'loading'));
  }

  return {
    element,
    footer,
    loading() {
      state('loading');
    },
    rows(rows) {
      body.replaceChildren(...rows);
      scroller.hidden = rows.length === 0;
      message.hidden = rows.length > 0;
      message.className = 'table-message table-message-empty';
      message.setAttribute('role', 'status');
      message.replaceChildren(h('p', { class: 'table-message-text' }, options.empty));
      state(rows.length ? 'ready' : 'empty');
    },
    error(error, retry) {
      body.replaceChildren();
      scroller.hidden = true;
      message.hidden = false;
      message.className = 'table-message table-message-error';
      message.setAttribute('role', 'alert');
      const button = h('button', { type: 'button', class: 'button' }, t('table.retry'));
      button.addEventListener('click', retry);
      message.replaceChildren(
        h('p', { class: 'table-message-text', 'data-testid': 'list-error' }, error.detail),
        button,
      );
      state('error');
    },
  };
}
