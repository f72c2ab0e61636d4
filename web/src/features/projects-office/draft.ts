import type { Project, ProjectInput } from '../../api/types.ts';

/**
 * What the project form edits, in the form's terms (numbers may be blank
 * while typed), and the API body it becomes. Field pointers in the form are
 * the body's, so the server's and the schema's errors land on the same field.
 */
export interface FundingRow {
  sourceType: 'government' | 'partner_country' | 'donor' | 'loan';
  country: string;
  pledgeId: string;
  amount: number | '';
  currency: string;
}
export interface OutputRow {
  metric: string;
  unit: string;
  planned: number | '';
  achieved: number | '';
}
type Geometry = ProjectInput['location'];
export interface ProjectDraft {
  code: string;
  title: Record<string, string>;
  description: Record<string, string>;
  sector: string;
  type: string;
  site: Geometry | null;
  location: Geometry | null;
  districtId: string;
  budget: { amount: number | ''; currency: string };
  plannedPeriod: { startDate: string; endDate: string };
  funding: FundingRow[];
  outputs: OutputRow[];
}

/** Sectors with a name in every language (sector.* messages); a sub-sector sends its parent too, as OC4IDS lists both. */
export const SECTOR_CHOICES = [
  'education',
  'health',
  'energy',
  'communications',
  'waterAndWaste',
  'governance',
  'economy',
  'cultureSportsAndRecreation',
  'transport',
  'transport.road',
  'transport.rail',
  'transport.air',
  'socialHousing',
  'naturalResources',
] as const;
export const PROJECT_TYPES = ['construction', 'rehabilitation', 'replacement', 'expansion', 'decommissioning'] as const;
export const FUNDING_SOURCES = ['government', 'partner_country', 'donor', 'loan'] as const;
/** The output metrics the portal's figures add up, with their usual unit. */
export const OUTPUT_UNITS: Record<string, string> = { homes: 'units', roadKm: 'km', powerMW: 'MW', classrooms: 'classrooms', hospitalBeds: 'beds', siteKm2: 'km2', waterKm: 'km' };

export function emptyDraft(lang: string): ProjectDraft {
  return {
    code: '',
    title: { [lang]: '' },
    description: { [lang]: '' },
    sector: '',
    type: 'construction',
    site: null,
    location: null,
    districtId: '',
    budget: { amount: '', currency: 'AZN' },
    plannedPeriod: { startDate: '', endDate: '' },
    funding: [],
    outputs: [],
  };
}

const num = (v: number | '') => (v === '' ? undefined : v);
const text = (r: Record<string, string>) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) if (v.trim()) out[k] = v.trim();
  return out;
};

/** The body of POST /api/v1/projects (PATCH leaves out code). Blank optional fields are left out; blank required ones stay, so the schema names them. */
export function toBody(d: ProjectDraft, opts: { edit: boolean }): Record<string, unknown> {
  const sector = d.sector.includes('.') ? [d.sector.split('.')[0], d.sector] : d.sector ? [d.sector] : [];
  const description = text(d.description);
  const period = { ...(d.plannedPeriod.startDate ? { startDate: d.plannedPeriod.startDate } : {}), ...(d.plannedPeriod.endDate ? { endDate: d.plannedPeriod.endDate } : {}) };
  return {
    ...(opts.edit ? {} : { code: d.code.trim() }),
    title: text(d.title),
    ...(Object.keys(description).length ? { description } : {}),
    sector,
    type: d.type,
    ...(d.location ? { location: d.location } : opts.edit ? {} : { location: undefined }),
    ...(d.site ? { site: d.site } : {}),
    ...(d.districtId ? { districtId: d.districtId } : {}),
    budget: { amount: num(d.budget.amount), currency: d.budget.currency.trim().toUpperCase() },
    ...(Object.keys(period).length ? { plannedPeriod: period } : {}),
    funding: d.funding.map((f) => ({
      sourceType: f.sourceType,
      ...(f.country ? { country: f.country } : {}),
      ...(f.pledgeId ? { pledgeId: f.pledgeId } : {}),
      amount: num(f.amount),
      currency: f.currency.trim().toUpperCase(),
    })),
    outputs: d.outputs.map((o) => ({ metric: o.metric, unit: o.unit.trim(), planned: num(o.planned), ...(o.achieved === '' ? {} : { achieved: o.achieved }) })),
  };
}

export function fromProject(p: Project): ProjectDraft {
  const sector = p.sector.find((s) => s.includes('.')) ?? p.sector[0] ?? '';
  return {
    code: p.code,
    title: { ...p.title },
    description: { ...p.description },
    sector,
    type: p.type,
    site: (p.site as Geometry | null) ?? null,
    location: p.location as Geometry,
    districtId: p.districtId ?? '',
    budget: { ...p.budget },
    plannedPeriod: { startDate: p.plannedPeriod.startDate ?? '', endDate: p.plannedPeriod.endDate ?? '' },
    funding: p.funding.map((f) => ({ sourceType: f.sourceType, country: f.country ?? '', pledgeId: f.pledgeId ?? '', amount: f.amount, currency: f.currency })),
    outputs: p.outputs.map((o) => ({ metric: o.metric, unit: o.unit, planned: o.planned, achieved: o.achieved ?? '' })),
  };
}
