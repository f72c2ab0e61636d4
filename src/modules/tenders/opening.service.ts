import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, notFound } from '../../lib/errors.ts';
import { checkBidDocuments, combineShares, decodeBidPayload, decodeShare, openBid, publicKeyOf, type SealedEnvelope, shareSha256 } from '../../lib/sealing/index.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import * as bids from './bids.repo.ts';
import { TenderErrors } from './errors.ts';
import { tenderOrNotFound } from './load.ts';
import { publishStage } from './ocds-hook.ts';
import { TenderPerms } from './permissions.ts';
import * as repo from './repo.ts';
import { abnormallyLow } from './rules.ts';
import type { OpeningRecord } from './views.ts';

type OpeningEntry = Static<typeof OpeningRecord>['bids'][number];
type StoredRecord = Omit<Static<typeof OpeningRecord>, 'openedAt'>;

/** Every k-subset of `items` (k and n are at most 15, and k-of-n committees are small). */
function* subsets<T>(items: T[], k: number, start = 0, acc: T[] = []): Generator<T[]> {
  if (acc.length === k) return yield acc;
  for (let i = start; i < items.length; i++) yield* subsets(items, k, i + 1, [...acc, items[i]]);
}

/** Combine k shares into the private key whose public half is the tender's; null if no k-subset does. */
async function recoverKey(shares: string[], k: number, publicKey: string): Promise<string | null> {
  let tries = 0;
  for (const set of subsets(shares, k)) {
    if (++tries > 500) break;
    try {
      const priv = await combineShares(set);
      if ((await publicKeyOf(priv)) === publicKey) return priv;
    } catch {
      // a wrong share makes a non-key; try the next subset
    }
  }
  return null;
}

/**
 * A committee member hands in their decrypted share once the opening time
 * has come (database clock). Shares are checked against the commitment made
 * at key setup when there is one; once k are in and they rebuild the
 * tender's key, every bid is opened in this same transaction.
 * Errors: forbidden, not_found, not_committee_member, opening_too_early,
 * invalid_state, share_already_submitted, share_invalid.
 */
export async function submitShare(ctx: Ctx, tenderId: string, share: string) {
  assertCan(ctx.actor, TenderPerms.submitShare);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForUpdate(trx, tenderId), tenderId);
    const member = (await repo.committee(trx, tenderId)).find((m) => m.user_id === ctx.actor.userId);
    if (!member) throw new AppError(TenderErrors.notCommittee);
    const { now } = await repo.clock(trx);
    if (t.status !== 'active' && t.status !== 'opening') throw new AppError(Errors.invalidState, `the tender is ${t.status}`);
    if (now < new Date(t.opening_at) || now <= new Date(t.tender_end))
      throw new AppError(TenderErrors.openingTooEarly, `the opening is at ${new Date(t.opening_at).toISOString()}`);
    const have = await bids.shares(trx, tenderId);
    if (have.some((s) => s.user_id === ctx.actor.userId)) throw new AppError(TenderErrors.shareRepeated);
    try {
      decodeShare(share);
    } catch {
      throw new AppError(TenderErrors.shareWrong, 'not a share', { errors: [{ field: '/body/share', message: 'malformed' }] });
    }
    if (member.share_sha256 && (await shareSha256(share)) !== member.share_sha256)
      throw new AppError(TenderErrors.shareWrong, 'this is not the share issued to you', { errors: [{ field: '/body/share', message: 'wrong share' }] });
    if (have.some((s) => s.share === share)) throw new AppError(TenderErrors.shareRepeated, 'this share has already been submitted');
    if (t.status === 'active') await repo.setStatus(trx, tenderId, 'opening');
    await bids.insertShare(trx, tenderId, ctx.actor.userId!, share);
    await recordAudit(trx, ctx, { action: 'opening.share', entityType: 'tender', entityId: tenderId, after: { member: ctx.actor.userId, count: have.length + 1, k: t.opening_k } });
    const all = [...have.map((s) => s.share), share];
    if (all.length < t.opening_k!) return { opened: false, sharesIn: all.length, k: t.opening_k! };
    const key = await recoverKey(all, t.opening_k!, t.opening_public_key!);
    // Shares were each checked against their commitment, so a failure here means the key setup itself was wrong.
    if (!key) throw new AppError(TenderErrors.shareWrong, 'the shares do not rebuild this tender’s opening key', { errors: [{ field: '/body/share', message: 'wrong share' }] });
    const record = await openAll(trx, ctx, { id: t.id, ocid: t.ocid, minBids: t.min_bids }, key, [...have.map((s) => s.user_id), ctx.actor.userId!]);
    return { opened: true, sharesIn: all.length, k: t.opening_k!, record };
  });
}

async function openOne(tenderId: string, b: { id: string; organisation_id: string; envelope: unknown; lot_ids: string[] }, key: string, lotCurrency: Map<string, string | null>) {
  try {
    const bytes = await openBid(key, b.envelope as SealedEnvelope, { tenderId, bidderOrgId: b.organisation_id });
    const payload = decodeBidPayload(bytes);
    await checkBidDocuments(payload);
    const priced = payload.lots.map((l) => l.lotId).sort();
    if (priced.join() !== [...b.lot_ids].sort().join()) return { ok: false as const, reason: 'the sealed prices do not match the lots declared when bidding' };
    const wrongCurrency = payload.lots.find((l) => lotCurrency.get(l.lotId) && lotCurrency.get(l.lotId) !== l.price.currency);
    if (wrongCurrency) return { ok: false as const, reason: `lot ${wrongCurrency.lotId} is priced in ${wrongCurrency.price.currency}, not the lot currency` };
    return { ok: true as const, payload };
  } catch (e) {
    return { ok: false as const, reason: e instanceof Error ? e.message : 'the bid cannot be opened' };
  }
}

/**
 * Open every live bid with the rebuilt key, record prices per lot, flag
 * abnormally low prices, publish the opening record, forget the shares, and
 * move the tender to evaluation (or unsuccessful below the minimum of bids).
 */
async function openAll(trx: Transaction<DB>, ctx: Ctx, t: { id: string; ocid: string; minBids: number }, key: string, openedBy: string[]) {
  const live = await bids.bidsOf(trx, t.id, ['submitted']);
  const lots = await repo.lots(trx, t.id);
  const lotCurrency = new Map(lots.map((l) => [l.id, l.value_currency]));
  const entries: OpeningEntry[] = [];
  const prices: { bid_id: string; lot_id: string; amount: number; currency: string; abnormally_low: boolean }[] = [];
  for (const b of live) {
    const r = await openOne(t.id, b, key, lotCurrency);
    if (!r.ok) {
      await bids.setBidStatus(trx, b.id, 'disqualified', { reason: r.reason });
      entries.push({
        bidId: b.id,
        bidder: { id: b.organisation_id, name: b.org_name, country: b.org_country },
        receivedAt: new Date(b.received_at).toISOString(),
        status: 'disqualified',
        reason: r.reason,
        prices: [],
      });
      continue;
    }
    await bids.setBidStatus(trx, b.id, 'valid', {
      proposal: r.payload.technicalProposal ? { documents: r.payload.technicalProposal.documents.map((d) => ({ title: d.title, sha256: d.sha256 })) } : null,
      declarations: r.payload.declarations,
    });
    for (const l of r.payload.lots) prices.push({ bid_id: b.id, lot_id: l.lotId, amount: l.price.amount, currency: l.price.currency, abnormally_low: false });
    entries.push({
      bidId: b.id,
      bidder: { id: b.organisation_id, name: b.org_name, country: b.org_country },
      receivedAt: new Date(b.received_at).toISOString(),
      status: 'valid',
      reason: null,
      prices: [],
    });
  }
  for (const lot of lots) {
    const ofLot = prices.filter((p) => p.lot_id === lot.id);
    abnormallyLow(ofLot.map((p) => p.amount)).forEach((flag, i) => (ofLot[i].abnormally_low = flag));
  }
  await bids.insertPrices(trx, prices);
  for (const e of entries)
    e.prices = prices
      .filter((p) => p.bid_id === e.bidId)
      .map((p) => ({ lotId: p.lot_id, lotRef: lots.find((l) => l.id === p.lot_id)?.ref, amount: p.amount, currency: p.currency, abnormallyLow: p.abnormally_low }));
  const valid = entries.filter((e) => e.status === 'valid').length;
  const record: StoredRecord = { tenderId: t.id, ocid: t.ocid, openedBy, bids: entries, validBids: valid, disqualifiedBids: entries.length - valid };
  const row = await bids.insertOpening(trx, t.id, openedBy, record);
  await bids.deleteShares(trx, t.id);
  const next = valid < t.minBids ? 'unsuccessful' : 'evaluation';
  await repo.setStatus(trx, t.id, next, next === 'unsuccessful' ? `${valid} valid bid(s), fewer than the minimum of ${t.minBids}` : null);
  await recordAudit(trx, ctx, { action: 'opening.open', entityType: 'tender', entityId: t.id, after: { status: next, validBids: valid, disqualified: entries.length - valid } });
  await publishStage(trx, ctx, t.ocid, ['tenderUpdate']);
  return { ...record, openedAt: new Date(row.opened_at).toISOString() };
}

/** The published opening record; before the opening there is none, for anyone. Errors: not_found. */
export async function record(ctx: Ctx, tenderId: string) {
  const row = await bids.opening(ctx.db, tenderId);
  if (!row) throw notFound('opening record of tender', tenderId);
  return { ...(row.record as StoredRecord), openedAt: new Date(row.opened_at).toISOString() };
}

/** A committee member fetches their own sealed share to decrypt it locally. Errors: forbidden, not_committee_member, not_found. */
export async function myShare(ctx: Ctx, tenderId: string) {
  assertCan(ctx.actor, TenderPerms.submitShare);
  const member = (await repo.committee(ctx.db, tenderId)).find((m) => m.user_id === ctx.actor.userId);
  if (!member) throw new AppError(TenderErrors.notCommittee);
  if (!member.encrypted_share) throw notFound('share (the opening key is not set up yet)');
  const t = await repo.byId(ctx.db, tenderId);
  return {
    tenderId,
    memberUserId: member.user_id,
    encryptedShare: member.encrypted_share as SealedEnvelope,
    k: t!.opening_k,
    n: t!.opening_n,
    openingPublicKey: t!.opening_public_key,
  };
}
