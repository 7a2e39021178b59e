// Releases of compartment data by the Humanitarian Coordinator. The HC (role hc) creates and
// revokes them; anyone else sees the releases addressed to them, read-only. Active, expired and
// revoked releases look different and can be shown one kind at a time.
import { accessApi, type Release } from '../access-api';
import { api, asApiError, fetchAll, type Organization, type Sector } from '../api';
import { openDialog } from '../components/dialog';
import { sectorLabel } from '../components/filters';
import { createListTable } from '../components/list-table';
import { createReleaseForm } from '../components/release-form';
import { compartmentLabel, roleLabel } from '../components/user-menu';
import { h } from '../dom';
import { fmtDate, fmtDateTime, t } from '../i18n';
import type { PageInstance } from '../page';
import { hasRole } from '../session';

type ReleaseState = 'active' | 'expired' | 'revoked';
const STATES: ReleaseState[] = ['active', 'expired', 'revoked'];

export function releaseState(release: Release): ReleaseState {
  if (release.revoked_at) return 'revoked';
  return release.active ? 'active' : 'expired';
}

function stateBadge(release: Release): HTMLElement {
  const state = releaseState(release);
  const title = state === 'revoked'
    ? t('releases.revokedBy', { user: release.revoked_by?.username ?? '?', date: fmtDateTime(release.revoked_at) })
    : t('releases.expiresOn', { date: fmtDateTime(release.expires_at) });
  return h('span', { class: `state state-${state === 'expired' ? 'expired' : state}`, 'data-state': state, title }, t(`releases.state.${state}`));
}

function scopeCell(release: Release, sectors: Sector[]): HTMLElement {
  const sector = release.sector
    ? sectorLabel({ code: release.sector, name: sectors.find((s) => s.code === release.sector)?.name ?? release.sector }, sectors)
    : t('releases.anySector');
  const dates = release.from || release.to
    ? `${release.from ? fmtDate(release.from) : '…'} – ${release.to ? fmtDate(release.to) : '…'}`
    : t('releases.anyDates');
  return h('td', {},
    h('span', { class: 'chip chip-compartment' }, compartmentLabel(release.compartment)),
    h('div', { class: 'small' }, sector),
    h('div', { class: 'small' }, release.place ?? t('releases.anyPlace')),
    h('div', { class: 'small muted' }, dates));
}

function recipientsCell(release: Release): HTMLElement {
  return h('td', {},
    ...release.recipient_orgs.map((org) => h('div', { class: 'small' }, org.name)),
    release.recipient_roles.length
      ? h('ul', { class: 'chips' }, ...release.recipient_roles.map((r) => h('li', { class: 'chip chip-role' }, roleLabel(r))))
      : null);
}

export function releasesPage(): PageInstance {
  const coordinator = hasRole('hc');
  let sectors: Sector[] = [];
  const sectorsReady = fetchAll(api.sectors).then((list) => (sectors = list)).catch(() => (sectors = []));
  const orgs = coordinator ? fetchAll(api.organizations).catch(() => [] as Organization[]) : Promise.resolve([]);
  let releases: Release[] = [];
  let shown: ReleaseState | 'all' = 'all';

  const list = createListTable({
    label: t('releases.list'),
    testId: 'releases-table',
    empty: t('releases.empty'),
    columns: [
      { label: t('releases.col.state') }, { label: t('releases.col.scope') }, { label: t('releases.col.recipients') },
      { label: t('releases.level') }, { label: t('releases.reason') }, { label: t('releases.expires') },
      { label: t('releases.col.created') }, ...(coordinator ? [{ label: t('common.actions'), class: 'col-actions' }] : []),
    ],
  });
  const tabs = h('div', { class: 'segmented', role: 'group', 'aria-label': t('releases.show') });
  const created = h('p', { class: 'notice notice-success', role: 'status', hidden: true, 'data-testid': 'release-created' });

  function revokeButton(release: Release): HTMLElement | null {
    if (releaseState(release) !== 'active') return null;
    const button = h('button', { type: 'button', class: 'button button-small button-danger-quiet', 'data-testid': 'release-revoke' }, t('releases.revoke'));
    button.addEventListener('click', async () => {
      const done = await openDialog({
        title: t('releases.revoke.title'),
        body: [h('p', {}, t('releases.revoke.body', { compartment: compartmentLabel(release.compartment) })),
          h('p', { class: 'muted small' }, release.reason)],
        confirmLabel: t('releases.revoke'),
        danger: true,
        testId: 'revoke-release-dialog',
        onConfirm: () => accessApi.revokeRelease(release.id),
      });
      if (done) void load();
    });
    return button;
  }

  function row(release: Release): HTMLTableRowElement {
    const state = releaseState(release);
    return h('tr', { 'data-testid': 'release-row', 'data-id': release.id, 'data-state': state, class: state === 'active' ? undefined : 'row-inactive' },
      h('td', {}, stateBadge(release)),
      scopeCell(release, sectors),
      recipientsCell(release),
      h('td', {}, h('span', { class: `level level-${release.level}` }, t(`releases.level.${release.level}`))),
      h('td', { class: 'col-reason' }, release.reason),
      h('td', { class: 'nowrap' }, fmtDateTime(release.expires_at)),
      h('td', { class: 'small' }, release.created_by.username, h('div', { class: 'muted' }, fmtDateTime(release.created_at)),
        release.revoked_at ? h('div', { class: 'muted' }, t('releases.revokedBy', { user: release.revoked_by?.username ?? '?', date: fmtDateTime(release.revoked_at) })) : null),
      coordinator ? h('td', { class: 'col-actions' }, revokeButton(release)) : null);
  }

  function show() {
    const count = (state: ReleaseState | 'all') => releases.filter((r) => state === 'all' || releaseState(r) === state).length;
    tabs.replaceChildren(...(['all', ...STATES] as const).map((state) => {
      const button = h('button', { type: 'button', class: 'segment', 'aria-pressed': String(shown === state), 'data-testid': `releases-show-${state}` },
        `${t(`releases.show.${state}`)} (${count(state)})`);
      button.addEventListener('click', () => {
        shown = state;
        show();
      });
      return button;
    }));
    const order = (r: Release) => STATES.indexOf(releaseState(r));
    list.rows(releases
      .filter((r) => shown === 'all' || releaseState(r) === shown)
      .sort((a, b) => order(a) - order(b) || b.id - a.id)
      .map(row));
  }

  async function load() {
    list.loading();
    try {
      const [{ items }] = await Promise.all([accessApi.releases(), sectorsReady]);
      releases = items;
      show();
    } catch (error) {
      list.error(asApiError(error), () => void load());
    }
  }
  void load();

  const form = coordinator
    ? h('details', { class: 'card card-padded', open: true, 'data-testid': 'release-create-card' },
      h('summary', { class: 'card-title' }, t('releases.create')),
      createReleaseForm(sectorsReady, orgs, (release) => {
        created.hidden = false;
        created.textContent = t('releases.created', { compartment: compartmentLabel(release.compartment), date: fmtDateTime(release.expires_at) });
        void load();
      }))
    : null;

  const element = h('div', { class: 'page page-releases', 'data-testid': 'page-releases' },
    h('div', { class: 'page-heading' },
      h('div', {},
        h('h1', { class: 'page-title' }, coordinator ? t('releases.title') : t('releases.titleReader')),
        h('p', { class: 'page-subtitle muted' }, coordinator ? t('releases.subtitle') : t('releases.subtitleReader')))),
    form,
    created,
    h('div', { class: 'list-tools' }, tabs),
    list.element);

  return { element, title: coordinator ? t('releases.title') : t('releases.titleReader'), destroy() {} };
}
