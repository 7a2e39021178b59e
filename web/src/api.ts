// Typed client for the OneMission HTTP API (docs/api.md). Every call returns parsed JSON or
// throws ApiError carrying the RFC 9457 problem details, so pages can show the server's `detail`.
// Requests send the session cookie (same origin); writes also send the CSRF token the session
// handed out. A 401 from any call but sign-in tells the handler set with onUnauthorized().
import { t } from './i18n';

export interface FieldProblem {
  field: string;
  message?: string;
  reason?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** Seconds from a `Retry-After` header (429 throttling), when the server sent one. */
    readonly retryAfter: number | null = null,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** Whether the problem `type` URI ends with this name, e.g. is('account-locked'). */
  is(name: string): boolean {
    return (this.problem.type ?? '').replace(/\/+$/, '').endsWith(`/${name}`);
  }

  /** Per-field messages keyed by field name (400 validation problems). */
  get fieldErrors(): Map<string, string> {
    const map = new Map<string, string>();
    for (const error of this.problem.errors ?? []) {
      const text = error.message ?? error.reason ?? '';
      map.set(error.field, map.has(error.field) ? `${map.get(error.field)} ${text}` : text);
    }
    return map;
  }

  /** What to show a person: the server's detail when it gave one, else a generic sentence. */
  get detail(): string {
    if (this.problem.detail) return this.problem.detail;
    if (this.problem.title) return this.problem.title;
    if (this.status === 0) return t('error.network');
    return t('error.http', { status: this.status });
  }
}

/** Any thrown value as an ApiError, so a page can always show a sentence. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, { detail: t('error.unknown') });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export interface OrgRef {
  id: number;
  name: string;
  acronym?: string;
}

export interface PlaceRef {
  pcode: string;
  name: string;
  level?: number;
  lat?: number | null;
  lon?: number | null;
}

export interface SectorRef {
  code: string;
  name: string;
  name_fr?: string | null;
}

export interface People {
  total?: number | null;
  women?: number | null;
  men?: number | null;
  girls?: number | null;
  boys?: number | null;
}

export interface Activity {
  id: number;
  version: number;
  implementing_org: OrgRef | null;
  programme_org: OrgRef | null;
  funding_org: OrgRef | null;
  sector: SectorRef | null;
  title: string;
  description: string;
  place: PlaceRef | null;
  adm0: string | null;
  adm1: PlaceRef | null;
  adm2: PlaceRef | null;
  adm3: PlaceRef | null;
  location_name: string;
  lat: number | null;
  lon: number | null;
  start: string | null;
  end: string | null;
  status: ActivityStatus;
  targeted: People | null;
  reached: People | null;
  budget: { amount: string; currency: string } | null;
  classification?: Classification;
  compartment?: string;
  owner_org?: OrgRef | null;
  /** Fields the server removed for this caller (e.g. "contact", "location"). */
  redacted?: string[];
  contact?: string | null;
}

export type Classification = 'public' | 'internal' | 'restricted';

export const ACTIVITY_STATUSES = [
  'planned',
  'ongoing',
  'completed',
  'suspended',
  'cancelled',
  'unknown',
] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  total: number;
}

export type SummaryDimension = 'adm1' | 'adm2' | 'sector' | 'org';

export interface SummaryGroup {
  adm1?: PlaceRef | null;
  adm2?: PlaceRef | null;
  sector?: SectorRef | null;
  org?: OrgRef | null;
  count: number;
  targeted: number;
  reached: number;
  budget_usd: string;
}

export interface Summary {
  by: SummaryDimension[];
  items: SummaryGroup[];
  total: { count: number; targeted: number; reached: number; budget_usd: string };
  unlocated: number;
  /** How many counted activities the caller sees only as counts (aggregate releases). */
  aggregate_only?: number;
}

export interface Organization {
  id: number;
  name: string;
  acronym: string;
  type: string;
  humanitarian: boolean;
}

export interface Place {
  pcode: string;
  name: string;
  level: number;
  parent: string | null;
  country: string;
  lat: number | null;
  lon: number | null;
}

export interface Sector {
  code: string;
  name: string;
  name_fr: string | null;
  builtin: boolean;
}

export type Query = Record<string, string | number | null | undefined>;

/** Builds a same-origin API URL, leaving out empty parameters. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return (await response.json()) as Problem;
    } catch {
      // Malformed error body: fall through to the status-only problem.
    }
  }
  return { status: response.status, title: response.statusText || undefined };
}

async function toError(response: Response): Promise<ApiError> {
  const header = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return new ApiError(response.status, await readProblem(response), Number.isFinite(header) ? header : null);
}

let csrfToken = '';
let unauthorized: () => void = () => {};
let refreshCsrf: () => Promise<boolean> = async () => false;

/** The session module hands over the CSRF token it received, and how to get a fresh one. */
export function setCsrfToken(token: string, refresh?: () => Promise<boolean>): void {
  csrfToken = token;
  if (refresh) refreshCsrf = refresh;
}

/** Called (once per 401) when the server says the caller is not signed in. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

const SESSION_PATH = '/api/v1/session';

async function send(url: string, init: RequestInit, path: string, retryCsrf: boolean): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin' });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, {});
  }
  if (response.ok) return response;
  const error = await toError(response);
  if (error.status === 401 && !(path === SESSION_PATH && init.method !== 'DELETE')) unauthorized();
  // A token can go stale (the server restarted, another tab signed in again): fetch a fresh one once.
  if (error.status === 403 && error.is('csrf') && retryCsrf && (await refreshCsrf())) {
    const headers = { ...(init.headers as Record<string, string>), 'X-CSRF-Token': csrfToken };
    return send(url, { ...init, headers }, path, false);
  }
  throw error;
}

export async function apiGet<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  const response = await send(apiUrl(path, query), { headers: { Accept: 'application/json' }, signal }, path, false);
  return (await response.json()) as T;
}

/** POST, PATCH or DELETE with an optional JSON body; answers the parsed body, or null for 204. */
export async function apiSend<T = null>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-CSRF-Token': csrfToken };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const response = await send(path, init, path, true);
  if (response.status === 204) return null as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

export const api = {
  activities: (query: Query, signal?: AbortSignal) =>
    apiGet<Page<Activity>>('/api/v1/activities', query, signal),
  summary: (by: SummaryDimension[], query: Query, signal?: AbortSignal) =>
    apiGet<Summary>('/api/v1/activities/summary', { ...query, by: by.join(',') }, signal),
  organizations: (query: Query, signal?: AbortSignal) =>
    apiGet<Page<Organization>>('/api/v1/organizations', query, signal),
  places: (query: Query, signal?: AbortSignal) =>
    apiGet<Page<Place>>('/api/v1/places', query, signal),
  sectors: (query: Query, signal?: AbortSignal) =>
    apiGet<Page<Sector> | Sector[]>('/api/v1/sectors', query, signal),
  hxlExportUrl: (query: Query) => apiUrl('/api/v1/activities.hxl.csv', query),
};

/** Lists may come as {items: [...]} (the list convention) or, for small registries, a bare array. */
export function itemsOf<T>(list: Page<T> | T[]): T[] {
  return Array.isArray(list) ? list : list.items;
}

/** Follows next_cursor until the list is complete (for small registries such as sectors). */
export async function fetchAll<T>(
  fetchPage: (query: Query, signal?: AbortSignal) => Promise<Page<T> | T[]>,
  query: Query = {},
  signal?: AbortSignal,
  maxPages = 20,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const list: Page<T> | T[] = await fetchPage({ ...query, limit: 1000, cursor }, signal);
    all.push(...itemsOf(list));
    cursor = Array.isArray(list) ? null : list.next_cursor;
    if (!cursor) break;
  }
  return all;
}
