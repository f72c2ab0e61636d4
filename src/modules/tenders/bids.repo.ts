import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { BidStatus } from './tables.ts';

/** Bid, opening, evaluation, award, complaint and contract queries. */
export interface NewBid {
  id: string;
  receipt: string;
  tender_id: string;
  organisation_id: string;
  submitted_by: string | null;
  lot_ids: string[];
  envelope: string;
  envelope_sha256: string;
  replaces_bid_id: string | null;
}
/** The bidder's verification and country, as a subquery of the bid admission (repo.ts bidAdmission). */
export function bidderOf(orgId: string) {
  return sql<{ verification_status: string; country: string }>`select verification_status, country from organisation_party where id = ${orgId}`;
}
/** The insert, not run: bids.ts sends it together with its audit event. received_at takes the column default (the transaction clock). */
export function insertBidQuery(ex: Executor, b: NewBid) {
  return ex.insertInto('bid').values(b).returningAll();
}
export async function setReceipt(ex: Executor, id: string, receipt: unknown) {
  await ex
    .updateTable('bid')
    .set({ receipt: JSON.stringify(receipt) })
    .where('id', '=', id)
    .execute();
}
export async function liveBid(ex: Executor, tenderId: string, orgId: string) {
  return ex.selectFrom('bid').selectAll().where('tender_id', '=', tenderId).where('organisation_id', '=', orgId).where('status', '=', 'submitted').forUpdate().executeTakeFirst();
}
export async function bidById(ex: Executor, id: string) {
  return ex.selectFrom('bid').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function setBidStatus(
  ex: Executor,
  id: string,
  status: BidStatus,
  extra: { withdrawn?: boolean; reason?: string | null; proposal?: unknown; declarations?: unknown } = {},
) {
  return ex
    .updateTable('bid')
    .set({
      status,
      withdrawn_at: extra.withdrawn ? sql`now()` : undefined,
      disqualification_reason: extra.reason,
      proposal: extra.proposal === undefined ? undefined : JSON.stringify(extra.proposal),
      declarations: extra.declarations === undefined ? undefined : JSON.stringify(extra.declarations),
      opened_at: status === 'valid' || status === 'disqualified' ? sql`now()` : undefined,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
export async function bidsOf(ex: Executor, tenderId: string, statuses: BidStatus[]) {
  return ex
    .selectFrom('bid')
    .innerJoin('organisation_party as organisation', 'organisation.id', 'bid.organisation_id')
    .selectAll('bid')
    .select(['organisation.name as org_name', 'organisation.country as org_country'])
    .where('tender_id', '=', tenderId)
    .where('bid.status', 'in', statuses)
    .orderBy('received_at')
    .orderBy('bid.id')
    .execute();
}
export async function bidsOfOrg(ex: Executor, tenderId: string, orgId: string) {
  return ex.selectFrom('bid').selectAll().where('tender_id', '=', tenderId).where('organisation_id', '=', orgId).orderBy('received_at').execute();
}
export async function countLive(ex: Executor, tenderId: string) {
  const r = await ex.selectFrom('bid').select(sql<number>`count(*)::int`.as('n')).where('tender_id', '=', tenderId).where('status', '=', 'submitted').executeTakeFirstOrThrow();
  return r.n;
}

export async function insertPrices(ex: Executor, rows: { bid_id: string; lot_id: string; amount: number; currency: string; abnormally_low: boolean }[]) {
  if (rows.length) await ex.insertInto('bid_price').values(rows).execute();
}
export async function prices(ex: Executor, tenderId: string) {
  return ex.selectFrom('bid_price').innerJoin('bid', 'bid.id', 'bid_price.bid_id').selectAll('bid_price').where('bid.tender_id', '=', tenderId).execute();
}

export async function insertShare(ex: Executor, tenderId: string, userId: string, share: string) {
  await ex.insertInto('opening_share').values({ tender_id: tenderId, user_id: userId, share }).execute();
}
export async function shares(ex: Executor, tenderId: string) {
  return ex.selectFrom('opening_share').selectAll().where('tender_id', '=', tenderId).orderBy('submitted_at').execute();
}
export async function deleteShares(ex: Executor, tenderId: string) {
  await ex.deleteFrom('opening_share').where('tender_id', '=', tenderId).execute();
}
export async function insertOpening(ex: Executor, tenderId: string, openedBy: string[], record: unknown) {
  return ex
    .insertInto('tender_opening')
    .values({ tender_id: tenderId, opened_by: openedBy, record: JSON.stringify(record) })
    .returningAll()
    .executeTakeFirstOrThrow();
}
export async function opening(ex: Executor, tenderId: string) {
  return ex.selectFrom('tender_opening').selectAll().where('tender_id', '=', tenderId).executeTakeFirst();
}

export async function declaration(ex: Executor, tenderId: string, userId: string) {
  return ex.selectFrom('conflict_declaration').selectAll().where('tender_id', '=', tenderId).where('user_id', '=', userId).executeTakeFirst();
}
export async function insertDeclaration(ex: Executor, d: { tender_id: string; user_id: string; has_conflict: boolean; statement: string }) {
  return ex.insertInto('conflict_declaration').values(d).returningAll().executeTakeFirstOrThrow();
}
export async function upsertScores(ex: Executor, rows: { bid_id: string; user_id: string; criterion_id: string; score: number; comment: string | null }[]) {
  await ex
    .insertInto('evaluation_score')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['bid_id', 'user_id', 'criterion_id']).doUpdateSet((eb) => ({ score: eb.ref('excluded.score'), comment: eb.ref('excluded.comment'), scored_at: sql`now()` })),
    )
    .execute();
}
/** Mean score per bid and criterion over evaluators. */
export async function meanScores(ex: Executor, tenderId: string) {
  return ex
    .selectFrom('evaluation_score')
    .innerJoin('bid', 'bid.id', 'evaluation_score.bid_id')
    .select(['evaluation_score.bid_id', 'evaluation_score.criterion_id', sql<number>`avg(score)::float8`.as('mean')])
    .where('bid.tender_id', '=', tenderId)
    .groupBy(['evaluation_score.bid_id', 'evaluation_score.criterion_id'])
    .execute();
}

export async function insertAward(
  ex: Executor,
  a: {
    tender_id: string;
    bid_id: string;
    supplier_org_id: string;
    value_amount: number;
    value_currency: string;
    reasons: string;
    standstill_days: number;
    created_by: string | null;
  },
) {
  const { standstill_days, ...row } = a;
  return ex
    .insertInto('award')
    .values({ ...row, standstill_ends_at: sql`now() + make_interval(days => ${standstill_days})` })
    .returningAll()
    .executeTakeFirstOrThrow();
}
export async function liveAward(ex: Executor, tenderId: string) {
  return ex.selectFrom('award').selectAll().where('tender_id', '=', tenderId).where('status', '<>', 'cancelled').forUpdate().executeTakeFirst();
}
export async function awards(ex: Executor, tenderId: string) {
  return ex.selectFrom('award').selectAll().where('tender_id', '=', tenderId).orderBy('decided_at').execute();
}
export async function setAwardStatus(ex: Executor, id: string, status: 'pending' | 'suspended' | 'active' | 'cancelled') {
  return ex.updateTable('award').set({ status }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
/** Has the standstill of this award ended, by the database clock? */
export async function standstillOver(ex: Executor, awardId: string) {
  const r = await ex.selectFrom('award').select(sql<boolean>`standstill_ends_at <= now()`.as('over')).where('id', '=', awardId).executeTakeFirstOrThrow();
  return r.over;
}

export async function insertComplaint(ex: Executor, c: { tender_id: string; award_id: string; complainant_org_id: string; filed_by: string | null; grounds: string }) {
  return ex.insertInto('complaint').values(c).returningAll().executeTakeFirstOrThrow();
}
export async function complaintForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('complaint').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
export async function decideComplaint(ex: Executor, id: string, status: 'upheld' | 'dismissed', decision: string, userId: string | null) {
  return ex.updateTable('complaint').set({ status, decision, decided_by: userId, decided_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
export async function complaints(ex: Executor, tenderId: string) {
  return ex.selectFrom('complaint').selectAll().where('tender_id', '=', tenderId).orderBy('filed_at').execute();
}
/** A tender's complaints with the complainant's name (the Organisations module's organisation_party view); who may see the name is the service's rule. */
export async function complaintsWithComplainant(ex: Executor, tenderId: string) {
  return ex
    .selectFrom('complaint')
    .innerJoin('organisation_party as party', 'party.id', 'complaint.complainant_org_id')
    .selectAll('complaint')
    .select('party.name as complainant_name')
    .where('complaint.tender_id', '=', tenderId)
    .orderBy('complaint.filed_at')
    .execute();
}
export async function pendingComplaints(ex: Executor, awardId: string) {
  const r = await ex.selectFrom('complaint').select(sql<number>`count(*)::int`.as('n')).where('award_id', '=', awardId).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return r.n;
}

export async function insertContract(
  ex: Executor,
  c: {
    tender_id: string;
    award_id: string;
    supplier_org_id: string;
    title: string;
    value_amount: number;
    value_currency: string;
    period_start: string;
    period_end: string;
    created_by: string | null;
  },
) {
  return ex
    .insertInto('contract')
    .values({ ...c, signed_at: sql`now()` })
    .returningAll()
    .executeTakeFirstOrThrow();
}
export async function contracts(ex: Executor, tenderId: string) {
  return ex.selectFrom('contract').selectAll().where('tender_id', '=', tenderId).orderBy('created_at').execute();
}
/** The party behind a bid or a complaint decision: country, roles, verification (the Organisations module's organisation_party view). */
export async function orgById(ex: Executor, id: string) {
  return ex.selectFrom('organisation_party').selectAll().where('id', '=', id).executeTakeFirst();
}
