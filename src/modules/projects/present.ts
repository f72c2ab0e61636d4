import type { Selectable } from 'kysely';
import type { ExternalProcessSummary } from './external-ocds-summary.ts';
import { searchLexemes } from './fold.ts';
import type { ProjectRow, ProjectValues } from './repo.ts';
import type { ProjectInputT } from './schema.ts';
import type { ProjectDocumentTable, ProjectFundingTable, ProjectOutputTable } from './tables.ts';
import { sortDate } from './validate.ts';

/** Mapping between stored rows, the API view and the input shape. Pure. */
export interface Related {
  funding: Selectable<ProjectFundingTable>[];
  outputs: Selectable<ProjectOutputTable>[];
  documents: (Pick<Selectable<ProjectDocumentTable>, 'document_id' | 'kind' | 'access_level' | 'created_at'> & { title: string; media_type: string })[];
  processes: { tender_id: string; ocid: string; title: Record<string, string>; status: string }[];
  external?: ExternalProcessSummary[];
}

const text = (j: unknown) => (j ?? {}) as Record<string, string>;
const iso = (d: unknown) => new Date(d as string).toISOString();

export function present(r: ProjectRow, rel: Related) {
  return {
    id: r.id,
    code: r.code,
    oc4idsId: r.oc4ids_id,
    title: text(r.title),
    description: text(r.description),
    purpose: text(r.purpose),
    sector: r.sector,
    type: r.type,
    status: r.status,
    districtId: r.district_id,
    location: r.location,
    site: r.site ?? null,
    budget: { amount: r.budget_amount, currency: r.budget_currency },
    funding: rel.funding.map((f) => ({
      sourceType: f.source_type,
      country: f.country,
      organisationId: f.organisation_id,
      pledgeId: f.pledge_id,
      amount: f.amount,
      currency: f.currency,
    })),
    publicAuthorityId: r.public_authority_id,
    plannedPeriod: { startDate: r.planned_start, endDate: r.planned_end },
    actualPeriod: { startDate: r.actual_start, endDate: r.actual_end },
    outputs: rel.outputs.map((o) => ({ metric: o.metric, unit: o.unit, planned: o.planned, achieved: o.achieved })),
    relatedOcids: r.related_ocids,
    externalProcesses: rel.external ?? [],
    oc4idsExtra: (r.oc4ids_extra ?? {}) as Record<string, unknown>,
    relatedProcesses: rel.processes.map((p) => ({ tenderId: p.tender_id, ocid: p.ocid, title: p.title, status: p.status })),
    documents: rel.documents.map((d) => ({
      documentId: d.document_id,
      title: d.title,
      kind: d.kind,
      accessLevel: d.access_level,
      mediaType: d.media_type,
      createdAt: iso(d.created_at),
    })),
    isDemo: r.is_demo,
    updatedAt: iso(r.updated_at),
  };
}
export type ProjectView = ReturnType<typeof present>;

const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
const nonEmpty = (t: Record<string, string>) => (Object.keys(t).length ? t : undefined);
const period = (p: { startDate: string | null; endDate: string | null }) =>
  p.startDate || p.endDate ? { ...(p.startDate ? { startDate: p.startDate } : {}), ...(p.endDate ? { endDate: p.endDate } : {}) } : undefined;

/** The input that would recreate this project (exports, and merging a patch onto the stored project). */
export function toInput(v: ProjectView): ProjectInputT {
  const input: ProjectInputT = {
    code: v.code,
    title: v.title,
    description: nonEmpty(v.description),
    purpose: nonEmpty(v.purpose),
    sector: v.sector,
    type: v.type,
    status: v.status,
    districtId: opt(v.districtId),
    location: v.location as ProjectInputT['location'],
    site: opt(v.site) as ProjectInputT['site'],
    budget: v.budget,
    funding: v.funding.map((f) => ({
      sourceType: f.sourceType,
      country: opt(f.country),
      organisationId: opt(f.organisationId),
      pledgeId: opt(f.pledgeId),
      amount: f.amount,
      currency: f.currency,
    })),
    publicAuthorityId: opt(v.publicAuthorityId),
    plannedPeriod: period(v.plannedPeriod),
    actualPeriod: period(v.actualPeriod),
    outputs: v.outputs.map((o) => ({ metric: o.metric, unit: o.unit, planned: o.planned, ...(o.achieved === null ? {} : { achieved: o.achieved }) })),
    relatedOcids: v.relatedOcids,
  };
  return JSON.parse(JSON.stringify(input)) as ProjectInputT; // drops the undefined keys
}

/** Column values for an input; `today` is the sort date of a project without dates. */
export function toValues(input: ProjectInputT, prefix: string, today: string, oc4idsId?: string): ProjectValues {
  const texts = [input.title, input.description ?? {}].flatMap((t) => Object.values(t));
  return {
    code: input.code,
    oc4ids_id: oc4idsId ?? `${prefix}-${input.code}`,
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description ?? {}),
    purpose: JSON.stringify(input.purpose ?? {}),
    sector: input.sector,
    type: input.type,
    status: input.status ?? 'identification',
    district_id: input.districtId ?? null,
    location: JSON.stringify(input.location),
    site: input.site ? JSON.stringify(input.site) : null,
    budget_amount: input.budget.amount,
    budget_currency: input.budget.currency,
    public_authority_id: input.publicAuthorityId ?? null,
    planned_start: input.plannedPeriod?.startDate ?? null,
    planned_end: input.plannedPeriod?.endDate ?? null,
    actual_start: input.actualPeriod?.startDate ?? null,
    actual_end: input.actualPeriod?.endDate ?? null,
    sort_date: sortDate(input, today),
    funding_countries: [...new Set((input.funding ?? []).filter((f) => f.sourceType === 'partner_country' && f.country).map((f) => f.country!))].sort(),
    related_ocids: input.relatedOcids ?? [],
    lexemes: searchLexemes(texts),
  };
}
