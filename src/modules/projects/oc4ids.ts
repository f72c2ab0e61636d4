import { LANGS, pickText } from '../../lib/schemas.ts';
import type { FundingSource } from './codelists.ts';
import { toContractingProcess } from './external-ocds-summary.ts';
import { fillIn } from './oc4ids-extra.ts';
import type { ProjectView } from './present.ts';
import type { ProjectInputT } from './schema.ts';

/**
 * OC4IDS 0.9 mapping, both ways (pure). Translations use the OCDS
 * `title_az` convention; funding sources are budget breakdown entries with the
 * Berpa fields `fundingSourceType`, `fundingCountry` and `pledgeId` (the
 * schema allows additional properties). Output targets are `forecasts`,
 * achieved values `metrics`. See standards/oc4ids/README.md.
 */
export const OC4IDS_VERSION = '0.9';
export const CODE_SCHEME = 'berpa-project-code';
export const AREA_GAZETTEER = 'berpa-area-code';

export interface Org {
  id: string;
  name: string;
  identifier_scheme: string;
  identifier_id: string;
  country: string;
}

export interface MapContext {
  orgs: Map<string, Org>;
  areaCodes: Map<string, string>;
  documentUrl: (id: string) => string;
  /** Contract execution per project and OCID (the contracts module's summaries), when loaded. */
  processSummaries?: Map<string, Map<string, { summary: Record<string, unknown>; supplier: { id: string; name: string; country: string } }>>;
}

type J = Record<string, unknown>;
const dt = (d: string | null | undefined) => (d ? `${d}T00:00:00Z` : undefined);
const day = (s: unknown) => (typeof s === 'string' && s.length >= 10 ? s.slice(0, 10) : undefined);
const clean = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

function i18n(field: string, t: Record<string, string>): J {
  if (!Object.keys(t).length) return {};
  const out: J = { [field]: pickText(t, 'en') };
  for (const l of LANGS) if (t[l]) out[`${field}_${l}`] = t[l];
  return out;
}

function readI18n(p: J, field: string): Record<string, string> | undefined {
  const t: Record<string, string> = {};
  for (const l of LANGS) if (typeof p[`${field}_${l}`] === 'string') t[l] = p[`${field}_${l}`] as string;
  if (!Object.keys(t).length && typeof p[field] === 'string') t.en = p[field] as string;
  return Object.keys(t).length ? t : undefined;
}

const countryName = (c: string) => new Intl.DisplayNames(['en'], { type: 'region' }).of(c) ?? c;
const orgParty = (o: Org) => ({
  id: `${o.identifier_scheme}-${o.identifier_id}`,
  name: o.name,
  identifier: { scheme: o.identifier_scheme, id: o.identifier_id, legalName: o.name },
  address: { countryName: countryName(o.country) },
});

/** Photos have no OC4IDS documentType; they are progress evidence. */
const DOC_TYPE: Record<string, string> = {
  photoBefore: 'physicalProgressReport',
  photoDamaged: 'physicalProgressReport',
  photoInProgress: 'physicalProgressReport',
  photoComplete: 'physicalProgressReport',
  projectScope: 'projectScope',
  feasibilityStudy: 'feasibilityStudy',
  environmentalImpact: 'environmentalImpact',
  landAndSettlementImpact: 'landAndSettlementImpact',
  budgetApproval: 'budgetApproval',
  completionCertificate: 'completionCertificate',
  finalAudit: 'finalAudit',
};

export function toOc4ids(v: ProjectView, m: MapContext): J {
  const parties = new Map<string, J & { roles: string[] }>();
  const party = (p: J & { id: string }, role: string) => {
    const e = parties.get(p.id) ?? { ...p, roles: [] };
    if (!e.roles.includes(role)) e.roles.push(role);
    parties.set(p.id, e);
    return { id: p.id, name: p.name as string };
  };
  const authority = v.publicAuthorityId && m.orgs.get(v.publicAuthorityId);
  const publicAuthority = authority ? party(orgParty(authority), 'publicAuthority') : undefined;
  const breakdown = v.funding.map((f, i) => {
    const org = f.organisationId ? m.orgs.get(f.organisationId) : undefined;
    const src = org
      ? orgParty(org)
      : f.country
        ? { id: `GOV-${f.country}`, name: `Government of ${countryName(f.country)}`, address: { countryName: countryName(f.country) } }
        : { id: `FUNDER-${i + 1}`, name: 'Unnamed funder' };
    return {
      id: String(i + 1),
      description: f.sourceType.replace('_', ' '),
      amount: { amount: f.amount, currency: f.currency },
      sourceParty: party(src, 'funder'),
      fundingSourceType: f.sourceType,
      fundingCountry: f.country ?? undefined,
      pledgeId: f.pledgeId ?? undefined,
    };
  });
  const district = v.districtId ? m.areaCodes.get(v.districtId) : undefined;
  const locations: J[] = [{ id: 'location', geometry: v.location }];
  if (v.site) locations.push({ id: 'site', description: 'site area', geometry: v.site });
  if (district) locations.push({ id: 'district', gazetteer: { scheme: AREA_GAZETTEER, identifiers: [district] } });
  const obs = (o: ProjectView['outputs'][number], which: 'planned' | 'achieved', value: number) => ({
    id: o.metric,
    title: o.metric,
    observations: [{ id: `${o.metric}-${which}`, measure: value, unit: { name: o.unit } }],
  });
  const forecasts = v.outputs.map((o) => obs(o, 'planned', o.planned));
  const metrics = v.outputs.filter((o) => o.achieved !== null).map((o) => obs(o, 'achieved', o.achieved!));
  // Processes followed from another publisher carry their summary; Berpa's own carry their execution summary (contracts module); bare OCIDs only the ocid.
  const external = new Map(v.externalProcesses.map((e) => [e.ocid, e]));
  const execution = m.processSummaries?.get(v.id);
  const ocids = [...new Set([...v.relatedProcesses.map((p) => p.ocid), ...v.relatedOcids, ...external.keys()])];
  const processes = ocids.map((ocid) => {
    if (external.has(ocid)) return toContractingProcess(external.get(ocid)!);
    const x = execution?.get(ocid);
    if (x) party({ id: x.supplier.id, name: x.supplier.name, address: { countryName: countryName(x.supplier.country) } }, 'supplier');
    return { id: ocid, summary: x ? x.summary : { ocid } };
  });
  const docs = v.documents
    .filter((d) => d.accessLevel === 'open')
    .map((d) => ({
      id: d.documentId,
      documentType: DOC_TYPE[d.kind],
      title: d.title,
      description: d.kind,
      format: d.mediaType,
      url: m.documentUrl(d.documentId),
      datePublished: d.createdAt,
    }));
  const out = clean({
    id: v.oc4idsId,
    updated: v.updatedAt,
    language: 'en',
    identifiers: [{ id: v.code, scheme: CODE_SCHEME }],
    ...i18n('title', v.title),
    ...i18n('description', v.description),
    ...i18n('purpose', v.purpose),
    status: v.status,
    type: v.type,
    sector: v.sector,
    publicAuthority,
    locations,
    budget: { amount: v.budget, ...(breakdown.length ? { budgetBreakdowns: [{ id: 'fundingSources', description: 'Funding by source', budgetBreakdown: breakdown }] } : {}) },
    period: v.plannedPeriod.startDate || v.plannedPeriod.endDate ? { startDate: dt(v.plannedPeriod.startDate), endDate: dt(v.plannedPeriod.endDate) } : undefined,
    implementationPeriod: v.actualPeriod.startDate || v.actualPeriod.endDate ? { startDate: dt(v.actualPeriod.startDate), endDate: dt(v.actualPeriod.endDate) } : undefined,
    completion: v.actualPeriod.endDate ? { endDate: dt(v.actualPeriod.endDate) } : undefined,
    parties: parties.size ? [...parties.values()] : undefined,
    forecasts: forecasts.length ? forecasts : undefined,
    metrics: metrics.length ? metrics : undefined,
    documents: docs.length ? docs : undefined,
    contractingProcesses: processes.length ? processes : undefined,
  });
  return fillIn(out, v.oc4idsExtra);
}

/** What an OC4IDS project says, before organisation and area references are resolved to ids. */
export interface Unresolved {
  input: Partial<ProjectInputT>;
  districtCode?: string;
  authorityKey?: string;
  fundingOrgKeys: (string | undefined)[];
  /** Another publisher's project id, kept as the project's OC4IDS id. */
  oc4idsId?: string;
}

// Another publisher's document can have any type anywhere: read it only through these.
const obj = (x: unknown): J | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as J) : undefined);
const objs = (x: unknown): J[] => (Array.isArray(x) ? x.map(obj).filter((o): o is J => !!o) : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const numOr = (x: unknown): number => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN);

/**
 * Read an OC4IDS project back (Berpa's own output, or another publisher's).
 * Never throws on a wrongly typed field: what cannot be read is left out, and
 * the schema check and the input shape check name it.
 */
export function fromOc4ids(raw: unknown, prefix: string): Unresolved {
  const p = obj(raw) ?? {};
  const ident = str(objs(p.identifiers).find((i) => i.scheme === CODE_SCHEME)?.id);
  const id = str(p.id) ?? '';
  const own = id.startsWith(`${prefix}-`);
  const code = ident ?? (own ? id.slice(prefix.length + 1) : id);
  const locs = objs(p.locations);
  const loc = locs.find((l) => l.id === 'location') ?? locs.find((l) => l.geometry && l.id !== 'site');
  const site = locs.find((l) => l.id === 'site');
  const gaz = obj(locs.find((l) => obj(l.gazetteer)?.scheme === AREA_GAZETTEER)?.gazetteer);
  const parties = new Map(objs(p.parties).map((x) => [String(x.id), x]));
  const orgKey = (ref: unknown) => {
    const party = parties.get(String(obj(ref)?.id));
    const idf = obj(party?.identifier);
    return str(idf?.scheme) && (str(idf?.id) || typeof idf?.id === 'number') ? `${String(idf!.scheme)}-${String(idf!.id)}` : undefined;
  };
  const budget = obj(p.budget);
  const lines = objs(objs(budget?.budgetBreakdowns)[0]?.budgetBreakdown);
  const measure = (ms: unknown, metric: unknown) => objs(objs(ms).find((x) => x.id === metric)?.observations)[0];
  const forecasts = objs(p.forecasts);
  const period = (x: J | undefined) => (x && (x.startDate || x.endDate) ? clean({ startDate: day(x.startDate), endDate: day(x.endDate) }) : undefined);
  const amount = obj(budget?.amount);
  const input: Partial<ProjectInputT> = clean({
    code,
    title: readI18n(p, 'title'),
    description: readI18n(p, 'description'),
    purpose: readI18n(p, 'purpose'),
    sector: p.sector as string[],
    type: p.type as string,
    status: p.status as ProjectInputT['status'],
    location: loc?.geometry as ProjectInputT['location'],
    site: site?.geometry as ProjectInputT['site'],
    budget: amount as ProjectInputT['budget'],
    funding: lines.map((l) => ({
      sourceType: (str(l.fundingSourceType) as FundingSource) ?? 'donor',
      country: str(l.fundingCountry),
      pledgeId: str(l.pledgeId),
      amount: numOr(obj(l.amount)?.amount),
      currency: str(obj(l.amount)?.currency) ?? '',
    })),
    plannedPeriod: period(obj(p.period)),
    actualPeriod: period(obj(p.implementationPeriod)),
    outputs: forecasts.map((f) => {
      const planned = measure(forecasts, f.id);
      const achieved = measure(p.metrics, f.id);
      return { metric: str(f.id) ?? '', unit: str(obj(planned?.unit)?.name) ?? '', planned: numOr(planned?.measure), ...(achieved ? { achieved: numOr(achieved.measure) } : {}) };
    }),
    relatedOcids: objs(p.contractingProcesses).map((c) => str(obj(c.summary)?.ocid) ?? str(c.id) ?? ''),
  });
  const district = (obj(gaz)?.identifiers as unknown[] | undefined)?.[0];
  return {
    input,
    districtCode: Array.isArray(gaz?.identifiers) ? str(district) : undefined,
    authorityKey: orgKey(p.publicAuthority),
    fundingOrgKeys: lines.map((l) => orgKey(l.sourceParty)),
    ...(id && !own && !ident ? { oc4idsId: id } : {}),
  };
}

export function projectPackage(projects: J[], o: { uri: string; publisher: string; publishedDate: string }): J {
  return {
    uri: o.uri,
    publishedDate: o.publishedDate,
    publisher: { name: o.publisher },
    license: 'https://creativecommons.org/licenses/by/4.0/',
    version: OC4IDS_VERSION,
    projects,
  };
}
