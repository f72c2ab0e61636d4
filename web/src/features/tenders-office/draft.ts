import type { Tender } from '../../api/types.ts';

/**
 * What the tender form edits and the body of POST /api/v1/tenders (and PUT
 * /api/v1/tenders/:id, which takes the same whole draft). Dates are typed in
 * the browser's local time (datetime-local) and sent as ISO instants.
 */
export interface LotRow {
  title: Record<string, string>;
  amount: number | '';
}
export interface CriterionRow {
  id: string;
  name: string;
  weight: number | '';
}
export interface DocRow {
  title: string;
  sha256: string;
  documentType: string;
}
export interface TenderDraft {
  title: Record<string, string>;
  description: Record<string, string>;
  projectIds: string[];
  method: 'open' | 'selective' | 'limited';
  eligibility: 'all' | 'partners';
  awardCriteria: 'priceOnly' | 'ratedCriteria';
  criteria: CriterionRow[];
  value: { amount: number | ''; currency: string };
  lots: LotRow[];
  enquiryPeriod: { startDate: string; endDate: string };
  tenderPeriod: { startDate: string; endDate: string };
  openingDate: string;
  standstillDays: number | '';
  amendmentWindowDays: number | '';
  minBids: number | '';
  committee: { memberUserIds: string[]; k: number | '' };
  documents: DocRow[];
}

/** `<input type="datetime-local">` value for an instant, in the browser's zone. */
export function localInput(d: Date | string): string {
  const x = typeof d === 'string' ? new Date(d) : d;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${x.getFullYear()}-${p(x.getMonth() + 1)}-${p(x.getDate())}T${p(x.getHours())}:${p(x.getMinutes())}`;
}
const iso = (local: string) => (local && !Number.isNaN(new Date(local).getTime()) ? new Date(local).toISOString() : local);

export function emptyDraft(lang: string, now = new Date()): TenderDraft {
  const day = 86_400_000;
  const at = (days: number) => localInput(new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + days * day));
  return {
    title: { [lang]: '' },
    description: { [lang]: '' },
    projectIds: [],
    method: 'open',
    eligibility: 'partners',
    awardCriteria: 'priceOnly',
    criteria: [],
    value: { amount: '', currency: 'AZN' },
    lots: [{ title: { [lang]: '' }, amount: '' }],
    enquiryPeriod: { startDate: at(1), endDate: at(20) },
    tenderPeriod: { startDate: at(1), endDate: at(31) },
    openingDate: at(31),
    standstillDays: 10,
    amendmentWindowDays: 5,
    minBids: 1,
    committee: { memberUserIds: [], k: 2 },
    documents: [],
  };
}

const text = (r: Record<string, string>) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) if (v.trim()) out[k] = v.trim();
  return out;
};
const num = (v: number | '') => (v === '' ? undefined : v);

export function toBody(d: TenderDraft): Record<string, unknown> {
  const description = text(d.description);
  const currency = d.value.currency.trim().toUpperCase();
  return {
    title: text(d.title),
    ...(Object.keys(description).length ? { description } : {}),
    projectIds: d.projectIds,
    method: d.method,
    eligibility: d.eligibility,
    awardCriteria: d.awardCriteria,
    ...(d.awardCriteria === 'ratedCriteria' ? { criteria: d.criteria.map((c) => ({ id: c.id.trim(), name: c.name.trim(), weight: num(c.weight) })) } : {}),
    ...(d.value.amount === '' ? {} : { value: { amount: d.value.amount, currency } }),
    lots: d.lots.map((l) => ({ title: text(l.title), ...(l.amount === '' ? {} : { value: { amount: l.amount, currency } }) })),
    enquiryPeriod: { startDate: iso(d.enquiryPeriod.startDate), endDate: iso(d.enquiryPeriod.endDate) },
    tenderPeriod: { startDate: iso(d.tenderPeriod.startDate), endDate: iso(d.tenderPeriod.endDate) },
    openingDate: iso(d.openingDate),
    ...(d.standstillDays === '' ? {} : { standstillDays: d.standstillDays }),
    ...(d.amendmentWindowDays === '' ? {} : { amendmentWindowDays: d.amendmentWindowDays }),
    ...(d.minBids === '' ? {} : { minBids: d.minBids }),
    committee: { memberUserIds: d.committee.memberUserIds, k: num(d.committee.k) },
    ...(d.documents.length ? { documents: d.documents } : {}),
  };
}

export function fromTender(t: Tender): TenderDraft {
  return {
    title: { ...t.title },
    description: { ...(t.description ?? {}) },
    projectIds: [...t.projectIds],
    method: t.method as TenderDraft['method'],
    eligibility: t.eligibility as TenderDraft['eligibility'],
    awardCriteria: t.awardCriteria as TenderDraft['awardCriteria'],
    criteria: t.criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight })),
    value: { amount: t.value?.amount ?? '', currency: t.value?.currency ?? 'AZN' },
    lots: t.lots.map((l) => ({ title: { ...l.title }, amount: l.value?.amount ?? '' })),
    enquiryPeriod: { startDate: localInput(t.enquiryPeriod.startDate), endDate: localInput(t.enquiryPeriod.endDate) },
    tenderPeriod: { startDate: localInput(t.tenderPeriod.startDate), endDate: localInput(t.tenderPeriod.endDate) },
    openingDate: localInput(t.openingDate),
    standstillDays: t.standstillDays,
    amendmentWindowDays: t.amendmentWindowDays,
    minBids: t.minBids,
    committee: { memberUserIds: t.opening.committee.map((c) => c.userId), k: t.opening.k ?? 2 },
    documents: t.documents.map((x) => ({ title: x.title, sha256: x.sha256, documentType: x.documentType })),
  };
}

/** The publish check names the programme's minimum periods by their amendment names; the form shows them on its own fields. */
export const PUBLISH_FIELDS: Record<string, string> = { '/tender/tenderEndDate': '/tenderPeriod/endDate', '/tender/enquiryEndDate': '/enquiryPeriod/endDate' };
