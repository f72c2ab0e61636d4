import type { ProjectInputT } from './schema.ts';

/**
 * Demonstration projects. Places and the kinds of work follow the public
 * record of the programme (Fuzuli International Airport opened in 2021; Aghali
 * in Zangilan was the first "smart village"); amounts, dates and funding
 * splits are illustrative, not official figures.
 * `district` is an area code of the Land demo; `funders` name demo organisations.
 */
export interface DemoProject {
  input: Omit<ProjectInputT, 'districtId' | 'publicAuthorityId' | 'funding'>;
  district: string;
  funding: { sourceType: 'government' | 'partner_country' | 'donor' | 'loan'; country?: string; org?: string; share: number }[];
}

export const box = (lon: number, lat: number, dLon: number, dLat: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon - dLon, lat - dLat],
      [lon + dLon, lat - dLat],
      [lon + dLon, lat + dLat],
      [lon - dLon, lat + dLat],
      [lon - dLon, lat - dLat],
    ],
  ],
});
export const pt = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] });

export type T = { az: string; en: string; ko: string; ru: string };
export const p = (
  code: string,
  title: T,
  description: T,
  sector: string[],
  type: string,
  status: ProjectInputT['status'],
  district: string,
  location: ProjectInputT['location'],
  site: ProjectInputT['site'] | undefined,
  budget: number,
  planned: [string, string],
  actual: [string?, string?],
  outputs: ProjectInputT['outputs'],
  funding: DemoProject['funding'],
): DemoProject => ({
  input: {
    code,
    title,
    description,
    sector,
    type,
    status,
    location,
    ...(site ? { site } : {}),
    budget: { amount: budget, currency: 'AZN' },
    plannedPeriod: { startDate: planned[0], endDate: planned[1] },
    ...(actual[0] ? { actualPeriod: { startDate: actual[0], ...(actual[1] ? { endDate: actual[1] } : {}) } } : {}),
    outputs,
  },
  district,
  funding,
});
