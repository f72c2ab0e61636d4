import type { LandSeries, LandSummary, ProcurementFigures, ReportFigures, SearchResult } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { ENDPOINTS } from '../../app/endpoints.ts';

/**
 * The report's data: the same public endpoints as the home page, plus the one
 * aggregate of the district and country tables (no request per row). Each
 * figure on the page links to the URL it was read from.
 */
export const SOURCES = {
  land: ENDPOINTS.landSummary,
  series: ENDPOINTS.landSeries,
  projects: ENDPOINTS.projectFacets,
  procurement: ENDPOINTS.statsProcurement,
  report: ENDPOINTS.statsReport,
  districts: ENDPOINTS.districtsGeo,
} as const;

export const landSummary = (signal?: AbortSignal) => api<LandSummary>(SOURCES.land, { signal });
export const landSeries = (signal?: AbortSignal) => api<LandSeries>(SOURCES.series, { signal });
export const projectFacets = (signal?: AbortSignal) => api<SearchResult>(SOURCES.projects, { signal });
export const procurement = (signal?: AbortSignal) => api<ProcurementFigures>(SOURCES.procurement, { signal });
export const reportFigures = (signal?: AbortSignal) => api<ReportFigures>(SOURCES.report, { signal });

export interface DistrictShape {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown } | null;
  properties: { code: string; name: Record<string, string> } | null;
}
export const districtShapes = (signal?: AbortSignal) => api<{ type: 'FeatureCollection'; features: DistrictShape[] }>(SOURCES.districts, { signal });

/** Amounts per currency, added up over rows (never across currencies). */
export function sumByCurrency(lists: { currency: string; amount: number }[][]): { currency: string; amount: number }[] {
  const m = new Map<string, number>();
  for (const list of lists) for (const x of list) m.set(x.currency, (m.get(x.currency) ?? 0) + x.amount);
  return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([currency, amount]) => ({ currency, amount }));
}
