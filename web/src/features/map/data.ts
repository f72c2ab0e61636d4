import { api } from '../../app/api.ts';
import { ENDPOINTS } from '../../app/endpoints.ts';

export interface Feature {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> | null;
}
export interface FC {
  type: 'FeatureCollection';
  features: Feature[];
  attribution?: string;
  truncated?: boolean;
}

/** Every layer is a FeatureCollection (the routes declare it: lib/schemas.ts FeatureCollection). */
const get = (path: string, signal?: AbortSignal) => api<FC>(path, { signal });

/** The country outline, a static file the app ships (web/public/geo). */
export async function loadCountry(): Promise<FC> {
  return get(ENDPOINTS.countryOutline);
}

/** The platform's districts (the Land module's areas). */
export async function loadDistricts(): Promise<FC> {
  return get(ENDPOINTS.districtsGeo);
}

/** Hazardous areas still to release, and the releases (cancelled, reduced, cleared) as "released". */
export async function loadLand(): Promise<FC> {
  const [hazards, releases] = await Promise.all([get(ENDPOINTS.hazardsGeo), get(ENDPOINTS.releasesGeo)]);
  const features: Feature[] = [];
  for (const f of hazards.features) {
    const status = String(f.properties?.status ?? 'active');
    features.push({ ...f, properties: { ...f.properties, _land: status === 'released' ? 'released' : 'hazardous', _record: 'hazards' } });
  }
  // `_record`: which record page the map's popup links to (/land/hazards/:id or /land/releases/:id).
  for (const f of releases.features) features.push({ ...f, properties: { ...f.properties, _land: 'released', _record: 'releases' } });
  return { type: 'FeatureCollection', features };
}

/** A representative point for any geometry: clustering needs points. */
export function pointOf(g: Feature['geometry']): [number, number] | null {
  if (!g) return null;
  if (g.type === 'Point') return g.coordinates as [number, number];
  let sx = 0;
  let sy = 0;
  let n = 0;
  const walk = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      sx += c[0] as number;
      sy += c[1] as number;
      n++;
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(g.coordinates);
  return n ? [sx / n, sy / n] : null;
}

/**
 * Projects as points with a top-level sector and status to colour by. The
 * server's own grid clusters ({cluster:true,count}) keep their count in
 * `_count`, so MapLibre's clusters can add them up.
 */
export function normaliseProjects(fc: FC): FC {
  const out: Feature[] = [];
  for (const f of fc.features) {
    const p = f.properties ?? {};
    const pt = pointOf(f.geometry);
    if (!pt) continue;
    const sectors = Array.isArray(p.sector) ? p.sector : typeof p.sector === 'string' ? p.sector.split(',') : [];
    const first = String(sectors[0] ?? '');
    const title = typeof p.title === 'object' && p.title ? JSON.stringify(p.title) : p.title;
    const serverCluster = p.cluster === true && Number(p.count) > 1;
    out.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: pt },
      properties: {
        ...p,
        title,
        id: p.id ?? f.id,
        _count: serverCluster ? Number(p.count) : 1,
        _srv: serverCluster,
        _sector: first.split('.')[0],
        _status: String(p.status ?? ''),
      },
    });
  }
  return { type: 'FeatureCollection', features: out };
}

export async function loadProjects(bbox: [number, number, number, number], zoom: number, signal?: AbortSignal): Promise<FC> {
  const q = new URLSearchParams({ bbox: bbox.map((x) => x.toFixed(4)).join(','), zoom: String(Math.max(0, Math.min(22, Math.floor(zoom)))), limit: '5000' });
  const fc = await get(`${ENDPOINTS.projectsGeo}?${q}`, signal);
  return normaliseProjects(fc);
}
