import { type Expression, type Insertable, sql, type Updateable } from 'kysely';
import type { Executor, Tx } from '../../db/index.ts';
import { lockOf, xactLock, xactLockShared } from '../../db/locks.ts';
import { lockForUpdate as lockProgramme } from '../programme/repo.ts';
import { type TenderMatch, tenderMatchConditions } from './filter.repo.ts';
import type { TenderStatus, TenderTable } from './tables.ts';

/** Tender, lot, enquiry, amendment and committee queries. Bids are in bids.repo.ts. */
export async function insertTender(ex: Executor, t: Insertable<TenderTable>) {
  return ex.insertInto('tender').values(t).returningAll().executeTakeFirstOrThrow();
}

export async function byId(ex: Executor, id: string) {
  return ex.selectFrom('tender').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Bids and state changes on one tender are serialised by a transaction-scoped
 * advisory lock on the tender: bids take it shared (they run side by side),
 * anything that changes the tender's status or periods takes it exclusive
 * (and the row lock). So an opening never misses a bid that was still
 * committing, and a bid never lands after a status change. An advisory lock
 * rather than SELECT … FOR SHARE: shared row locks on one hot row make
 * PostgreSQL write a multixact per bid during the deadline rush.
 */
export async function byIdForUpdate(trx: Tx, id: string) {
  await xactLock(trx, lockOf.tender(id));
  return trx.selectFrom('tender').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
export async function byIdForShare(trx: Tx, id: string) {
  await xactLockShared(trx, lockOf.tender(id));
  return trx.selectFrom('tender').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function update(ex: Executor, id: string, patch: Updateable<TenderTable>) {
  return ex
    .updateTable('tender')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setStatus(ex: Executor, id: string, status: TenderStatus, reason: string | null = null) {
  return update(ex, id, { status, status_reason: reason });
}

/** OCIDs are `<prefix>-<year>-<n>`; the sequence is the count of tenders with the prefix, under the programme row lock. */
export async function nextOcid(ex: Tx, prefix: string): Promise<string> {
  await lockProgramme(ex);
  const r = await sql<{ n: number; y: string }>`select count(*)::int + 1 as n, to_char(now(), 'YYYY') as y from tender where ocid like ${prefix + '-%'}`.execute(ex);
  return `${prefix}-${r.rows[0].y}-${String(r.rows[0].n).padStart(5, '0')}`;
}

export async function insertLots(
  ex: Executor,
  rows: { tender_id: string; ref: string; title: string; description: string; value_amount: number | null; value_currency: string | null; position: number }[],
) {
  return ex.insertInto('tender_lot').values(rows).returningAll().execute();
}
export async function lots(ex: Executor, tenderId: string) {
  return ex.selectFrom('tender_lot').selectAll().where('tender_id', '=', tenderId).orderBy('position').execute();
}

/** Lots of several tenders in one statement (list pages), in lot order. */
export async function lotsOfMany(ex: Executor, tenderIds: string[]) {
  if (tenderIds.length === 0) return [];
  return ex.selectFrom('tender_lot').selectAll().where('tender_id', 'in', tenderIds).orderBy('tender_id').orderBy('position').execute();
}

export async function linkProjects(ex: Executor, tenderId: string, projectIds: string[]) {
  if (projectIds.length === 0) return;
  await ex
    .insertInto('tender_project')
    .values(projectIds.map((p) => ({ tender_id: tenderId, project_id: p })))
    .execute();
}
/** Which of these project ids exist (links must point at real projects). */
export async function existingProjects(ex: Executor, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  return new Set((await ex.selectFrom('project_summary').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
}
export async function projectIds(ex: Executor, tenderId: string) {
  return (await ex.selectFrom('tender_project').select('project_id').where('tender_id', '=', tenderId).execute()).map((r) => r.project_id);
}

export async function projectIdsOfMany(ex: Executor, tenderIds: string[]) {
  if (tenderIds.length === 0) return [];
  return ex.selectFrom('tender_project').select(['tender_id', 'project_id']).where('tender_id', 'in', tenderIds).execute();
}

export interface ListFilter {
  statuses?: string[];
  /** Also drafts on whose opening committee this user sits (they hold the key ceremony). */
  draftsOfMember?: string;
  after?: [string, string];
  /** Sector, district, eligibility (filter.repo.ts: the same match as the feeds'). */
  match?: TenderMatch;
  limit: number;
}
export async function list(ex: Executor, f: ListFilter) {
  let q = ex
    .selectFrom('tender')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1);
  if (f.statuses) {
    const statuses = f.statuses as TenderStatus[];
    const member = f.draftsOfMember;
    q = member
      ? q.where((eb) =>
          eb.or([
            eb('status', 'in', statuses),
            eb.and([
              eb('status', '=', 'draft'),
              eb.exists(eb.selectFrom('tender_committee as c').select('c.user_id').whereRef('c.tender_id', '=', 'tender.id').where('c.user_id', '=', member)),
            ]),
          ]),
        )
      : q.where('status', 'in', statuses);
  }
  for (const cond of tenderMatchConditions({ id: 'tender.id', eligibility: 'tender.eligibility' }, f.match ?? {})) q = q.where(cond);
  if (f.after) q = q.where(sql<boolean>`(created_at, id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  return q.execute();
}

/** The database clock, and the calendar day in the programme's time zone (eligibility is judged per day). */
export async function clock(ex: Executor): Promise<{ now: Date; day: string }> {
  const r = await sql<{
    now: Date;
    day: string;
  }>`select now() as now, (now() at time zone coalesce((select timezone from programme_profile limit 1), 'UTC'))::date::text as day`.execute(ex);
  return r.rows[0];
}

/** Is the bid window open, judged in SQL by this transaction's now() at full (microsecond) precision? */
export async function bidWindow(ex: Executor, id: string): Promise<{ now: Date; day: string; late: boolean; early: boolean }> {
  const r = await sql<{ now: Date; day: string; late: boolean; early: boolean }>`
    select now() as now, (now() at time zone coalesce(p.timezone, 'UTC'))::date::text as day,
           now() > t.tender_end as late, now() < t.tender_start as early
    from tender t join programme_profile p on p.id = t.programme_id where t.id = ${id}`.execute(ex);
  return r.rows[0];
}

export interface BidAdmission {
  id: string;
  ocid: string;
  status: TenderStatus;
  tender_start: Date;
  tender_end: Date;
  eligibility: string;
  now: Date;
  day: string;
  late: boolean;
  early: boolean;
  bidder_status: string | null;
  bidder_country: string | null;
  /** Null unless the tender is for partner countries only. */
  bidder_partner: boolean | null;
  lot_ids: string[];
}

/**
 * Everything a bid's admission reads, in one statement: the tender (state,
 * period), the database clock (now, the day in the programme's calendar,
 * late/early), the bidder (verification, country, partner on that day when
 * the tender asks) and the tender's lot ids. Take the shared tender lock
 * first, in its own statement (lockForBids), so that this statement's
 * snapshot sees any state change committed before the lock was granted.
 */
export async function bidAdmission(
  trx: Tx,
  tenderId: string,
  bidder: Expression<unknown>,
  partnerOn: (country: Expression<unknown>, day: Expression<unknown>) => Expression<boolean>,
): Promise<BidAdmission | undefined> {
  const day = sql`(now() at time zone coalesce(p.timezone, 'UTC'))::date`;
  const r = await sql<BidAdmission>`
    select t.id, t.ocid, t.status, t.tender_start, t.tender_end, t.eligibility,
           now() as now, ${day}::text as day, now() > t.tender_end as late, now() < t.tender_start as early,
           b.verification_status as bidder_status, b.country as bidder_country,
           case when t.eligibility = 'partners' and b.country is not null then ${partnerOn(sql.ref('b.country'), day)} end as bidder_partner,
           array(select l.id::text from tender_lot l where l.tender_id = t.id order by l.position) as lot_ids
    from tender t join programme_profile p on p.id = t.programme_id
    left join lateral (${bidder}) b on true
    where t.id = ${tenderId}`.execute(trx);
  return r.rows[0];
}

/** The shared side of the tender lock (see byIdForUpdate), alone: bidAdmission reads after it. */
export async function lockForBids(trx: Tx, tenderId: string) {
  await xactLockShared(trx, lockOf.tender(tenderId));
}

export async function enquiries(ex: Executor, tenderId: string) {
  return ex.selectFrom('tender_enquiry').selectAll().where('tender_id', '=', tenderId).orderBy('asked_at').orderBy('id').execute();
}
export async function insertEnquiry(
  ex: Executor,
  e: { tender_id: string; lot_id: string | null; question: string; asked_by_user_id: string | null; asked_by_org_id: string | null },
) {
  return ex.insertInto('tender_enquiry').values(e).returningAll().executeTakeFirstOrThrow();
}
export async function enquiryForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('tender_enquiry').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
export async function answerEnquiry(ex: Executor, id: string, answer: string, userId: string | null) {
  return ex.updateTable('tender_enquiry').set({ answer, answered_by: userId, answered_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function amendments(ex: Executor, tenderId: string) {
  return ex.selectFrom('tender_amendment').selectAll().where('tender_id', '=', tenderId).orderBy('seq').execute();
}
export async function insertAmendment(ex: Executor, a: { tender_id: string; reason: string; material: boolean; changes: string; created_by: string | null }) {
  const seq = await ex.selectFrom('tender_amendment').select(sql<number>`coalesce(max(seq), 0) + 1`.as('n')).where('tender_id', '=', a.tender_id).executeTakeFirstOrThrow();
  return ex
    .insertInto('tender_amendment')
    .values({ ...a, seq: seq.n })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function memberKey(ex: Executor, userId: string) {
  return ex.selectFrom('committee_member_key').selectAll().where('user_id', '=', userId).executeTakeFirst();
}
export async function upsertMemberKey(ex: Executor, userId: string, publicKey: string) {
  return ex
    .insertInto('committee_member_key')
    .values({ user_id: userId, public_key: publicKey })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ public_key: publicKey, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}
export async function usersWithRole(ex: Executor, ids: string[], role: string) {
  if (ids.length === 0) return [];
  return ex.selectFrom('organisation_member').select(['id']).where('id', 'in', ids).where('active', '=', true).where(sql<boolean>`${role} = any(roles)`).execute();
}
/** A user's organisation and roles (the Users module's organisation_member view). */
export async function member(ex: Executor, id: string) {
  return ex.selectFrom('organisation_member').select(['organisation_id', 'roles']).where('id', '=', id).executeTakeFirstOrThrow();
}
/** Active users with the committee role and whether they have registered a key, for the operator choosing a tender's committee. */
export async function committeeCandidates(ex: Executor) {
  return ex
    .selectFrom('organisation_member as u')
    .leftJoin('committee_member_key', 'committee_member_key.user_id', 'u.id')
    .select(['u.id', 'u.name', 'committee_member_key.public_key'])
    .where('u.active', '=', true)
    .where(sql<boolean>`'committee' = any(u.roles)`)
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(500)
    .execute();
}
export async function insertCommittee(ex: Executor, tenderId: string, userIds: string[]) {
  await ex
    .insertInto('tender_committee')
    .values(userIds.map((u) => ({ tender_id: tenderId, user_id: u, encrypted_share: null, share_sha256: null })))
    .execute();
}
export async function committee(ex: Executor, tenderId: string) {
  return ex
    .selectFrom('tender_committee')
    .leftJoin('committee_member_key', 'committee_member_key.user_id', 'tender_committee.user_id')
    .select(['tender_committee.user_id', 'tender_committee.encrypted_share', 'tender_committee.share_sha256', 'committee_member_key.public_key'])
    .where('tender_id', '=', tenderId)
    .orderBy('tender_committee.user_id')
    .execute();
}
/** Committees of several tenders in one statement (list pages). */
export async function committeeOfMany(ex: Executor, tenderIds: string[]) {
  if (tenderIds.length === 0) return [];
  return ex
    .selectFrom('tender_committee')
    .leftJoin('committee_member_key', 'committee_member_key.user_id', 'tender_committee.user_id')
    .select(['tender_committee.tender_id', 'tender_committee.user_id', 'tender_committee.encrypted_share', 'tender_committee.share_sha256', 'committee_member_key.public_key'])
    .where('tender_id', 'in', tenderIds)
    .orderBy('tender_committee.user_id')
    .execute();
}
export async function setShare(ex: Executor, tenderId: string, userId: string, encrypted: string, shareSha256: string | null) {
  await ex.updateTable('tender_committee').set({ encrypted_share: encrypted, share_sha256: shareSha256 }).where('tender_id', '=', tenderId).where('user_id', '=', userId).execute();
}
/** Tenders on whose committee a user sits. */
export async function committeeTenders(ex: Executor, userId: string) {
  return (await ex.selectFrom('tender_committee').select('tender_id').where('user_id', '=', userId).execute()).map((r) => r.tender_id);
}

/**
 * Demonstration data only (src/modules/tenders/demo.ts): move a tender's
 * periods into the past so that its demo bids can be opened at seed time.
 * Bids keep their real received_at (their receipts sign it).
 */
export async function demoCloseBidding(ex: Executor, id: string) {
  await sql`update tender set enquiry_start = now() - interval '30 days', enquiry_end = now() - interval '10 days',
    tender_start = now() - interval '30 days', tender_end = now() - interval '1 minute', opening_at = now() - interval '1 minute'
    where id = ${id} and is_demo`.execute(ex);
}
/** Demonstration data only: end an award's standstill now. */
export async function demoEndStandstill(ex: Executor, tenderId: string) {
  await sql`update award set standstill_ends_at = now() - interval '1 minute' where tender_id = ${tenderId} and exists (select 1 from tender where id = ${tenderId} and is_demo)`.execute(
    ex,
  );
}

/** The signed contract's own status (read by the OCDS mapping), kept in step by the contracts module's execution. */
export async function setContractStatus(ex: Executor, id: string, status: 'complete' | 'terminated') {
  await ex.updateTable('contract').set({ status }).where('id', '=', id).execute();
}

/** A draft's lots, project links and committee, replaced whole by the edit form (drafts have no bids, questions or shares that point at them). */
export async function replaceLots(ex: Executor, tenderId: string, rows: Parameters<typeof insertLots>[1]) {
  await ex.deleteFrom('tender_lot').where('tender_id', '=', tenderId).execute();
  return insertLots(ex, rows);
}
export async function replaceProjects(ex: Executor, tenderId: string, projectIds: string[]) {
  await ex.deleteFrom('tender_project').where('tender_id', '=', tenderId).execute();
  await linkProjects(ex, tenderId, projectIds);
}
export async function replaceCommittee(ex: Executor, tenderId: string, userIds: string[]) {
  await ex.deleteFrom('tender_committee').where('tender_id', '=', tenderId).execute();
  await insertCommittee(ex, tenderId, userIds);
}
