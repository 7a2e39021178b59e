// Leaflet map of activity counts per admin area (summary?by=adm1|adm2). Runs offline: the only
// basemap is the Natural Earth country outline served at /data/countries.geojson. Circle area is
// proportional to the count, and the footer says how many activities could not be placed.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { ApiError, PlaceRef, Summary, SummaryGroup } from '../api';
import type { MapLevel } from '../activity-query';
import { h } from '../dom';
import { addBasemap, countryPrefix } from './basemap';
import { fmtNumber, t, tNodes } from '../i18n';

export type MapState =
  | { kind: 'loading' }
  | { kind: 'ready'; summary: Summary; level: MapLevel; fallback?: boolean }
  | { kind: 'error'; error: ApiError };

export interface MapOptions {
  level: MapLevel;
  onLevel(level: MapLevel): void;
  onPlace(pcode: string): void;
}

export interface ActivitiesMap {
  element: HTMLElement;
  setLevel(level: MapLevel): void;
  render(state: MapState): void;
  destroy(): void;
}

export interface Coverage {
  located: { place: PlaceRef & { lat: number; lon: number }; group: SummaryGroup }[];
  shown: number;
  total: number;
  withoutLocation: number;
  withoutCoordinates: number;
}

/** Splits a summary into groups that can be drawn and counts of those that cannot. */
export function coverage(summary: Summary, level: MapLevel): Coverage {
  const located: Coverage['located'] = [];
  let nullGroup = 0;
  let withoutCoordinates = 0;
  for (const group of summary.items) {
    const place = group[level];
    if (!place) nullGroup += group.count;
    else if (typeof place.lat === 'number' && typeof place.lon === 'number') {
      located.push({ place: place as Coverage['located'][number]['place'], group });
    } else withoutCoordinates += group.count;
  }
  const shown = located.reduce((sum, entry) => sum + entry.group.count, 0);
  // The null group already holds the unlocated activities when the server lists it; never
  // count them twice, but never hide them either when it does not.
  const withoutLocation = Math.max(nullGroup, summary.unlocated ?? 0);
  return { located, shown, total: summary.total.count, withoutLocation, withoutCoordinates };
}

const MIN_RADIUS = 5;
const MAX_RADIUS = 28;

/** Circles shrink when zoomed out so that neighbouring areas stay apart (areas keep their ratio). */
function zoomScale(zoom: number): number {
  return Math.min(1, Math.max(0.3, (zoom - 1) / 5));
}

function popupContent(place: PlaceRef, group: SummaryGroup, onPlace: (pcode: string) => void): HTMLElement {
  const row = (label: string, value: number) =>
    h('div', { class: 'popup-row' }, h('dt', {}, label), h('dd', {}, fmtNumber(value)));
  const filter = h('button', { type: 'button', class: 'button button-small' }, t('map.popup.filter'));
  filter.addEventListener('click', () => onPlace(place.pcode));
  return h(
    'div',
    { class: 'map-popup', 'data-testid': 'map-popup' },
    h('p', { class: 'popup-title' }, place.name, ' ', h('span', { class: 'muted small' }, place.pcode)),
    h('dl', {},
      row(t('map.popup.count'), group.count),
      row(t('map.popup.targeted'), group.targeted),
      row(t('map.popup.reached'), group.reached)),
    filter,
  );
}

export function createActivitiesMap(options: MapOptions): ActivitiesMap {
  const levelButtons = (['adm1', 'adm2'] as const).map((level) => {
    const button = h('button', { type: 'button', class: 'segment', 'data-level': level, 'data-testid': `map-level-${level}` }, t(`map.level.${level}`));
    button.addEventListener('click', () => options.onLevel(level));
    return button;
  });
  const canvas = h('div', { class: 'map-canvas', role: 'region', 'aria-label': t('map.label'), 'data-testid': 'activities-map' });
  const overlay = h('div', { class: 'map-overlay', hidden: true });
  const footer = h('p', { class: 'card-footer map-coverage', 'data-testid': 'map-coverage' });
  const element = h(
    'section',
    { class: 'card map-card', 'aria-labelledby': 'map-title' },
    h('div', { class: 'card-header' },
      h('h2', { id: 'map-title', class: 'card-title' }, t('map.title')),
      h('div', { class: 'segmented', role: 'group', 'aria-label': t('map.level') }, ...levelButtons)),
    h('div', { class: 'map-wrap' }, canvas, overlay),
    footer,
  );

  const map = L.map(canvas, { zoomSnap: 0.25, zoomControl: false, attributionControl: true, minZoom: 1 });
  L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(map);
  map.attributionControl.setPrefix(false).addAttribution(t('map.attribution'));
  map.setView([20, 10], 2);
  const markers = L.featureGroup().addTo(map);
  const basemap = addBasemap(map);
  const baseRadius = new Map<L.CircleMarker, number>();
  map.on('zoomend', () => {
    const scale = zoomScale(map.getZoom());
    for (const [marker, radius] of baseRadius) marker.setRadius(radius * scale);
  });
  const resize = new ResizeObserver(() => map.invalidateSize());
  resize.observe(canvas);

  function setLevel(level: MapLevel) {
    for (const button of levelButtons) {
      button.setAttribute('aria-pressed', String(button.dataset.level === level));
    }
  }

  function showOverlay(text: string | null, kind = '') {
    overlay.hidden = text === null;
    overlay.className = `map-overlay ${kind}`.trim();
    overlay.textContent = text ?? '';
  }

  function number(testId: string, value: number): HTMLElement {
    return h('strong', { 'data-testid': testId, 'data-value': value }, fmtNumber(value));
  }

  function drawFooter(cover: Coverage, level: MapLevel, fallback: boolean) {
    const parts: Node[] = [
      ...tNodes(t('map.shown'), { shown: number('map-shown', cover.shown), total: number('map-total', cover.total) }),
    ];
    if (cover.withoutLocation > 0) {
      parts.push(document.createTextNode(' · '),
        ...tNodes(t('map.unlocated', { level: t(`map.level.${level}`) }), {
          count: number('map-unlocated', cover.withoutLocation),
        }));
    }
    if (cover.withoutCoordinates > 0) {
      parts.push(document.createTextNode(' · '),
        ...tNodes(t('map.noCoordinates'), { count: number('map-no-coordinates', cover.withoutCoordinates) }));
    }
    if (fallback) parts.push(h('span', { class: 'map-note', 'data-testid': 'map-fallback' }, t('map.fallback')));
    footer.replaceChildren(...parts);
  }

  function draw(summary: Summary, level: MapLevel, fallback: boolean) {
    const cover = coverage(summary, level);
    markers.clearLayers();
    baseRadius.clear();
    basemap.highlight(new Set(cover.located.map((entry) => countryPrefix(entry.place.pcode))));
    const max = Math.max(1, ...cover.located.map((entry) => entry.group.count));
    const ordered = [...cover.located].sort((a, b) => b.group.count - a.group.count);
    for (const { place, group } of ordered) {
      const radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(group.count / max);
      const marker = L.circleMarker([place.lat, place.lon], {
        radius: radius * zoomScale(map.getZoom()),
        className: 'om-marker',
        color: '#00558c',
        weight: 1.2,
        fillColor: '#1f8fd6',
        fillOpacity: 0.55,
      })
        .bindTooltip(`${place.name}: ${fmtNumber(group.count)}`, { direction: 'top', offset: [0, -radius] })
        .bindPopup(() => popupContent(place, group, options.onPlace))
        .addTo(markers);
      baseRadius.set(marker, radius);
    }
    drawFooter(cover, level, fallback);
    element.dataset.markers = String(cover.located.length);
    if (cover.located.length) {
      map.fitBounds(markers.getBounds(), { padding: [28, 28], maxZoom: 6 });
      showOverlay(null);
    } else {
      showOverlay(cover.withoutCoordinates > 0 ? t('map.emptyNoCoordinates') : t('map.empty'));
    }
  }

  function render(state: MapState) {
    element.dataset.state = state.kind;
    element.setAttribute('aria-busy', String(state.kind === 'loading'));
    if (state.kind === 'loading') return;
    if (state.kind === 'error') {
      markers.clearLayers();
      baseRadius.clear();
      footer.replaceChildren();
      showOverlay(t('map.error', { detail: state.error.detail }), 'map-overlay-error');
      return;
    }
    setLevel(state.level);
    map.invalidateSize();
    draw(state.summary, state.level, state.fallback ?? false);
  }

  setLevel(options.level);
  return {
    element,
    setLevel,
    render,
    destroy() {
      resize.disconnect();
      map.remove();
    },
  };
}
