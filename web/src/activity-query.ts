// The activities page's state as it lives in the URL: filters (shared by the table, map and
// chart) plus view options. Reading and writing the query string here keeps links shareable.
import { ACTIVITY_STATUSES, type Query } from './api';

export interface ActivityFilters {
  org: string;
  sector: string;
  place: string;
  status: string;
  from: string;
  to: string;
  q: string;
}

export const FILTER_KEYS = ['org', 'sector', 'place', 'status', 'from', 'to', 'q'] as const;

export type MapLevel = 'adm1' | 'adm2';

export interface ActivityView {
  filters: ActivityFilters;
  /** Explicit map grouping; null means "choose from the place filter". */
  mapLevel: MapLevel | null;
  pageSize: number;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

export function emptyFilters(): ActivityFilters {
  return { org: '', sector: '', place: '', status: '', from: '', to: '', q: '' };
}

export function viewFromSearch(search: string): ActivityView {
  const params = new URLSearchParams(search);
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) filters[key] = (params.get(key) ?? '').trim();
  const level = params.get('map');
  const size = Number(params.get('limit'));
  return {
    filters,
    mapLevel: level === 'adm1' || level === 'adm2' ? level : null,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

export function viewToSearch(view: ActivityView): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (view.filters[key]) params.set(key, view.filters[key]);
  if (view.mapLevel) params.set('map', view.mapLevel);
  if (view.pageSize !== DEFAULT_PAGE_SIZE) params.set('limit', String(view.pageSize));
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The filters as API query parameters (empty ones are dropped by apiUrl). */
export function filterQuery(filters: ActivityFilters, omit: (keyof ActivityFilters)[] = []): Query {
  const query: Query = {};
  for (const key of FILTER_KEYS) if (!omit.includes(key)) query[key] = filters[key];
  return query;
}

export function activeFilterCount(filters: ActivityFilters): number {
  return FILTER_KEYS.filter((key) => filters[key] !== '').length;
}

export function sameFilters(a: ActivityFilters, b: ActivityFilters): boolean {
  return FILTER_KEYS.every((key) => a[key] === b[key]);
}

export function isKnownStatus(value: string): boolean {
  return (ACTIVITY_STATUSES as readonly string[]).includes(value);
}
