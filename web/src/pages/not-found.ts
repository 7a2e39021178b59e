// Pages for paths that lead nowhere: no such route, a route the person's roles do not open, and
// a server that could not be reached at start-up.
import { ApiError } from '../api';
import { roleLabel } from '../components/user-menu';
import { h } from '../dom';
import { t } from '../i18n';
import type { PageInstance } from '../page';

function messagePage(testId: string, title: string, ...body: (Node | string)[]): PageInstance {
  const element = h(
    'div',
    { class: 'page page-not-found', 'data-testid': testId },
    h('h1', { class: 'page-title' }, title),
    ...body,
  );
  return { element, title, destroy() {} };
}

const back = () => h('p', {}, h('a', { href: '/activities', 'data-link': true, class: 'button' }, t('page.notFound.back')));

export function notFoundPage(): PageInstance {
  return messagePage('page-not-found', t('page.notFound.title'),
    h('p', {}, t('page.notFound.body', { path: location.pathname })), back());
}

export function forbiddenPage(roles: string[]): PageInstance {
  return messagePage('page-forbidden', t('page.forbidden.title'),
    h('p', {}, t('page.forbidden.body', { roles: roles.map(roleLabel).join(', ') })), back());
}

export function unavailablePage(error: unknown, retry: () => void): PageInstance {
  const detail = error instanceof ApiError ? error.detail : t('error.unknown');
  const button = h('button', { type: 'button', class: 'button' }, t('table.retry'));
  button.addEventListener('click', retry);
  return messagePage('page-unavailable', t('page.unavailable.title'), h('p', {}, detail), h('p', {}, button));
}
