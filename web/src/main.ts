// Bootstrap: header with the language switch, and a small path router. Pages are functions that
// build a PageInstance; add a route to ROUTES to add a page. The server answers index.html for
// unknown non-API paths, so every route works as a deep link.
import './styles.css';
import { h } from './dom';
import { getLang, LANGS, onLangChange, setLang, t } from './i18n';
import type { PageInstance } from './page';
import { activitiesPage } from './pages/activities';
import { notFoundPage } from './pages/not-found';

type PageFactory = () => PageInstance;

const ROUTES: Record<string, PageFactory> = {
  '/': activitiesPage,
  '/activities': activitiesPage,
};

const NAV: { path: string; label: 'nav.activities' }[] = [{ path: '/activities', label: 'nav.activities' }];

function normalizePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function routeFor(path: string): PageFactory {
  return ROUTES[normalizePath(path)] ?? notFoundPage;
}

function languageSwitch(): HTMLElement {
  const buttons = LANGS.map((lang) => {
    const button = h('button', {
      type: 'button',
      class: 'segment',
      lang,
      'aria-pressed': String(lang === getLang()),
      title: t(`lang.${lang}`),
      'data-testid': `lang-${lang}`,
    }, lang.toUpperCase());
    button.addEventListener('click', () => setLang(lang));
    return button;
  });
  return h('div', { class: 'segmented segmented-dark', role: 'group', 'aria-label': t('lang.label') }, ...buttons);
}

function header(path: string): HTMLElement {
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
      ...NAV.map((item) => h('a', {
        href: item.path,
        'data-link': true,
        'aria-current': routeFor(item.path) === current ? 'page' : undefined,
      }, t(item.label)))),
    languageSwitch(),
  );
}

const root = document.getElementById('app') as HTMLElement;
let page: PageInstance | null = null;
let pageFactory: PageFactory | null = null;

function render() {
  page?.destroy();
  pageFactory = routeFor(location.pathname);
  page = pageFactory();
  const main = h('main', { id: 'main', class: 'app-main', tabindex: '-1' }, page.element);
  root.replaceChildren(header(location.pathname), main);
  document.title = `${page.title} · ${t('app.name')}`;
}

export function navigate(url: string) {
  history.pushState(null, '', url);
  render();
}

window.addEventListener('popstate', () => {
  if (page?.update && routeFor(location.pathname) === pageFactory) page.update();
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

onLangChange(render);
render();
