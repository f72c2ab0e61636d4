import crypto from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound, validationError } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { checkEnvelope, envelopeSha256, type SealedEnvelope } from '../../lib/sealing/index.ts';
import { changeWithAudit, recordAudit } from '../audit/service.ts';
import { assertCan, assertSignedIn } from '../auth/permissions.ts';
import { partnerOnSql } from '../partners/eligibility.ts';
import { signReceipt } from '../receipts/service.ts';
import * as bids from './bids.repo.ts';
import { TenderErrors } from './errors.ts';
import { tenderOrNotFound } from './load.ts';
import { TenderPerms } from './permissions.ts';
import { presentBid } from './present.ts';
import * as repo from './repo.ts';
import type { BidInputT } from './schema.ts';
import type { BidTable } from './tables.ts';

const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';

/**
 * Everything checked before a bid is stored, inside the storing transaction:
 * tender state and deadline by the database clock (share-locked so that a
 * status change cannot slip in between), verified bidder, eligibility on the
 * bid day in the programme's calendar, known lots, a well-formed envelope.
 * The reads are one statement after the lock (repo.bidAdmission).
 */
async function admit(trx: Transaction<DB>, ctx: Ctx, tenderId: string, input: BidInputT) {
  await repo.lockForBids(trx, tenderId);
  const t = await tenderOrNotFound(repo.bidAdmission(trx, tenderId, bids.bidderOf(ctx.actor.orgId!), partnerOnSql), tenderId, { published: true });
  const { now, day, late, early } = t;
  if (t.status !== 'active') throw new AppError(TenderErrors.notOpenForBids, `the tender is ${t.status}`);
  if (late) throw new AppError(TenderErrors.deadlinePassed, `the deadline was ${new Date(t.tender_end).toISOString()}; received ${now.toISOString()}`);
  if (early) throw new AppError(TenderErrors.notOpenForBids, `bids are accepted from ${new Date(t.tender_start).toISOString()}`);
  if (t.bidder_status !== 'verified') throw new AppError(TenderErrors.notVerified);
  if (t.eligibility === 'partners' && !t.bidder_partner) {
    throw new AppError(TenderErrors.notEligible, `${t.bidder_country} is not a partner country of the programme on ${day}`);
  }
  const lotIds = new Set(t.lot_ids);
  const unknown = input.lotIds.findIndex((l) => !lotIds.has(l));
  if (unknown >= 0) throw validationError([{ field: `/body/lotIds/${unknown}`, message: 'not a lot of this tender' }]);
  if (!checkEnvelope(input.envelope))
    throw new AppError(TenderErrors.badEnvelope, 'the envelope is not a sealed X25519-HKDF-SHA256-AES-256-GCM envelope', {
      errors: [{ field: '/body/envelope', message: 'invalid' }],
    });
  return t;
}

/**
 * Store the bid with its signed receipt and its audit event in one
 * statement. `now` is the transaction's now() (constant within a
 * transaction in PostgreSQL), which is also the received_at column default,
 * so the receipt signs exactly the stored time; the event's `after` is the
 * stored bid, known before the insert.
 */
async function store(trx: Transaction<DB>, ctx: Ctx, t: { id: string; ocid: string; now: Date }, input: BidInputT, replaces: string | null) {
  const env = input.envelope as SealedEnvelope;
  const sha = await envelopeSha256(env);
  const id = crypto.randomUUID();
  const receivedAt = t.now.toISOString();
  const receipt = await signReceipt(ctx, { tenderId: t.id, ocid: t.ocid, bidId: id, bidderOrgId: ctx.actor.orgId!, envelopeSha256: sha, receivedAt });
  const values = {
    id,
    receipt: JSON.stringify(receipt),
    tender_id: t.id,
    organisation_id: ctx.actor.orgId!,
    submitted_by: ctx.actor.userId,
    lot_ids: input.lotIds,
    envelope: JSON.stringify({ v: env.v, alg: env.alg, epk: env.epk, iv: env.iv, ct: env.ct }),
    envelope_sha256: sha,
    replaces_bid_id: replaces,
  };
  const stored = { ...values, receipt, status: 'submitted', received_at: t.now, withdrawn_at: null, disqualification_reason: null } as unknown as Selectable<BidTable>;
  const [row] = await changeWithAudit<Selectable<BidTable>>(trx, ctx, bids.insertBidQuery(trx, values), {
    action: replaces ? 'bid.replace' : 'bid.submit',
    entityType: 'bid',
    entityId: id,
    after: { ...presentBid(stored), receipt: undefined },
  });
  if (new Date(row.received_at).toISOString() !== receivedAt) throw new Error('received_at differs from the transaction clock');
  return presentBid({ ...row, receipt });
}

function companyActor(ctx: Ctx) {
  assertCan(ctx.actor, TenderPerms.bid);
  assertSignedIn(ctx.actor);
  if (!ctx.actor.orgId) throw new AppError(TenderErrors.notVerified, 'your account belongs to no organisation');
}

/**
 * Submit a sealed bid. Retries with the same Idempotency-Key return the first
 * answer; a second live bid from the same company is refused (bid_exists),
 * also under concurrency (a partial unique index backs the check).
 * Errors: forbidden, not_found, bid_deadline_passed, tender_not_open_for_bids,
 * bidder_not_verified, bidder_not_eligible, validation_failed (lots),
 * invalid_envelope, bid_exists, idempotency_key_reused.
 */
export async function submit(ctx: Ctx, tenderId: string, input: BidInputT, key?: string) {
  companyActor(ctx);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const r = await idempotent(trx, `bid:${ctx.actor.orgId}:${tenderId}`, key, input, async () => {
        const t = await admit(trx, ctx, tenderId, input);
        // A second live bid is refused by the bid_one_live unique index (caught below), also under concurrency.
        return store(trx, ctx, t, input, null);
      });
      return r.value;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(TenderErrors.bidExists);
    throw e;
  }
}

/** Replace the live bid before the deadline: the old one is kept as `replaced`. Errors: as submit, plus not_found (no live bid). */
export async function replace(ctx: Ctx, tenderId: string, input: BidInputT, key?: string) {
  companyActor(ctx);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const r = await idempotent(trx, `bid-replace:${ctx.actor.orgId}:${tenderId}`, key, input, async () => {
        const t = await admit(trx, ctx, tenderId, input);
        const live = await bids.liveBid(trx, tenderId, ctx.actor.orgId!);
        if (!live) throw notFound('live bid of your organisation');
        await bids.setBidStatus(trx, live.id, 'replaced');
        return store(trx, ctx, t, input, live.id);
      });
      return r.value;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(TenderErrors.bidExists);
    throw e;
  }
}

/** Withdraw the live bid before the deadline. Errors: forbidden, not_found, bid_deadline_passed, tender_not_open_for_bids. */
export async function withdraw(ctx: Ctx, tenderId: string) {
  companyActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForShare(trx, tenderId), tenderId, { published: true });
    const { late } = await repo.bidWindow(trx, tenderId);
    if (t.status !== 'active') throw new AppError(TenderErrors.notOpenForBids, `the tender is ${t.status}`);
    if (late) throw new AppError(TenderErrors.deadlinePassed);
    const live = await bids.liveBid(trx, tenderId, ctx.actor.orgId!);
    if (!live) throw notFound('live bid of your organisation');
    const after = await bids.setBidStatus(trx, live.id, 'withdrawn', { withdrawn: true });
    await recordAudit(trx, ctx, { action: 'bid.withdraw', entityType: 'bid', entityId: live.id, before: { status: 'submitted' }, after: { status: 'withdrawn' } });
    return presentBid(after);
  });
}

/** The caller's own bids on a tender (metadata and receipts, never the envelope). Errors: forbidden. */
export async function mine(ctx: Ctx, tenderId: string) {
  companyActor(ctx);
  const rows = await bids.bidsOfOrg(ctx.db, tenderId, ctx.actor.orgId!);
  return { items: rows.map(presentBid) };
}
