// The filter bar of the activities page: organization and place autocompletes, sector and status
// selects, a date range and free text. It only edits ActivityFilters; the page owns loading.
import { ACTIVITY_STATUSES, api, fetchAll, type Organization, type Place, type Sector, type SectorRef } from '../api';
import { emptyFilters, type ActivityFilters } from '../activity-query';
import { debounce, h } from '../dom';
import { fmtNumber, getLang, t, type MessageKey } from '../i18n';
import { createAutocomplete, type Suggestion } from './autocomplete';

export interface FilterBar {
  element: HTMLElement;
  /** Shows the given filters (after a URL change) without emitting a change. */
  set(filters: ActivityFilters): void;
  /** Admin level of the place filter, looked up when the value came from a URL. */
  placeLevel(): Promise<number | null>;
}

export interface FilterBarOptions {
  initial: ActivityFilters;
  sectors: Promise<Sector[]>;
  onChange(filters: ActivityFilters): void;
}

const PCODE_PATTERN = /^[A-Z]{2,3}[0-9A-Z]*$/;

export function sectorLabel(sector: SectorRef, sectors: Sector[]): string {
  const known = sectors.find((candidate) => candidate.code === sector.code);
  const french = known?.name_fr || sector.name_fr;
  if (getLang() === 'fr' && french) return french;
  return known?.name || sector.name || sector.code;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function placeSuggestion(place: Place): Suggestion {
  const level = t(`level.${place.level}` as MessageKey);
  const country = place.level > 0 && place.country ? `${place.country} · ` : '';
  return { value: place.pcode, label: place.name, detail: `${country}${level} · ${place.pcode}` };
}

/** Names that start with the text first, then higher admin levels, then alphabetical. */
function rankPlaces(places: Place[], text: string): Place[] {
  const needle = fold(text);
  const rank = (place: Place) =>
    (fold(place.name).startsWith(needle) || place.pcode.toLowerCase().startsWith(needle) ? 0 : 10) + place.level;
  return [...places].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

function field(label: string, forId: string, control: Node, extraClass = ''): HTMLElement {
  return h(
    'div',
    { class: `field ${extraClass}`.trim() },
    h('label', { for: forId }, label),
    control,
  );
}

export function createFilterBar(options: FilterBarOptions): FilterBar {
  let filters: ActivityFilters = { ...options.initial };
  const placeLevels = new Map<string, number>();

  function emit(patch: Partial<ActivityFilters>) {
    filters = { ...filters, ...patch };
    refreshState();
    options.onChange({ ...filters });
  }

  const q = h('input', {
    id: 'filter-q',
    type: 'search',
    class: 'input',
    placeholder: t('filters.q.placeholder'),
    'data-testid': 'filter-q',
  });
  const applyText = debounce(() => {
    if (q.value.trim() !== filters.q) emit({ q: q.value.trim() });
  }, 350);
  q.addEventListener('input', applyText);
  q.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    applyText.cancel();
    if (q.value.trim() !== filters.q) emit({ q: q.value.trim() });
  });

  // Organizations: searched locally when the registry fits in one page, else on the server.
  const orgList = fetchAll(api.organizations, {}, undefined, 1).catch(() => [] as Organization[]);
  const org = createAutocomplete({
    id: 'filter-org',
    testId: 'filter-org',
    placeholder: t('filters.org.placeholder'),
    fieldLabel: t('filters.org'),
    async search(text, signal) {
      let orgs = await orgList;
      if (orgs.length >= 1000 || orgs.length === 0) {
        orgs = (await api.organizations({ q: text, limit: 20 }, signal)).items;
      }
      const needle = fold(text);
      return orgs
        .filter((o) => fold(o.name).includes(needle) || fold(o.acronym ?? '').includes(needle))
        .sort((a, b) => Number(!fold(a.acronym ?? '').startsWith(needle)) -
          Number(!fold(b.acronym ?? '').startsWith(needle)) || a.name.localeCompare(b.name))
        .map((o) => ({ value: o.name, label: o.name, detail: o.acronym || undefined }));
    },
    freeText: (text) => text,
    onCommit: (value) => emit({ org: value }),
  });

  const place = createAutocomplete({
    id: 'filter-place',
    testId: 'filter-place',
    placeholder: t('filters.place.placeholder'),
    fieldLabel: t('filters.place'),
    async search(text, signal) {
      const page = await api.places({ q: text, limit: 20 }, signal);
      for (const found of page.items) placeLevels.set(found.pcode, found.level);
      return rankPlaces(page.items, text).map(placeSuggestion);
    },
    freeText(text, suggestions) {
      const upper = text.toUpperCase();
      if (suggestions.some((s) => s.value === upper) || PCODE_PATTERN.test(text)) return upper;
      const exact = suggestions.find((s) => fold(s.label) === fold(text));
      return (exact ?? suggestions[0])?.value ?? null;
    },
    onCommit: (value) => emit({ place: value }),
  });

  const sector = h('select', { id: 'filter-sector', class: 'input', 'data-testid': 'filter-sector' });
  sector.addEventListener('change', () => emit({ sector: sector.value }));

  const status = h(
    'select',
    { id: 'filter-status', class: 'input', 'data-testid': 'filter-status' },
    h('option', { value: '' }, t('filters.status.all')),
    ...ACTIVITY_STATUSES.map((s) => h('option', { value: s }, t(`status.${s}`))),
  );
  status.addEventListener('change', () => emit({ status: status.value }));

  const from = h('input', { id: 'filter-from', type: 'date', class: 'input', 'data-testid': 'filter-from' });
  const to = h('input', { id: 'filter-to', type: 'date', class: 'input', 'data-testid': 'filter-to' });
  from.addEventListener('change', () => emit({ from: from.value }));
  to.addEventListener('change', () => emit({ to: to.value }));

  const dateWarning = h('p', { class: 'field-warning', role: 'status', hidden: true }, t('filters.datesInverted'));
  const clearAll = h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'filters-clear' }, t('filters.clear'));
  clearAll.addEventListener('click', () => {
    applyText.cancel();
    const cleared = emptyFilters();
    show(cleared);
    emit(cleared);
  });

  const element = h(
    'form',
    { class: 'filters card', role: 'search', 'aria-label': t('filters.title'), 'data-testid': 'filters' },
    h(
      'div',
      { class: 'filters-grid' },
      field(t('filters.q'), 'filter-q', q, 'field-wide'),
      field(t('filters.org'), 'filter-org', org.element, 'field-3'),
      field(t('filters.place'), 'filter-place', place.element, 'field-3'),
      field(t('filters.sector'), 'filter-sector', sector),
      field(t('filters.status'), 'filter-status', status),
      field(t('filters.from'), 'filter-from', from, 'field-date'),
      field(t('filters.to'), 'filter-to', to, 'field-date'),
      h('div', { class: 'field field-actions' }, clearAll),
    ),
    dateWarning,
  );
  element.addEventListener('submit', (event) => event.preventDefault());

  function refreshState() {
    const count = Object.values(filters).filter((value) => value !== '').length;
    clearAll.textContent = count ? t('filters.clearCount', { count: fmtNumber(count) }) : t('filters.clear');
    clearAll.disabled = count === 0;
    dateWarning.hidden = !(filters.from && filters.to && filters.from > filters.to);
  }

  async function fillSectors() {
    const sectors = await options.sectors.catch(() => [] as Sector[]);
    const sorted = [...sectors].sort((a, b) =>
      sectorLabel(a, sectors).localeCompare(sectorLabel(b, sectors), getLang()),
    );
    sector.replaceChildren(
      h('option', { value: '' }, t('filters.sector.all')),
      ...sorted.map((s) => h('option', { value: s.code }, sectorLabel(s, sectors))),
    );
    if (filters.sector && !sectors.some((s) => s.code === filters.sector)) {
      sector.append(h('option', { value: filters.sector }, filters.sector));
    }
    sector.value = filters.sector;
    sector.dataset.ready = 'true';
  }

  async function findPlace(pcode: string): Promise<Place | null> {
    try {
      const page = await api.places({ q: pcode, limit: 50 });
      return page.items.find((p) => p.pcode.toUpperCase() === pcode.toUpperCase()) ?? null;
    } catch {
      return null;
    }
  }

  async function showPlace(pcode: string) {
    place.set(pcode, pcode);
    if (!pcode) return;
    const found = await findPlace(pcode);
    if (found && filters.place === pcode) {
      placeLevels.set(found.pcode, found.level);
      place.set(pcode, found.name);
    }
  }

  function show(next: ActivityFilters) {
    filters = { ...next };
    q.value = next.q;
    org.set(next.org, next.org);
    void showPlace(next.place);
    if (next.sector && ![...sector.options].some((o) => o.value === next.sector)) {
      sector.append(h('option', { value: next.sector }, next.sector));
    }
    sector.value = next.sector;
    if (next.status && ![...status.options].some((o) => o.value === next.status)) {
      status.append(h('option', { value: next.status }, next.status));
    }
    status.value = next.status;
    from.value = next.from;
    to.value = next.to;
    refreshState();
  }

  sector.append(h('option', { value: '' }, t('filters.sector.all')));
  show(filters);
  void fillSectors();

  return {
    element,
    set: show,
    async placeLevel() {
      const pcode = filters.place;
      if (!pcode) return null;
      if (placeLevels.has(pcode)) return placeLevels.get(pcode) ?? null;
      const found = await findPlace(pcode);
      if (found) placeLevels.set(found.pcode, found.level);
      return found?.level ?? null;
    },
  };
}
