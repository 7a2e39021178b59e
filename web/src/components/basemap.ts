// Offline basemap for the activities map: Natural Earth country outlines from
// /data/countries.geojson (no tile server), with the countries that hold activities drawn a shade
// darker so a multi-country view stays readable when zoomed out.
import L from 'leaflet';

let countries: Promise<GeoJSON.GeoJsonObject | null> | null = null;
function loadCountries(): Promise<GeoJSON.GeoJsonObject | null> {
  // Boundary files need the session cookie: a failure (signed out, offline) is not remembered.
  countries ??= fetch('/data/countries.geojson', { credentials: 'same-origin' })
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null)
    .then((geojson) => {
      if (!geojson) countries = null;
      return geojson;
    });
  return countries;
}

/**
 * The country code a p-code starts with: OCHA p-codes begin with the ISO alpha-2 code (AF23) or,
 * for some countries, alpha-3 (TCD01). Only used for shading, so a miss costs nothing.
 */
export function countryPrefix(pcode: string): string {
  const three = pcode.slice(0, 3).toUpperCase();
  return /^[A-Z]{3}$/.test(three) ? three : three.slice(0, 2);
}

const PLAIN: L.PathOptions = { color: '#aab4bf', weight: 0.8, fillColor: '#eceff3', fillOpacity: 1 };
const ACTIVE: L.PathOptions = { color: '#7b8a99', weight: 1, fillColor: '#d6dee7', fillOpacity: 1 };

export interface Basemap {
  highlight(codes: Set<string>): void;
}

export function addBasemap(map: L.Map): Basemap {
  let layer: L.GeoJSON | null = null;
  let active = new Set<string>();
  const style = (feature?: GeoJSON.Feature): L.PathOptions => {
    const p = (feature?.properties ?? {}) as Record<string, string>;
    const codes = [p.ISO_A2, p.ISO_A3, p.ADM0_A3];
    return codes.some((code) => code && active.has(code)) ? ACTIVE : PLAIN;
  };
  void loadCountries().then((geojson) => {
    if (!geojson) return;
    layer = L.geoJSON(geojson, { interactive: false, style }).addTo(map);
    layer.bringToBack();
  });
  return {
    highlight(codes) {
      active = codes;
      layer?.setStyle(style);
    },
  };
}
