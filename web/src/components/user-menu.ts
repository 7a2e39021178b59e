// The signed-in person's menu in the header: who they are (name, organization, roles,
// compartments), the language switch, links to the pages their roles open, and sign out.
// A disclosure button (aria-expanded) with a panel; Escape or a click outside closes it.
import type { User } from '../access-api';
import { h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { languageSwitch } from './language-switch';

export interface UserMenuOptions {
  user: User;
  onSignOut(): void;
}

interface MenuLink {
  path: string;
  label: MessageKey;
  roles?: string[];
}

export const MENU_LINKS: MenuLink[] = [
  { path: '/tokens', label: 'menu.tokens' },
  { path: '/admin/users', label: 'menu.users', roles: ['admin'] },
  { path: '/releases', label: 'menu.releases', roles: ['hc'] },
  { path: '/audit', label: 'menu.audit', roles: ['admin', 'hc'] },
];

export function roleLabel(role: string): string {
  const key = `role.${role}` as MessageKey;
  const text = t(key);
  return text === key ? role : text;
}

export function compartmentLabel(compartment: string): string {
  const key = `compartment.${compartment}` as MessageKey;
  const text = t(key);
  return text === key ? compartment : text;
}

export function initials(user: User): string {
  const words = (user.display_name || user.username).split(/[\s.]+/).filter(Boolean);
  return words.slice(0, 2).map((w) => w[0]?.toUpperCase() ?? '').join('') || '?';
}

export function createUserMenu(options: UserMenuOptions): HTMLElement {
  const { user } = options;
  const org = user.org.acronym || user.org.name;
  const button = h('button', {
    type: 'button', class: 'user-button', 'aria-expanded': 'false', 'aria-controls': 'user-menu-panel',
    'data-testid': 'user-menu-button',
  },
  h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(user)),
  h('span', { class: 'user-button-text' },
    h('span', { class: 'user-button-name', 'data-testid': 'user-name' }, user.display_name || user.username),
    h('span', { class: 'user-button-org' }, org)),
  h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'));

  const links = MENU_LINKS
    .filter((link) => !link.roles || link.roles.some((role) => user.roles.includes(role)))
    .map((link) => h('a', { href: link.path, 'data-link': true, class: 'menu-link', 'data-testid': `menu-${link.path.replace(/\W+/g, '-').replace(/^-/, '')}` }, t(link.label)));
  const signOut = h('button', { type: 'button', class: 'menu-link menu-sign-out', 'data-testid': 'sign-out' }, t('menu.signOut'));
  signOut.addEventListener('click', options.onSignOut);

  const chips = (items: string[], label: (v: string) => string, cls: string) =>
    items.length ? h('ul', { class: 'chips' }, ...items.map((item) => h('li', { class: `chip ${cls}` }, label(item)))) : h('span', { class: 'muted' }, t('common.none'));

  const panel = h('div', { id: 'user-menu-panel', class: 'user-panel', hidden: true, 'data-testid': 'user-menu' },
    h('div', { class: 'user-panel-who' },
      h('p', { class: 'user-panel-name' }, user.display_name || user.username),
      h('p', { class: 'muted small' }, user.username),
      h('p', { class: 'user-panel-org', 'data-testid': 'user-org' }, user.org.name,
        user.org.humanitarian ? h('span', { class: 'chip chip-humanitarian', title: t('menu.humanitarianOrg.title') }, t('menu.humanitarianOrg')) : null)),
    h('dl', { class: 'user-panel-facts' },
      h('dt', {}, t('menu.roles')), h('dd', { 'data-testid': 'user-roles' }, chips(user.roles, roleLabel, 'chip-role')),
      h('dt', {}, t('menu.compartments')), h('dd', { 'data-testid': 'user-compartments' }, chips(user.compartments, compartmentLabel, 'chip-compartment'))),
    h('div', { class: 'user-panel-lang' }, h('span', { class: 'muted small' }, t('lang.label')), languageSwitch('light')),
    h('nav', { class: 'user-panel-links', 'aria-label': t('menu.label') }, ...links, signOut));

  const element = h('div', { class: 'user-menu' }, button, panel);

  function setOpen(open: boolean) {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) document.addEventListener('pointerdown', outside);
    else document.removeEventListener('pointerdown', outside);
  }
  function outside(event: Event) {
    if (!element.contains(event.target as Node)) setOpen(false);
  }
  button.addEventListener('click', () => setOpen(panel.hidden));
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || panel.hidden) return;
    setOpen(false);
    button.focus();
  });
  panel.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a')) setOpen(false);
  });
  return element;
}
