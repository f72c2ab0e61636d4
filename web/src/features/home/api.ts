import type { CountryView, FeatureCollection, LandSeries, LandSummary, Page, Partner, ProcurementFigures, ReleaseFeatureProps, SearchResult, Tender } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { ENDPOINTS } from '../../app/endpoints.ts';

/** The home page's data, each typed by the server's schema (web/src/api/types.ts). */
export const landSummary = (signal?: AbortSignal) => api<LandSummary>(ENDPOINTS.landSummary, { signal });
export const landSeries = (signal?: AbortSignal) => api<LandSeries>(ENDPOINTS.landSeries, { signal });
export const projectFacets = (signal?: AbortSignal) => api<SearchResult>('/api/v1/projects?limit=1&facets=true', { signal });
export const newestTenders = (signal?: AbortSignal) => api<Page<Tender>>('/api/v1/tenders?limit=6', { signal });
export const procurementFigures = (signal?: AbortSignal) => api<ProcurementFigures>('/api/v1/stats/procurement', { signal });

/** The releases layer, newest first (the Land module has no separate list endpoint for releases). */
export async function newestReleases(signal?: AbortSignal): Promise<ReleaseFeatureProps[]> {
  const fc = await api<FeatureCollection<ReleaseFeatureProps>>(ENDPOINTS.releasesGeo, { signal });
  return fc.features
    .map((f) => f.properties)
    .sort((a, b) => b.completed_on.localeCompare(a.completed_on))
    .slice(0, 6);
}

/** Contracts per current partner country, from each country's page data. */
export async function partnerStats(signal?: AbortSignal): Promise<{ code: string; contracts: number }[]> {
  const partners = await api<{ items: Partner[] }>('/api/v1/partners', { signal });
  const codes = [...new Set(partners.items.map((p) => p.country))].slice(0, 12);
  const rows = await Promise.all(codes.map((c) => api<CountryView>(`/api/v1/countries/${c}`, { signal })));
  return rows.map((r) => ({ code: r.country, contracts: r.contracts?.count ?? 0 }));
}

export function safeRegion(names: Intl.DisplayNames, code: string): string {
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
