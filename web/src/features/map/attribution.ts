import type { AttributionControl, Map as MLMap } from 'maplibre-gl';
import type { MessageKey } from '../../i18n/index.ts';

/**
 * What the base map draws from, and the credit its licences ask for. The
 * wording is translated; the names and the citation stay as they are in
 * every language. The English lines read exactly as the server's
 * BOUNDARY_ATTRIBUTION (src/modules/land/attribution.ts, the line the
 * areas GeoJSON carries); attribution.test.ts keeps the two the same.
 */
export const SOURCE_NAMES = {
  districts: 'geoBoundaries (Runfola et al. 2020, doi:10.1371/journal.pone.0231866), AZE ADM2',
  contributors: 'Wikipedia / Wikimedia Commons',
  licence: 'CC BY-SA 3.0',
  neighbours: 'Natural Earth',
  package: 'world-atlas',
} as const;

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** One line per source: the district boundaries (CC BY-SA, credit required), then the neighbouring countries (public domain). */
export function attributionLines(t: T): string[] {
  const n = SOURCE_NAMES;
  return [t('map.attrDistricts', { source: n.districts, contributors: n.contributors, licence: n.licence }), t('map.attrNeighbours', { source: n.neighbours, package: n.package })];
}

/** The lines for MapLibre's attribution control, which sets them as HTML. */
export function attributionHtml(t: T): string[] {
  return attributionLines(t).map((s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`));
}

const shown = new WeakMap<MLMap, AttributionControl>();

/**
 * The credit in the map's bottom-right corner, in the reader's language.
 * Called again after a language switch, it replaces the lines shown before
 * (MapLibre's control cannot change its text in place).
 */
export function showAttribution(map: MLMap, Control: typeof AttributionControl, t: T, compact = false) {
  const old = shown.get(map);
  if (old) map.removeControl(old);
  const ctrl = new Control({ compact, customAttribution: attributionHtml(t) });
  map.addControl(ctrl, 'bottom-right');
  shown.set(map, ctrl);
}
