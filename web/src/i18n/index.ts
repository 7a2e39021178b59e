// UI strings and locale-aware formatting. Every user-visible string comes from en.json / fr.json;
// fr.json is type-checked against en.json so a missing translation fails the build.
// Usage: t('filters.sector'), tn('activities.count', 3, { count: fmtNumber(3) }), fmtNumber(1234).
import en from './en.json';
import fr from './fr.json';

export type MessageKey = keyof typeof en;
type Dictionary = Record<MessageKey, string>;

const frDictionary: Dictionary = fr;
const dictionaries = { en: en as Dictionary, fr: frDictionary };

export type Lang = keyof typeof dictionaries;
export const LANGS: readonly Lang[] = ['en', 'fr'];

const STORAGE_KEY = 'onemission.lang';
let current: Lang = detectLang();
const listeners = new Set<(lang: Lang) => void>();

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

function detectLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage can be disabled (private mode, policies): fall back to the browser language.
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = (tag ?? '').toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still applies to this page view.
  }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Params = Record<string, string | number>;

function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Params): string {
  return interpolate(dictionaries[current][key] ?? en[key] ?? key, params);
}

/** Plural-aware lookup: picks `${base}.${Intl plural category}`, falling back to `.other`. */
export function tn(base: string, count: number, params?: Params): string {
  const category = new Intl.PluralRules(current).select(count);
  const exact = `${base}.${category}`;
  const key = (exact in en ? exact : `${base}.other`) as MessageKey;
  return t(key, params);
}

/**
 * Like t(), but placeholders become the given DOM nodes, so a number can be wrapped in its own
 * element (for styling and tests) without splitting the sentence across several keys.
 */
export function tNodes(text: string, nodes: Record<string, Node>): Node[] {
  const parts: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    const node = nodes[match[1]];
    if (!node) continue;
    if (match.index > last) parts.push(document.createTextNode(text.slice(last, match.index)));
    parts.push(node);
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(document.createTextNode(text.slice(last)));
  return parts;
}

export function fmtNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return t('common.none');
  return new Intl.NumberFormat(current).format(value);
}

/** Formats a `YYYY-MM-DD` date for display without shifting it across time zones. */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Formats an ISO 8601 timestamp in the reader's time zone, e.g. "3 Mar 2026, 14:05". */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return fmtDate(iso);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

document.documentElement.lang = current;
