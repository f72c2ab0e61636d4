import type { LocalizedText } from '../../db/columns.ts';
import { LANGS } from '../../lib/languages.ts';
import type { OrgRow, ProcessData } from './process.repo.ts';

/**
 * Build an OCDS 1.1 release (without id and date, which storage assigns)
 * from a contracting process's rows. Pure. Each release carries the whole
 * current state; `tag` says which stage it announces. Bid details and
 * statistics appear only once the opening record exists (the loader returns
 * no bids before).
 */
type Obj = Record<string, unknown>;

const TENDER_STATUS: Record<string, string> = {
  draft: 'planning',
  active: 'active',
  opening: 'active',
  evaluation: 'complete',
  standstill: 'complete',
  awarded: 'complete',
  complete: 'complete',
  cancelled: 'cancelled',
  unsuccessful: 'unsuccessful',
};
const AWARD_STATUS: Record<string, string> = { pending: 'pending', suspended: 'pending', active: 'active', cancelled: 'cancelled' };
const CONTRACT_STATUS: Record<string, string> = { active: 'active', terminated: 'terminated', complete: 'terminated' };

const iso = (d: Date | string | null | undefined) => (d == null ? undefined : new Date(d).toISOString());
const dayStart = (d: string | null | undefined) => (d ? `${d.slice(0, 10)}T00:00:00Z` : undefined);
const dayEnd = (d: string | null | undefined) => (d ? `${d.slice(0, 10)}T23:59:59Z` : undefined);
const money = (amount: number | null | undefined, currency: string | null | undefined) =>
  amount == null || !currency ? undefined : { amount: Number(amount), currency: currency.trim() };

/**
 * `field` (English, else any), plus `field_az`, `field_ko`, … — the OCDS
 * convention for translations — for the languages the programme publishes
 * in (its stored `languages`; every platform language when unknown).
 */
export function localized(field: string, text: LocalizedText | null | undefined, languages: readonly string[] = LANGS): Obj {
  if (!text) return {};
  const main = text.en ?? text.az ?? Object.values(text).find(Boolean);
  if (!main) return {};
  const out: Obj = { [field]: main };
  for (const lang of LANGS) if (lang !== 'en' && languages.includes(lang) && text[lang]) out[`${field}_${lang}`] = text[lang];
  return out;
}

type Loc = (field: string, text: LocalizedText | null | undefined) => Obj;
const translator =
  (languages: readonly string[] | undefined): Loc =>
  (field, text) =>
    localized(field, text, languages ?? LANGS);

/** Strip undefined values so the JSON is stable. */
function compact<T extends Obj>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

let regionNames: Intl.DisplayNames | undefined;
function countryName(code: string): string {
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export const partyId = (o: Pick<OrgRow, 'identifier_scheme' | 'identifier_id'>) => `${o.identifier_scheme}-${o.identifier_id}`;

export function party(o: OrgRow, roles: string[], loc: Loc = translator(undefined)): Obj {
  return compact({
    id: partyId(o),
    name: o.name,
    ...Object.fromEntries(Object.entries(loc('name', o.name_i18n as LocalizedText)).filter(([k]) => k !== 'name')),
    identifier: { scheme: o.identifier_scheme, id: o.identifier_id, legalName: o.name },
    address: { countryName: countryName(o.country) },
    roles,
  });
}

export interface BuildInput {
  data: ProcessData;
  orgs: Map<string, OrgRow>;
  /** Organisation acting as buyer and procuring entity. */
  buyerId: string | null;
  reviewBodyId: string | null;
  /** Base of the platform's public URLs (contract pages, documents). */
  publicUrl?: string;
}

/** Who plays which role in this process, in a stable order. */
export function roleMap(input: BuildInput): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  const add = (id: string | null, role: string) => {
    if (!id || !input.orgs.has(id)) return;
    const r = roles.get(id) ?? [];
    if (!r.includes(role)) r.push(role);
    roles.set(id, r);
  };
  add(input.buyerId, 'buyer');
  add(input.buyerId, 'procuringEntity');
  for (const b of input.data.bids) add(b.organisation_id, 'tenderer');
  for (const a of input.data.awards) if (a.status !== 'cancelled') add(a.supplier_org_id, 'supplier');
  for (const c of input.data.contracts) add(c.supplier_org_id, 'supplier');
  if (input.data.complaints.length) add(input.reviewBodyId, 'reviewBody');
  return roles;
}

export function buildRelease(input: BuildInput): Obj {
  const { data } = input;
  const ref = (id: string | null) => {
    const o = id ? input.orgs.get(id) : undefined;
    return o ? { id: partyId(o), name: o.name } : undefined;
  };
  const roles = roleMap(input);
  const loc = translator(data.programme?.languages);
  return compact({
    ocid: data.tender.ocid,
    initiationType: 'tender',
    language: 'en',
    parties: [...roles].map(([id, r]) => party(input.orgs.get(id)!, r, loc)),
    buyer: ref(input.buyerId),
    planning: planning(data, loc),
    tender: tender(input, ref, loc),
    bids: data.opening ? bids(input, ref) : undefined,
    awards: data.awards.length ? data.awards.map((a) => award(input, a, ref)) : undefined,
    contracts: data.contracts.length ? data.contracts.map((c) => contract(c, data.execution, ref(input.buyerId), ref(c.supplier_org_id), loc, input.publicUrl)) : undefined,
  });
}

function planning(data: ProcessData, loc: Loc): Obj | undefined {
  const [p] = data.projects;
  if (!p) return undefined;
  const others = data.projects.slice(1).map((x) => x.oc4ids_id);
  return {
    budget: compact({
      id: p.code,
      ...loc('description', p.title as LocalizedText),
      amount: money(p.budget_amount, p.budget_currency),
      ...loc('project', p.title as LocalizedText),
      projectID: p.oc4ids_id,
    }),
    rationale: others.length ? `Also serves projects ${others.join(', ')}.` : undefined,
  };
}

type Ref = (id: string | null) => { id: string; name: string } | undefined;

function tender(input: BuildInput, ref: Ref, loc: Loc): Obj {
  const { data } = input;
  const t = data.tender;
  const lotRef = new Map(data.lots.map((l) => [l.id, l.ref]));
  const criteria = (t.criteria as { id: string; name: string; weight: number }[]) ?? [];
  const tenderers = data.opening ? [...new Set(data.bids.map((b) => b.organisation_id))].map((id) => ref(id)).filter(Boolean) : undefined;
  return compact({
    id: t.id,
    ...loc('title', t.title as LocalizedText),
    ...loc('description', t.description as LocalizedText),
    status: TENDER_STATUS[t.status as string] ?? 'active',
    statusDetails: t.status as string,
    procuringEntity: ref(input.buyerId),
    value: money(t.value_amount, t.value_currency),
    procurementMethod: t.method,
    mainProcurementCategory: 'works',
    awardCriteria: t.award_criteria,
    awardCriteriaDetails: criteria.length ? criteria.map((c) => `${c.name}: ${c.weight}%`).join('; ') : 'Lowest evaluated price among compliant bids.',
    submissionMethod: ['electronicSubmission'],
    submissionMethodDetails:
      'Sealed electronically on the bidder’s side (X25519 + AES-256-GCM) to the tender’s opening key; opened only when k of n committee members release their key shares.',
    eligibilityCriteria:
      t.eligibility === 'partners' ? "Open to verified companies from the programme's partner countries on the day they bid." : 'Open to verified companies from any country.',
    tenderPeriod: { startDate: iso(t.tender_start), endDate: iso(t.tender_end) },
    enquiryPeriod: { startDate: iso(t.enquiry_start), endDate: iso(t.enquiry_end) },
    hasEnquiries: data.enquiries.length > 0,
    awardPeriod: compact({ startDate: iso(t.opening_at) }),
    numberOfTenderers: tenderers?.length,
    tenderers,
    documents: (t.documents as { title: string; sha256: string; documentType: string; url?: string }[]).map((d) =>
      compact({ id: d.sha256.slice(0, 16), documentType: d.documentType, title: d.title, description: `SHA-256: ${d.sha256}`, url: d.url }),
    ),
    lots: data.lots.map((l) =>
      compact({
        id: l.ref,
        ...loc('title', l.title as LocalizedText),
        ...loc('description', l.description as LocalizedText),
        value: money(l.value_amount, l.value_currency),
        status: TENDER_STATUS[t.status as string] ?? 'active',
      }),
    ),
    enquiries: data.enquiries.length
      ? data.enquiries.map((e) =>
          compact({
            id: e.id,
            date: iso(e.asked_at),
            description: e.question,
            answer: e.answer ?? undefined,
            dateAnswered: iso(e.answered_at),
            relatedLot: e.lot_id ? lotRef.get(e.lot_id) : undefined,
          }),
        )
      : undefined,
    amendments: data.amendments.length
      ? data.amendments.map((a) => ({
          id: String(a.seq),
          date: iso(a.created_at),
          rationale: a.reason,
          description: `${a.material ? 'Material' : 'Non-material'} change of: ${Object.keys(a.changes as object).join(', ')}.`,
        }))
      : undefined,
  });
}

function bids(input: BuildInput, ref: Ref): Obj {
  const { data } = input;
  const lotRef = new Map(data.lots.map((l) => [l.id, l.ref]));
  const valid = data.bids.filter((b) => b.status === 'valid');
  const date = iso(data.opening!.opened_at);
  const statistics: Obj[] = [
    { id: 'bids', measure: 'bids', value: data.bids.length, date },
    { id: 'validBids', measure: 'validBids', value: valid.length, date },
    { id: 'disqualifiedBids', measure: 'disqualifiedBids', value: data.bids.length - valid.length, date },
  ];
  for (const l of data.lots) {
    const n = data.prices.filter((p) => p.lot_id === l.id && valid.some((b) => b.id === p.bid_id)).length;
    statistics.push({ id: `bids-${l.ref}`, measure: 'validBids', value: n, relatedLot: l.ref, date });
  }
  const details: Obj[] = data.bids.map((b) => {
    const own = data.prices.filter((p) => p.bid_id === b.id);
    const currencies = new Set(own.map((p) => p.currency.trim()));
    const total = own.reduce((s, p) => s + Number(p.amount), 0);
    return compact({
      id: b.id,
      date: iso(b.received_at),
      status: b.status === 'valid' ? 'valid' : 'disqualified',
      tenderers: [ref(b.organisation_id)].filter(Boolean),
      // One currency: the bid's total; the price of each lot is in `lotValues`.
      value: own.length && currencies.size === 1 ? { amount: Math.round(total * 100) / 100, currency: [...currencies][0] } : undefined,
      lotValues: own.length
        ? own.map((p) => ({ relatedLot: lotRef.get(p.lot_id), value: { amount: Number(p.amount), currency: p.currency.trim() }, abnormallyLow: p.abnormally_low }))
        : undefined,
      relatedLots: (b.lot_ids ?? []).map((id) => lotRef.get(id)).filter(Boolean),
      statusDetails: b.disqualification_reason ?? undefined,
    });
  });
  return { statistics, details };
}

function award(input: BuildInput, a: ProcessData['awards'][number], ref: Ref): Obj {
  const { data } = input;
  const lotRef = new Map(data.lots.map((l) => [l.id, l.ref]));
  const bid = data.bids.find((b) => b.id === a.bid_id);
  const complaint = data.complaints.find((c) => c.award_id === a.id && c.status === 'pending');
  const standstill = a.status === 'pending' ? ` Standstill until ${iso(a.standstill_ends_at)}.` : '';
  return compact({
    id: a.id,
    status: AWARD_STATUS[a.status as string] ?? 'pending',
    statusDetails: complaint ? 'Suspended: a complaint is under review by the review body.' : (a.status as string),
    date: iso(a.decided_at),
    description: `${a.reasons}${standstill}`,
    value: money(a.value_amount, a.value_currency),
    suppliers: [ref(a.supplier_org_id)].filter(Boolean),
    relatedBid: bid ? bid.id : undefined,
    relatedLots: bid ? (bid.lot_ids ?? []).map((id) => lotRef.get(id)).filter(Boolean) : undefined,
  });
}

const MILESTONE_STATUS: Record<string, string> = { scheduled: 'scheduled', submitted: 'scheduled', accepted: 'met', rejected: 'notMet' };
const REPORT_STATUS: Record<string, string> = { submitted: 'scheduled', accepted: 'met', rejected: 'notMet' };

/**
 * A contract with its execution: milestones (met when accepted), approved
 * variations as amendments, paid payments as implementation.transactions,
 * progress reports as implementation milestones (type reporting).
 */
function contract(c: ProcessData['contracts'][number], x: ProcessData['execution'], payer: Obj | undefined, payee: Obj | undefined, loc: Loc, publicUrl?: string): Obj {
  const at = (path: string) => (publicUrl ? `${publicUrl}${path}` : undefined);
  const approved = x.variations.filter((v) => v.contract_id === c.id && v.status === 'approved');
  const value = Number(c.value_amount) + approved.reduce((s, v) => s + Number(v.value_change), 0);
  const endDate =
    approved
      .filter((v) => v.new_period_end)
      .map((v) => v.new_period_end!)
      .pop() ?? c.period_end;
  const ms = x.milestones.filter((m) => m.contract_id === c.id);
  const pays = x.payments.filter((p) => p.contract_id === c.id);
  const reports = x.reports.filter((r) => r.contract_id === c.id);
  const docs = x.documents.filter((d) => d.contract_id === c.id);
  const exec = x.executions.find((e) => e.contract_id === c.id);
  return compact({
    id: c.id,
    awardID: c.award_id,
    ...loc('title', c.title as LocalizedText),
    status: CONTRACT_STATUS[c.status as string] ?? 'active',
    statusDetails: exec ? exec.status : undefined,
    value: money(Math.round(value * 100) / 100, c.value_currency),
    dateSigned: iso(c.signed_at),
    period: { startDate: dayStart(c.period_start), endDate: dayEnd(endDate) },
    documents: docs.length
      ? docs.map((d) =>
          compact({
            id: d.id,
            documentType: d.document_type,
            title: d.title,
            format: d.media_type,
            datePublished: iso(d.created_at),
            url: at(`/api/v1/documents/${d.id}/content`),
          }),
        )
      : undefined,
    milestones: ms.length
      ? ms.map((m) =>
          compact({
            id: m.id,
            ...loc('title', m.title as LocalizedText),
            type: 'delivery',
            dueDate: dayEnd(m.due_date),
            dateMet: m.status === 'accepted' ? iso(m.decided_at) : undefined,
            status: MILESTONE_STATUS[m.status] ?? 'scheduled',
          }),
        )
      : undefined,
    amendments: approved.length
      ? approved.map((v) => compact({ id: v.id, date: iso(v.approved_at ?? v.created_at), rationale: v.reason, description: variationText(v, c.value_currency) }))
      : undefined,
    implementation:
      pays.length || reports.length
        ? compact({
            transactions: pays.length
              ? pays.map((p) =>
                  compact({
                    id: p.id,
                    source: at(`/api/v1/contracts/${c.id}`),
                    date: dayStart(p.paid_on),
                    value: money(p.net_amount, p.currency),
                    payer,
                    payee,
                    uri: at(`/api/v1/contracts/${c.id}#payment-${p.id}`),
                  }),
                )
              : undefined,
            milestones: reports.length
              ? reports.map((r) =>
                  compact({
                    id: r.id,
                    title: `Progress report ${r.period_start} – ${r.period_end}`,
                    type: 'reporting',
                    description: r.narrative,
                    dueDate: dayEnd(r.period_end),
                    dateMet: r.status === 'accepted' ? iso(r.decided_at) : undefined,
                    status: REPORT_STATUS[r.status] ?? 'scheduled',
                  }),
                )
              : undefined,
          })
        : undefined,
  });
}

function variationText(v: ProcessData['execution']['variations'][number], currency: string): string {
  const parts: string[] = [];
  if (Number(v.value_change)) parts.push(`value ${Number(v.value_change) > 0 ? '+' : ''}${Number(v.value_change)} ${currency.trim()}`);
  if (v.new_period_end) parts.push(`end date ${v.new_period_end}`);
  if (v.scope) parts.push(`scope: ${v.scope}`);
  return `Variation ${v.seq}: ${parts.join('; ') || 'no change of value or period'} (cumulative ${Number(v.cumulative_pct)}% of the original value).`;
}
