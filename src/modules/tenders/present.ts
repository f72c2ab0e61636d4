import type { Selectable } from 'kysely';
import type { SignedReceipt } from '../../lib/sealing/index.ts';
import { activePhase } from './rules.ts';
import type { BidTable, TenderLotTable, TendersTables, TenderTable } from './tables.ts';

type ComplaintTable = TendersTables['complaint'];

/** Public views of tender rows. Bid contents never appear in these. */
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
/** For NOT NULL timestamp columns (migrations/0400_tenders.sql). */
const at = (d: Date | string) => new Date(d).toISOString();
const money = (amount: number | null, currency: string | null) => (amount === null || currency === null ? null : { amount: Number(amount), currency });

export function presentLot(l: Selectable<TenderLotTable>) {
  return { id: l.id, ref: l.ref, title: l.title, description: l.description, value: money(l.value_amount, l.value_currency) };
}

export function presentTender(
  t: Selectable<TenderTable>,
  extra: { lots: Selectable<TenderLotTable>[]; projectIds: string[]; now: Date; committee?: { userId: string; hasShare: boolean; memberPublicKey: string | null }[] },
) {
  return {
    id: t.id,
    ocid: t.ocid,
    title: t.title,
    description: t.description,
    status: t.status,
    statusReason: t.status_reason,
    phase: t.status === 'active' ? activePhase(t as never, extra.now) : null,
    method: t.method,
    eligibility: t.eligibility,
    awardCriteria: t.award_criteria,
    criteria: t.criteria,
    value: money(t.value_amount, t.value_currency),
    documents: t.documents,
    lots: extra.lots.map(presentLot),
    projectIds: extra.projectIds,
    enquiryPeriod: { startDate: at(t.enquiry_start), endDate: at(t.enquiry_end) },
    tenderPeriod: { startDate: at(t.tender_start), endDate: at(t.tender_end) },
    openingDate: at(t.opening_at),
    standstillDays: t.standstill_days,
    minBids: t.min_bids,
    amendmentWindowDays: t.amendment_window_days,
    opening: { publicKey: t.opening_public_key, k: t.opening_k, n: t.opening_n, committee: extra.committee ?? [] },
    publishedAt: iso(t.published_at),
    isDemo: t.is_demo,
    createdAt: at(t.created_at),
    serverTime: extra.now.toISOString(),
  };
}
export type TenderView = ReturnType<typeof presentTender>;

/**
 * When the first of these views changes phase by the clock alone (an active
 * tender's enquiry or tender period starting or ending), or null: until then
 * an answer made of them stays true (src/http/public-cache.ts cacheUntil).
 * A boundary equal to now counts, since the phase turns just after it.
 */
export function nextPhaseChange(views: TenderView[]): Date | null {
  let next = Number.POSITIVE_INFINITY;
  for (const v of views) {
    if (v.status !== 'active') continue;
    const now = Date.parse(v.serverTime);
    for (const d of [v.enquiryPeriod.startDate, v.enquiryPeriod.endDate, v.tenderPeriod.startDate, v.tenderPeriod.endDate]) {
      const t = Date.parse(d);
      if (t >= now && t < next) next = t;
    }
  }
  return Number.isFinite(next) ? new Date(next) : null;
}

/** A bid as its own bidder (or, after the opening, officials) see it: metadata, hash, receipt, never the envelope. */
export function presentBid(b: Selectable<BidTable>) {
  return {
    id: b.id,
    tenderId: b.tender_id,
    organisationId: b.organisation_id,
    status: b.status,
    lotIds: b.lot_ids,
    receivedAt: iso(b.received_at),
    envelopeSha256: b.envelope_sha256,
    // Stored as signed at submission (bids.ts store): the receipt column holds a SignedReceipt.
    receipt: b.receipt as SignedReceipt | null,
    replacesBidId: b.replaces_bid_id,
    withdrawnAt: iso(b.withdrawn_at),
    disqualificationReason: b.disqualification_reason,
  };
}

/**
 * Who reads a complaint whole: the review body and programme staff (complaints.service.ts readerOf), and the complainant
 * itself (`orgId`). Everyone else — the public, other bidders — sees that a complaint exists and its status at once, its
 * grounds and the review body's reasons once decided, and never who lodged it: as a question is published without its
 * asker, a bidder should not have to fear being named for complaining; the OCDS release says no more than the award's
 * suspension (docs/ocds.md).
 */
export interface ComplaintReader {
  whole: boolean;
  orgId: string | null;
}
export const WHOLE: ComplaintReader = { whole: true, orgId: null };

export function presentComplaint(c: Selectable<ComplaintTable>, reader: ComplaintReader) {
  const whole = reader.whole || (reader.orgId !== null && reader.orgId === c.complainant_org_id);
  return {
    id: c.id,
    tenderId: c.tender_id,
    awardId: c.award_id,
    complainantOrgId: whole ? c.complainant_org_id : null,
    grounds: whole || c.status !== 'pending' ? c.grounds : null,
    status: c.status,
    filedAt: iso(c.filed_at),
    decision: c.decision,
    decidedAt: iso(c.decided_at),
  };
}
