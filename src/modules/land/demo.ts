/**
 * Demonstration land data: the real district boundaries (geoBoundaries,
 * CC BY-SA 3.0, data-assets/boundaries/) and synthetic hazardous areas and
 * release work in the focus districts, all marked as demonstration data.
 * The hazards are invented: shapes, places and dates come from a seeded
 * generator, so every run makes the same picture.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ctx } from '../../lib/context.ts';
import type { DemoState } from '../../seed/types.ts';
import { refreshFigures } from './figures.service.ts';
import { importDocument } from './import.service.ts';

export const BOUNDARIES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data-assets/boundaries');

/** Korean and Russian names of the focus units (the file carries az and en). */
export const FOCUS_NAMES: Record<string, { ko: string; ru: string }> = {
  AZ: { ko: '아제르바이잔', ru: 'Азербайджан' },
  'AZ-AGM': { ko: '아그담', ru: 'Агдам' },
  'AZ-FUZ': { ko: '푸줄리', ru: 'Физули' },
  'AZ-CAB': { ko: '자브라일', ru: 'Джебраил' },
  'AZ-ZAN': { ko: '잔길란', ru: 'Зангилан' },
  'AZ-QBI': { ko: '구바들리', ru: 'Губадлы' },
  'AZ-LAC': { ko: '라친', ru: 'Лачин' },
  'AZ-KAL': { ko: '칼바자르', ru: 'Кельбаджар' },
  'AZ-SUS': { ko: '슈샤', ru: 'Шуша' },
  'AZ-SUS-CITY': { ko: '슈샤 시', ru: 'город Шуша' },
  'AZ-XVD': { ko: '호자벤드', ru: 'Ходжавенд' },
  'AZ-XCI': { ko: '호잘리', ru: 'Ходжалы' },
  'AZ-TAR': { ko: '테르테르', ru: 'Тертер' },
  'AZ-XA': { ko: '한켄디', ru: 'Ханкенди' },
};

/** Shusha City has no ISO 3166-2 code in the source; it is a district-level unit of its own here. */
export const SHUSHA_CITY_CODE = 'AZ-SUS-CITY';

type Ring = number[][];
interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}

export function loadBoundaryFiles(dir = BOUNDARIES_DIR) {
  const country = JSON.parse(fs.readFileSync(path.join(dir, 'az-country.geojson'), 'utf8')) as { features: Feature[] };
  const districts = JSON.parse(fs.readFileSync(path.join(dir, 'az-districts.geojson'), 'utf8')) as { features: Feature[] };
  const named = (code: string, p: Record<string, unknown>) => ({ az: String(p.name_az), en: String(p.name_en), ...(FOCUS_NAMES[code] ?? {}) });
  const features = [
    ...country.features.map((f) => ({ ...f, properties: { code: 'AZ', level: 'country', ...prefix(named('AZ', f.properties)) } })),
    ...districts.features.map((f) => {
      const code = (f.properties.code as string | null) ?? SHUSHA_CITY_CODE;
      return { ...f, properties: { code, level: 'district', parent_code: 'AZ', ...prefix(named(code, f.properties)), focus: f.properties.focus === true } };
    }),
  ];
  return { type: 'FeatureCollection' as const, features };
}

const prefix = (n: Record<string, string>) => Object.fromEntries(Object.entries(n).map(([k, v]) => [`name_${k}`, v]));

/** mulberry32: a small seeded generator, so the demo is the same every time. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function inRing(x: number, y: number, ring: Ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function inMultiPolygon(x: number, y: number, mp: Ring[][]) {
  return mp.some((poly) => inRing(x, y, poly[0]) && !poly.slice(1).some((hole) => inRing(x, y, hole)));
}

/** A star-shaped polygon around a centre: always simple, and shrinking its radii keeps it inside itself. */
export function starPolygon(cx: number, cy: number, radiiKm: number[], scale = 1): Ring {
  const kmLon = 111.32 * Math.cos((cy * Math.PI) / 180);
  const ring = radiiKm.map((r, i) => {
    const a = (2 * Math.PI * i) / radiiKm.length;
    return [Math.round((cx + (Math.cos(a) * r * scale) / kmLon) * 1e6) / 1e6, Math.round((cy + (Math.sin(a) * r * scale) / 110.57) * 1e6) / 1e6];
  });
  return [...ring, ring[0]];
}

function bboxOf(mp: Ring[][]) {
  const pts = mp.flatMap((p) => p[0]);
  return [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
}

const pad = (n: number) => String(n).padStart(2, '0');
const dateFrom = (monthIndex: number, day: number) => `${2021 + Math.floor(monthIndex / 12)}-${pad((monthIndex % 12) + 1)}-${pad(day)}`;

/**
 * Synthetic hazards and releases for the focus districts. Releases pick up
 * month by month from 2021 to `lastMonthIndex` (months since January 2021),
 * and about a third of the hazardous land is left untouched.
 */
export function syntheticLand(districts: { code: string; geometry: Ring[][] }[], perDistrict: number, lastMonthIndex: number, seed = 2021) {
  const rnd = seeded(seed);
  const hazards: Feature[] = [];
  const releases: Feature[] = [];
  const types = [['ap_mines'], ['ap_mines', 'av_mines'], ['av_mines'], ['cluster_munitions'], ['erw'], ['ap_mines', 'erw']];
  for (const d of districts) {
    const [x0, y0, x1, y1] = bboxOf(d.geometry);
    let made = 0;
    for (let attempt = 0; made < perDistrict && attempt < perDistrict * 200; attempt++) {
      const cx = x0 + rnd() * (x1 - x0);
      const cy = y0 + rnd() * (y1 - y0);
      const radii = Array.from({ length: 10 }, () => 0.6 + rnd() * 2.2);
      const ring = starPolygon(cx, cy, radii);
      // Vertices and edge midpoints inside the district keep the polygon inside the territory.
      const probes = ring.slice(0, -1).flatMap((p, i) => [p, [(p[0] + ring[i + 1][0]) / 2, (p[1] + ring[i + 1][1]) / 2]]);
      if (!probes.every(([x, y]) => inMultiPolygon(x, y, d.geometry))) continue;
      made += 1;
      const ref = `HA-${d.code.slice(3)}-${String(made).padStart(3, '0')}`;
      const recorded = Math.floor(rnd() * rnd() * Math.min(36, lastMonthIndex));
      const cha = rnd() < 0.4;
      hazards.push({
        type: 'Feature',
        properties: {
          reference: ref,
          name: `${d.code.slice(3)} ${cha ? 'confirmed' : 'suspected'} hazardous area ${made} (demo)`,
          classification: cha ? 'CHA' : 'SHA',
          hazard_types: types[Math.floor(rnd() * types.length)],
          recorded_on: dateFrom(recorded, 1 + Math.floor(rnd() * 27)),
          notes: 'Synthetic demonstration record.',
        },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
      const fate = rnd();
      if (fate < 0.35 || recorded >= lastMonthIndex) continue;
      // Later months see more work: the release date leans towards the present.
      const when = Math.min(lastMonthIndex, recorded + 1 + Math.floor(Math.sqrt(rnd()) * (lastMonthIndex - recorded)));
      const base = { hazard_reference: ref, completed_on: dateFrom(when, 1 + Math.floor(rnd() * 27)) };
      if (!cha && fate < 0.55) {
        releases.push({ type: 'Feature', properties: { ...base, reference: `${ref}-NTS`, method: 'non_technical_survey' }, geometry: { type: 'Polygon', coordinates: [ring] } });
      } else if (fate < 0.8) {
        releases.push({
          type: 'Feature',
          properties: { ...base, reference: `${ref}-TS`, method: 'technical_survey' },
          geometry: { type: 'Polygon', coordinates: [starPolygon(cx, cy, radii, 0.55)] },
        });
      } else {
        const devices = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => ({
          category: rnd() < 0.6 ? 'ap_mine' : rnd() < 0.5 ? 'av_mine' : 'uxo',
          model: rnd() < 0.5 ? 'PMN-2' : 'TM-62M',
          condition: 'destroyed_in_situ',
          depth_cm: Math.floor(rnd() * 20),
          position: [Math.round((cx + (rnd() - 0.5) * 0.005) * 1e6) / 1e6, Math.round((cy + (rnd() - 0.5) * 0.005) * 1e6) / 1e6],
          quantity: 1,
        }));
        releases.push({
          type: 'Feature',
          properties: { ...base, reference: `${ref}-CL`, method: 'clearance', clearance_depth_cm: 20, devices },
          geometry: { type: 'Polygon', coordinates: [starPolygon(cx, cy, radii, rnd() < 0.5 ? 1 : 0.8)] },
        });
      }
    }
  }
  return { hazards: { type: 'FeatureCollection', features: hazards }, releases: { type: 'FeatureCollection', features: releases } };
}

export const DEMO_FOCUS = ['AZ-AGM', 'AZ-FUZ', 'AZ-CAB', 'AZ-ZAN', 'AZ-QBI', 'AZ-LAC', 'AZ-KAL', 'AZ-SUS', 'AZ-XVD', 'AZ-XCI', 'AZ-TAR'];

/** The demo step: boundaries, then synthetic hazards and releases, then the figures cache. */
export async function seedLand(ctx: Ctx, state: DemoState, opts: { perDistrict?: number } = {}) {
  const areas = loadBoundaryFiles();
  // Two source polygons (Goygol, Khizi) touch themselves at one vertex, which GEOS
  // calls a self-intersection; repairing them changes no area.
  await importDocument(ctx, 'areas', areas, { isDemo: true, format: 'geojson', repair: true });
  const focus = areas.features
    .filter((f) => DEMO_FOCUS.includes(String(f.properties.code)))
    .map((f) => ({ code: String(f.properties.code), geometry: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][] }));
  const now = new Date();
  const lastMonthIndex = (now.getUTCFullYear() - 2021) * 12 + now.getUTCMonth();
  const { hazards, releases } = syntheticLand(focus, opts.perDistrict ?? 30, Math.min(lastMonthIndex - 1, 71));
  const h = await importDocument(ctx, 'hazards', hazards, { isDemo: true, orgId: state.orgs.mineAgency ?? null });
  const r = await importDocument(ctx, 'releases', releases, { isDemo: true, orgId: state.orgs.thamesDemining ?? state.orgs.mineAgency ?? null });
  state.refs.hazardAreas = h.ids;
  state.refs.landReleases = r.ids;
  await refreshFigures(ctx.db);
}
