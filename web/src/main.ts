// Bootstrap: asks the server who is signed in, then renders the header (navigation, user menu)
// and the page for the path. Every /api/v1 call needs a session, so the sign-in page replaces any
// page when there is none or when a call answers 401, and returns to that page afterwards (its
// path travels in `/sign-in?next=`). Add a route to ROUTES to add a page; `roles` limits it to
// people holding one of them (the server enforces the same, this only avoids a page of errors).
// The server answers index.html for unknown non-API paths, so every route works as a deep link.
import './styles.css';
import { onUnauthorized } from './api';
import { languageSwitch } from './components/language-switch';
import { createUserMenu } from './components/user-menu';
import { h } from './dom';
import { onLangChange, t } from './i18n';
import type { PageInstance } from './page';
import { activitiesPage } from './pages/activities';
import { auditPage } from './pages/audit';
import { forbiddenPage, notFoundPage, unavailablePage } from './pages/not-found';
import { releasesPage } from './pages/releases';
import { signInPage } from './pages/sign-in';
import { tokensPage } from './pages/tokens';
import { usersPage } from './pages/users';
import { currentUser, forgetSession, hasRole, loadSession, signOut } from './session';

type PageFactory = () => PageInstance;

interface Route {
  page: PageFactory;
  roles?: string[];
}

const SIGN_IN = '/sign-in';

const ROUTES: Record<string, Route> = {
  '/': { page: activitiesPage },
  '/activities': { page: activitiesPage },
  '/tokens': { page: tokensPage },
  '/admin/users': { page: usersPage, roles: ['admin'] },
  '/releases': { page: releasesPage },
  '/audit': { page: auditPage, roles: ['admin', 'hc'] },
};

const NAV: { path: string; label: 'nav.activities' }[] = [{ path: '/activities', label: 'nav.activities' }];

function normalizePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function routeFor(path: string): Route | null {
  return ROUTES[normalizePath(path)] ?? null;
}

/** Only same-site paths may be a return target, so a crafted link cannot send people elsewhere. */
function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return normalizePath(new URL(value, location.origin).pathname) === SIGN_IN ? '/' : value;
}

function nextParam(): string {
  return safeNext(new URLSearchParams(location.search).get('next'));
}

function header(path: string): HTMLElement {
  const user = currentUser();
  const current = routeFor(path);
  return h(
    'header',
    { class: 'app-header' },
    h('a', { class: 'skip-link', href: '#main' }, t('app.skipToContent')),
    h('a', { class: 'brand', href: '/', 'data-link': true },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      h('span', { class: 'brand-name' }, t('app.name')),
      h('span', { class: 'brand-tagline' }, t('app.tagline'))),
    h('nav', { class: 'app-nav', 'aria-label': t('nav.main') },
      ...(user ? NAV : []).map((item) => h('a', {
        href: item.path,
        'data-link': true,
        'aria-current': current && routeFor(item.path) === current ? 'page' : undefined,
      }, t(item.label)))),
    user ? createUserMenu({ user, onSignOut: () => void leave() }) : languageSwitch(),
  );
}

const root = document.getElementById('app') as HTMLElement;
let page: PageInstance | null = null;
let pageRoute: Route | null = null;

function pageFor(path: string): { route: Route | null; factory: PageFactory } {
  if (normalizePath(path) === SIGN_IN) {
    if (currentUser()) return { route: null, factory: () => redirect(nextParam()) };
    return { route: null, factory: () => signInPage({ next: nextParam(), onSignedIn: () => replace(nextParam()) }) };
  }
  const route = routeFor(path);
  if (!currentUser()) return { route: null, factory: () => redirect(signInUrl()) };
  if (!route) return { route: null, factory: notFoundPage };
  if (route.roles && !hasRole(...route.roles)) return { route, factory: () => forbiddenPage(route.roles ?? []) };
  return { route, factory: route.page };
}

/** A placeholder page that swaps itself for another URL once rendering is done. */
function redirect(url: string): PageInstance {
  queueMicrotask(() => replace(url));
  return { element: h('div'), title: '', destroy() {} };
}

function signInUrl(): string {
  const here = location.pathname + location.search;
  return here === '/' ? SIGN_IN : `${SIGN_IN}?next=${encodeURIComponent(here)}`;
}

function render() {
  page?.destroy();
  const { route, factory } = pageFor(location.pathname);
  pageRoute = route;
  page = factory();
  const main = h('main', { id: 'main', class: 'app-main', tabindex: '-1' }, page.element);
  root.replaceChildren(header(location.pathname), main);
  document.title = page.title ? `${page.title} · ${t('app.name')}` : t('app.name');
}

export function navigate(url: string) {
  history.pushState(null, '', url);
  render();
}

function replace(url: string) {
  history.replaceState(null, '', url);
  render();
}

async function leave() {
  await signOut().catch(() => undefined);
  replace(SIGN_IN);
}

// The session ended on the server (expired, revoked, password reset): sign in again, then come back.
onUnauthorized(() => {
  forgetSession();
  if (normalizePath(location.pathname) !== SIGN_IN) replace(signInUrl());
});

window.addEventListener('popstate', () => {
  const { route } = pageFor(location.pathname);
  if (page?.update && route && route.page === pageRoute?.page) page.update();
  else render();
});

// In-app links change the route without a page load; modified clicks keep browser behaviour.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-link]');
  if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented) return;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  if (link.pathname + link.search !== location.pathname + location.search) navigate(link.href);
});

async function start() {
  try {
    await loadSession();
  } catch (error) {
    page = unavailablePage(error, () => void start());
    root.replaceChildren(header(location.pathname), h('main', { id: 'main', class: 'app-main' }, page.element));
    return;
  }
  render();
}

onLangChange(render);
void start();
