// Shown for paths no route claims.
import { h } from '../dom';
import { t } from '../i18n';
import type { PageInstance } from '../page';

export function notFoundPage(): PageInstance {
  const element = h(
    'div',
    { class: 'page page-not-found' },
    h('h1', { class: 'page-title' }, t('page.notFound.title')),
    h('p', {}, t('page.notFound.body', { path: location.pathname })),
    h('p', {}, h('a', { href: '/activities', 'data-link': true, class: 'button' }, t('page.notFound.back'))),
  );
  return { element, title: t('page.notFound.title'), destroy() {} };
}
