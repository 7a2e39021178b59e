// The "who does what where" page: filter bar, headline total, map by admin area, chart by sector
// and the paginated table, all driven by the same filters, which live in the URL.
import { api, ApiError, fetchAll, isAbort, type Sector, type SectorRef, type Summary } from '../api';
import {
  emptyFilters,
  filterQuery,
  viewFromSearch,
  viewToSearch,
  type ActivityFilters,
  type ActivityView,
  type MapLevel,
} from '../activity-query';
import { createSectorChart } from '../components/chart';
import { createFilterBar, sectorLabel } from '../components/filters';
import { coverage, createActivitiesMap } from '../components/map';
import { createActivitiesTable } from '../components/table';
import { h } from '../dom';
import { fmtNumber, t, tn, tNodes } from '../i18n';
import type { PageInstance } from '../page';

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, { detail: t('error.unknown') });
}

/** Runs one request at a time per view: a newer request aborts the one still in flight. */
function latest() {
  let controller: AbortController | null = null;
  return () => {
    controller?.abort();
    controller = new AbortController();
    return controller.signal;
  };
}

export function activitiesPage(): PageInstance {
  let view: ActivityView = viewFromSearch(location.search);
  let cursors: (string | null)[] = [null];
  let pageIndex = 0;
  let sectors: Sector[] = [];
  const sectorsReady = fetchAll(api.sectors)
    .then((list) => (sectors = list))
    .catch(() => (sectors = []));
  const sectorName = (sector: SectorRef) => sectorLabel(sector, sectors);

  const totalNumber = h('span', { class: 'total-number', 'data-testid': 'activities-total' });
  const totalCount = h('span', { class: 'total-figure' });
  const totalPeople = h('span', { class: 'total-figure muted', 'data-testid': 'people-totals' });
  const totalLine = h('div', { class: 'total', 'aria-live': 'polite' }, totalCount, totalPeople);
  const aggregateNotice = h('p', { class: 'notice notice-info', role: 'status', hidden: true, 'data-testid': 'aggregate-notice' });
  const exportLink = h('a', { class: 'button button-quiet', download: 'activities.hxl.csv', title: t('filters.export.title'), 'data-testid': 'export-hxl' }, t('filters.export'));
  const copyLink = h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'copy-link' }, t('filters.copyLink'));
  copyLink.hidden = !navigator.clipboard;
  copyLink.addEventListener('click', async () => {
    await navigator.clipboard.writeText(location.href).catch(() => undefined);
    copyLink.textContent = t('filters.copied');
    setTimeout(() => (copyLink.textContent = t('filters.copyLink')), 2000);
  });

  const filters = createFilterBar({ initial: view.filters, sectors: sectorsReady, onChange: applyFilters });
  const map = createActivitiesMap({
    level: view.mapLevel ?? 'adm1',
    onLevel(level) {
      view = { ...view, mapLevel: level };
      writeUrl('replace');
      void loadMap();
    },
    onPlace: (pcode) => setFilter({ place: pcode }),
  });
  const chart = createSectorChart({
    sectorName,
    onSector: (code) => setFilter({ sector: code === view.filters.sector ? '' : code }),
  });
  const table = createActivitiesTable({
    pageSize: view.pageSize,
    sectorName,
    onPrevious: () => goToPage(pageIndex - 1),
    onNext: () => goToPage(pageIndex + 1),
    onPageSize(size) {
      view = { ...view, pageSize: size };
      writeUrl('replace');
      resetPaging();
      void loadTable();
    },
    onRetry: () => void loadTable(),
    onClearFilters: () => setFilter(emptyFilters()),
  });

  const element = h(
    'div',
    { class: 'page page-activities', 'data-testid': 'page-activities' },
    h('div', { class: 'page-heading' },
      h('div', {},
        h('h1', { class: 'page-title' }, t('page.activities.title')),
        h('p', { class: 'page-subtitle muted' }, t('page.activities.subtitle'))),
      h('div', { class: 'page-actions' }, copyLink, exportLink)),
    filters.element,
    totalLine,
    aggregateNotice,
    h('div', { class: 'viz-grid' }, map.element, chart.element),
    table.element,
  );

  function writeUrl(mode: 'push' | 'replace') {
    const url = `${location.pathname}${viewToSearch(view)}${location.hash}`;
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  function resetPaging() {
    cursors = [null];
    pageIndex = 0;
  }

  function applyFilters(next: ActivityFilters) {
    view = { ...view, filters: next };
    writeUrl('push');
    resetPaging();
    loadAll();
  }

  function setFilter(patch: Partial<ActivityFilters>) {
    const next = { ...view.filters, ...patch };
    filters.set(next);
    applyFilters(next);
  }

  function goToPage(index: number) {
    if (index < 0 || index >= cursors.length) return;
    pageIndex = index;
    void loadTable();
    table.element.scrollIntoView({ block: 'nearest' });
  }

  function showTotal(total: number) {
    totalNumber.textContent = fmtNumber(total);
    totalNumber.dataset.value = String(total);
    totalCount.replaceChildren(...tNodes(tn('activities.count', total), { count: totalNumber }));
  }

  function showPeople(summary: Summary | null) {
    if (!summary) return totalPeople.replaceChildren();
    const figure = (key: 'totals.targeted' | 'totals.reached', value: number) =>
      tNodes(t(key), { count: h('strong', {}, fmtNumber(value)) });
    // A zero sum over many activities almost always means "not reported", so it is left out.
    const parts = [
      summary.total.targeted ? figure('totals.targeted', summary.total.targeted) : null,
      summary.total.reached ? figure('totals.reached', summary.total.reached) : null,
    ].filter((part): part is Node[] => part !== null);
    totalPeople.replaceChildren(...parts.flatMap((part, i) => (i ? [document.createTextNode(' · '), ...part] : part)));
  }

  /** Counted activities whose rows this reader may not see (aggregate releases by the HC). */
  function showAggregateOnly(summary: Summary | null) {
    const count = summary?.aggregate_only ?? 0;
    aggregateNotice.hidden = count <= 0;
    aggregateNotice.dataset.value = String(count);
    if (count <= 0) return aggregateNotice.replaceChildren();
    const number = h('strong', { 'data-testid': 'aggregate-count' }, fmtNumber(count));
    aggregateNotice.replaceChildren(...tNodes(tn('activities.aggregateOnly', count), { count: number }), ' ',
      h('a', { href: '/releases', 'data-link': true, 'data-testid': 'aggregate-releases' }, t('activities.aggregateOnly.releases')));
  }

  const tableSignal = latest();
  async function loadTable() {
    const signal = tableSignal();
    const query = { ...filterQuery(view.filters), limit: view.pageSize, cursor: cursors[pageIndex] };
    table.render({ kind: 'loading' });
    totalLine.setAttribute('aria-busy', 'true');
    try {
      const [page] = await Promise.all([api.activities(query, signal), sectorsReady]);
      cursors = cursors.slice(0, pageIndex + 1);
      if (page.next_cursor) cursors.push(page.next_cursor);
      table.render({ kind: 'ready', page, pageIndex, pageSize: view.pageSize, hasPrevious: pageIndex > 0 });
      showTotal(page.total);
    } catch (error) {
      if (isAbort(error)) return;
      table.render({ kind: 'error', error: toApiError(error) });
      totalCount.replaceChildren();
    }
    totalLine.removeAttribute('aria-busy');
    // Tells tests (and curious people) which query the table now shows.
    table.element.dataset.query = new URLSearchParams(
      Object.entries(query).filter(([, v]) => v !== '' && v !== null && v !== undefined) as [string, string][],
    ).toString();
  }

  async function mapLevel(): Promise<MapLevel> {
    if (view.mapLevel) return view.mapLevel;
    const level = await filters.placeLevel();
    return level !== null && level >= 1 ? 'adm2' : 'adm1';
  }

  const mapSignal = latest();
  async function loadMap() {
    const signal = mapSignal();
    map.render({ kind: 'loading' });
    try {
      let level = await mapLevel();
      map.setLevel(level);
      let summary = await api.summary([level], filterQuery(view.filters), signal);
      let fallback = false;
      if (!view.mapLevel && level === 'adm2' && !coverage(summary, level).located.length) {
        // Admin-2 areas often lack coordinates; rather than an empty map, group by admin 1 and say so.
        const adm1 = await api.summary(['adm1'], filterQuery(view.filters), signal);
        if (coverage(adm1, 'adm1').located.length) [summary, level, fallback] = [adm1, 'adm1', true];
      }
      map.render({ kind: 'ready', summary, level, fallback });
      showPeople(summary);
      showAggregateOnly(summary);
      map.element.dataset.query = viewToSearch(view);
    } catch (error) {
      if (isAbort(error)) return;
      map.render({ kind: 'error', error: toApiError(error) });
      showPeople(null);
      showAggregateOnly(null);
    }
  }

  const chartSignal = latest();
  async function loadChart() {
    const signal = chartSignal();
    chart.render({ kind: 'loading' });
    try {
      // All sectors stay visible (the selected one highlighted) so the chart can switch sectors.
      const query = filterQuery(view.filters, ['sector']);
      const [summary] = await Promise.all([api.summary(['sector'], query, signal), sectorsReady]);
      chart.render({ kind: 'ready', summary, selected: view.filters.sector });
    } catch (error) {
      if (!isAbort(error)) chart.render({ kind: 'error', error: toApiError(error) });
    }
  }

  function loadAll() {
    exportLink.href = api.hxlExportUrl(filterQuery(view.filters));
    void loadTable();
    void loadMap();
    void loadChart();
  }

  loadAll();

  return {
    element,
    title: t('page.activities.title'),
    update() {
      view = viewFromSearch(location.search);
      filters.set(view.filters);
      resetPaging();
      loadAll();
    },
    destroy() {
      // Starting a new signal aborts whatever is still in flight for the old page.
      for (const next of [tableSignal, mapSignal, chartSignal]) next();
      map.destroy();
      chart.destroy();
    },
  };
}
