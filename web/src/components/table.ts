// The server-paginated activities table with its pager, loading, empty and error states.
// It renders what the page hands it; fetching and cursor bookkeeping live in the page.
import type { Activity, ApiError, Page, People, SectorRef } from '../api';
import { isKnownStatus, PAGE_SIZES } from '../activity-query';
import { h } from '../dom';
import { fmtDate, fmtNumber, getLang, t, tNodes, type MessageKey } from '../i18n';
import { markingBadge, redactionNote } from './marking';

export type TableState =
  | { kind: 'loading' }
  | { kind: 'ready'; page: Page<Activity>; pageIndex: number; pageSize: number; hasPrevious: boolean }
  | { kind: 'error'; error: ApiError };

export interface TableOptions {
  pageSize: number;
  sectorName(sector: SectorRef): string;
  onPrevious(): void;
  onNext(): void;
  onPageSize(size: number): void;
  onRetry(): void;
  onClearFilters(): void;
}

export interface ActivitiesTable {
  element: HTMLElement;
  render(state: TableState): void;
}

const COLUMNS = [
  ['org', ''],
  ['sector', ''],
  ['title', 'col-title'],
  ['place', ''],
  ['dates', 'col-dates'],
  ['status', ''],
  ['targeted', 'num'],
  ['reached', 'num'],
] as const;

/** A quiet dash for a value the source did not report. */
function none(): HTMLElement {
  return h('span', { class: 'none', title: t('table.notReported') }, t('common.none'));
}

export function statusLabel(status: string): string {
  return isKnownStatus(status) ? t(`status.${status}` as MessageKey) : status;
}

function orgCell(activity: Activity): HTMLElement {
  const org = activity.implementing_org;
  const funder = activity.funding_org;
  return h(
    'td',
    {},
    org
      ? h('div', { class: 'org' }, org.acronym ? h('abbr', { class: 'org-acronym', title: org.name }, org.acronym) : null,
          h('span', { class: 'org-name' }, org.name))
      : none(),
    funder && funder.id !== org?.id
      ? h('div', { class: 'muted small' }, t('table.fundedBy', { org: funder.acronym || funder.name }))
      : null,
    activity.contact ? h('div', { class: 'muted small', 'data-testid': 'activity-contact' }, t('table.contact', { contact: activity.contact })) : null,
  );
}

function placeCell(activity: Activity): HTMLElement {
  const admin = [activity.adm1?.name, activity.adm2?.name].filter(Boolean).join(' / ');
  const main = admin || activity.place?.name || activity.adm0 || none();
  const extra = activity.location_name && activity.location_name !== main ? activity.location_name : '';
  return h(
    'td',
    { title: activity.place?.pcode ?? undefined },
    h('div', {}, main),
    extra ? h('div', { class: 'muted small' }, extra) : null,
  );
}

function datesText(activity: Activity): string | HTMLElement {
  const { start, end } = activity;
  if (start && end) return `${fmtDate(start)} – ${fmtDate(end)}`;
  if (start) return t('table.since', { date: fmtDate(start) });
  if (end) return t('table.until', { date: fmtDate(end) });
  return none();
}

function peopleCell(people: People | null, targeted?: People | null): HTMLElement {
  const total = people?.total;
  const cell = h('td', { class: 'num' }, total === null || total === undefined ? none() : fmtNumber(total));
  const goal = targeted?.total;
  if (goal && total !== null && total !== undefined) {
    const share = Math.min(total / goal, 1);
    cell.append(
      h('div', { class: 'progress', title: new Intl.NumberFormat(getLang(), { style: 'percent' }).format(total / goal) },
        h('span', { style: `width:${(share * 100).toFixed(1)}%` })),
    );
  }
  return cell;
}

export function createActivitiesTable(options: TableOptions): ActivitiesTable {
  const head = h('thead', {}, h('tr', {}, ...COLUMNS.map(([key, cls]) =>
    h('th', { scope: 'col', class: cls || undefined }, t(`table.col.${key}`)))));
  const body = h('tbody');
  const table = h('table', { class: 'table', 'data-testid': 'activities-table' },
    h('caption', { class: 'visually-hidden' }, t('table.caption')), head, body);
  const scroller = h('div', { class: 'table-scroll' }, table);
  const message = h('div', { class: 'table-message', hidden: true });

  const range = h('span', { class: 'pager-range', 'data-testid': 'table-range' });
  const previous = h('button', { type: 'button', class: 'button', 'data-testid': 'page-previous' }, `‹ ${t('table.previous')}`);
  const next = h('button', { type: 'button', class: 'button', 'data-testid': 'page-next' }, `${t('table.next')} ›`);
  const size = h('select', { id: 'page-size', class: 'input input-small', 'data-testid': 'page-size' },
    ...PAGE_SIZES.map((n) => h('option', { value: n }, fmtNumber(n))));
  size.value = String(options.pageSize);
  previous.addEventListener('click', options.onPrevious);
  next.addEventListener('click', options.onNext);
  size.addEventListener('change', () => options.onPageSize(Number(size.value)));
  const pager = h('div', { class: 'pager' },
    h('label', { class: 'pager-size' }, t('table.pageSize'), size),
    range, h('div', { class: 'pager-buttons' }, previous, next));

  const element = h('section', { class: 'card table-card', 'aria-label': t('table.caption') },
    scroller, message, pager);

  function showMessage(kind: 'empty' | 'error', title: string, text: string, action: HTMLButtonElement) {
    message.hidden = false;
    message.className = `table-message table-message-${kind}`;
    message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    message.replaceChildren(
      h('p', { class: 'table-message-title' }, title),
      h('p', { class: 'table-message-text', 'data-testid': `table-${kind}-detail` }, text),
      action,
    );
  }

  function renderRows(items: Activity[]) {
    body.replaceChildren(...items.map((activity) => h('tr', { 'data-testid': 'activity-row', 'data-id': activity.id },
      orgCell(activity),
      h('td', {}, activity.sector ? options.sectorName(activity.sector) : none()),
      h('td', { class: 'col-title' },
        markingBadge(activity),
        h('div', { class: 'activity-title' }, activity.title || activity.description || none()),
        activity.title && activity.description && activity.description !== activity.title
          ? h('div', { class: 'activity-description muted small', title: activity.description }, activity.description)
          : null,
        redactionNote(activity)),
      placeCell(activity),
      h('td', { class: 'col-dates' }, datesText(activity)),
      h('td', {}, h('span', { class: `status status-${activity.status}` }, statusLabel(activity.status))),
      peopleCell(activity.targeted),
      peopleCell(activity.reached, activity.targeted),
    )));
  }

  function render(state: TableState) {
    element.dataset.state = state.kind === 'ready' && state.page.items.length === 0 ? 'empty' : state.kind;
    element.setAttribute('aria-busy', String(state.kind === 'loading'));
    if (state.kind === 'loading') {
      previous.disabled = true;
      next.disabled = true;
      return;
    }
    if (state.kind === 'error') {
      body.replaceChildren();
      scroller.hidden = true;
      pager.hidden = true;
      const retry = h('button', { type: 'button', class: 'button' }, t('table.retry'));
      retry.addEventListener('click', options.onRetry);
      showMessage('error', t('table.error.title'), state.error.detail, retry);
      return;
    }
    const { page, pageIndex, pageSize, hasPrevious } = state;
    size.value = String(pageSize);
    renderRows(page.items);
    const empty = page.items.length === 0;
    scroller.hidden = empty;
    pager.hidden = empty && !hasPrevious;
    if (empty) {
      const clear = h('button', { type: 'button', class: 'button' }, t('filters.clear'));
      clear.addEventListener('click', options.onClearFilters);
      showMessage('empty', t('table.empty.title'), t('table.empty.hint'), clear);
    } else {
      message.hidden = true;
    }
    const first = pageIndex * pageSize + 1;
    range.replaceChildren(...tNodes(t('table.range'), {
      from: document.createTextNode(fmtNumber(empty ? 0 : first)),
      to: document.createTextNode(fmtNumber(first + page.items.length - 1)),
      total: document.createTextNode(fmtNumber(page.total)),
    }));
    previous.disabled = !hasPrevious;
    next.disabled = !page.next_cursor;
  }

  return { element, render };
}
