import { api, isMissing, itemsOf } from '../../app/api.ts';
import { ENDPOINTS } from '../../app/endpoints.ts';
import { num, str } from '../../app/ui.tsx';

/** Calls that never throw for a missing endpoint: the home page shows each block as data lands. */
export async function maybe<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

export interface LandFigures {
  target: number;
  hazardous: number | null;
  released: number;
  recon: number;
  rebuilt: number;
}

/** The land summary in whichever field names the Land module uses (km²). */
export function readLandSummary(s: unknown, fallbackTarget: number): LandFigures {
  const o = (s && typeof s === 'object' && 'programme' in s ? (s as { programme: unknown }).programme : s) as unknown;
  return {
    target: num(s, 'targetKm2') ?? num(o, 'targetKm2', 'target_km2', 'target') ?? fallbackTarget,
    hazardous: num(o, 'hazardousKm2', 'hazardous_km2', 'hazardous', 'hazardous.km2'),
    released: num(o, 'releasedKm2', 'released_km2', 'released.totalKm2', 'released.total', 'released.km2', 'released') ?? 0,
    recon: num(o, 'underReconstructionKm2', 'under_reconstruction_km2', 'underReconstruction', 'underReconstruction.km2') ?? 0,
    rebuilt: num(o, 'rebuiltKm2', 'rebuilt_km2', 'rebuilt', 'rebuilt.km2') ?? 0,
  };
}

/** Monthly series: rows like {month:'2025-03', releasedKm2: 12.3}. */
export function readSeries(s: unknown): { month: string; value: number }[] {
  const rows = itemsOf(s && typeof s === 'object' && 'months' in s ? (s as { months: unknown }).months : s);
  return rows
    .map((r) => ({ month: (str(r, 'month', 'period', 'date') ?? '').slice(0, 7), value: num(r, 'releasedInMonthKm2', 'releasedKm2', 'released_km2', 'released.totalKm2', 'released', 'km2', 'value') ?? 0 }))
    .filter((r) => /^\d{4}-\d{2}$/.test(r.month))
    .slice(-24);
}

/** Facet counts as {value,count}[] whether the API sends arrays or maps. */
export function readFacet(facets: unknown, name: string): { key: string; value: number }[] {
  const f = facets && typeof facets === 'object' ? (facets as Record<string, unknown>)[name] : undefined;
  let rows: { key: string; value: number }[] = [];
  if (Array.isArray(f)) rows = f.map((x) => ({ key: str(x, 'value', 'key', 'code', 'id') ?? '', value: num(x, 'count', 'n', 'total') ?? 0 }));
  else if (f && typeof f === 'object') rows = Object.entries(f as Record<string, unknown>).map(([key, v]) => ({ key, value: typeof v === 'number' ? v : (num(v, 'count') ?? 0) }));
  return rows.filter((r) => r.key).sort((a, b) => b.value - a.value);
}

export const landSummary = () => maybe(api<unknown>(ENDPOINTS.landSummary));
export const landSeries = () => maybe(api<unknown>(ENDPOINTS.landSeries));
export const projectFacets = () => maybe(api<unknown>('/api/v1/projects?limit=1&facets=true'));
export const newestTenders = () => maybe(api<unknown>('/api/v1/tenders?limit=6'));
/** The releases layer, newest first (the Land module has no separate list endpoint). */
export const newestReleases = async () => {
  const fc = await maybe(api<{ features?: { properties?: Record<string, unknown> }[] }>(ENDPOINTS.releasesGeo));
  if (!fc?.features) return null;
  return fc.features
    .map((f) => f.properties ?? {})
    .sort((a, b) => String(b.completed_on ?? '').localeCompare(String(a.completed_on ?? '')))
    .slice(0, 6);
};
/** Contracts per current partner country, from each country's page data. */
export const partnerStats = async () => {
  const partners = await maybe(api<{ items: { country?: string; code?: string }[] }>('/api/v1/partners'));
  if (!partners) return null;
  const codes = [...new Set(partners.items.map((p) => p.country ?? p.code).filter((c): c is string => !!c))].slice(0, 12);
  const rows = await Promise.all(codes.map((c) => maybe(api<Record<string, unknown>>(`/api/v1/countries/${c}`))));
  return rows.filter(Boolean).map((r) => ({ code: r!.country, contracts: num(r, 'contracts.count') ?? 0 }));
};
/** Competition and money: one public endpoint serves both blocks. */
let procurement: Promise<unknown> | undefined;
const procurementFigures = () => (procurement ??= maybe(api<unknown>('/api/v1/stats/procurement')));
export const tenderStats = procurementFigures;
export const moneyStats = procurementFigures;

export function safeRegion(names: Intl.DisplayNames, code: string): string {
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
