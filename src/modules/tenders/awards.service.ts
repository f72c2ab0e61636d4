import type { Selectable } from 'kysely';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { openExecution } from '../contracts/contracts.service.ts';
import * as notify from '../feeds/notify.ts';
import * as bids from './bids.repo.ts';
import { readerOf } from './complaints.service.ts';
import { TenderErrors } from './errors.ts';
import { tenderOrNotFound } from './load.ts';
import { publishStage } from './ocds-hook.ts';
import { TenderPerms } from './permissions.ts';
import { presentComplaint } from './present.ts';
import * as repo from './repo.ts';
import type { TendersTables } from './tables.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
export function presentAward(a: Selectable<TendersTables['award']>) {
  return {
    id: a.id,
    tenderId: a.tender_id,
    bidId: a.bid_id,
    supplierOrgId: a.supplier_org_id,
    value: { amount: Number(a.value_amount), currency: a.value_currency },
    reasons: a.reasons,
    status: a.status,
    date: iso(a.decided_at),
    standstillEndsAt: iso(a.standstill_ends_at),
  };
}
function presentContract(c: Selectable<TendersTables['contract']>) {
  return {
    id: c.id,
    tenderId: c.tender_id,
    awardId: c.award_id,
    supplierOrgId: c.supplier_org_id,
    title: c.title,
    value: { amount: Number(c.value_amount), currency: c.value_currency },
    signedAt: iso(c.signed_at),
    period: { startDate: c.period_start, endDate: c.period_end },
    status: c.status,
  };
}

/**
 * Award the tender to one valid bid, with reasons; the standstill starts now
 * (database clock) and lasts the tender's standstill days.
 * Errors: forbidden, not_found, invalid_state, validation_failed (bid), conflict (mixed currencies).
 */
export async function award(ctx: Ctx, tenderId: string, input: { bidId: string; reasons: string }) {
  assertCan(ctx.actor, TenderPerms.award);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForUpdate(trx, tenderId), tenderId);
    if (t.status !== 'evaluation') throw new AppError(Errors.invalidState, `the tender is ${t.status}, not in evaluation`);
    const bid = await bids.bidById(trx, input.bidId);
    if (!bid || bid.tender_id !== tenderId || bid.status !== 'valid')
      throw validationError([{ field: '/body/bidId', message: 'not a valid bid of this tender', code: 'unknown_reference' }]);
    const prices = (await bids.prices(trx, tenderId)).filter((p) => p.bid_id === bid.id);
    const currencies = [...new Set(prices.map((p) => p.currency))];
    if (currencies.length !== 1) throw new AppError(Errors.conflict, 'the bid is priced in several currencies; award per currency is not supported');
    const a = await bids.insertAward(trx, {
      tender_id: tenderId,
      bid_id: bid.id,
      supplier_org_id: bid.organisation_id,
      value_amount: prices.reduce((s, p) => s + Number(p.amount), 0),
      value_currency: currencies[0],
      reasons: input.reasons,
      standstill_days: t.standstill_days,
      created_by: ctx.actor.userId,
    });
    await repo.setStatus(trx, tenderId, 'standstill');
    await recordAudit(trx, ctx, { action: 'tender.award', entityType: 'award', entityId: a.id, after: presentAward(a), reason: input.reasons });
    await publishStage(trx, ctx, t.ocid, ['award']);
    // The projects' subscribers are mailed if and only if the award commits (feeds/notify.ts).
    await notify.tenderAwarded(trx, ctx, a.id);
    return presentAward(a);
  });
}

/** After the standstill (database clock) with no pending complaint, the award takes effect. Errors: forbidden, not_found, invalid_state, standstill_running, complaint_pending. */
export async function confirm(ctx: Ctx, tenderId: string) {
  assertCan(ctx.actor, TenderPerms.award);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForUpdate(trx, tenderId), tenderId);
    const a = await bids.liveAward(trx, tenderId);
    if (t.status !== 'standstill' || !a) throw new AppError(Errors.invalidState, `the tender is ${t.status}`);
    if (a.status === 'suspended' || (await bids.pendingComplaints(trx, a.id)) > 0) throw new AppError(TenderErrors.complaintPending);
    if (!(await bids.standstillOver(trx, a.id))) throw new AppError(TenderErrors.standstill, `the standstill ends ${new Date(a.standstill_ends_at).toISOString()}`);
    const after = await bids.setAwardStatus(trx, a.id, 'active');
    await repo.setStatus(trx, tenderId, 'awarded');
    await recordAudit(trx, ctx, { action: 'tender.award_confirm', entityType: 'award', entityId: a.id, before: { status: a.status }, after: { status: 'active' } });
    await publishStage(trx, ctx, t.ocid, ['awardUpdate']);
    return presentAward(after);
  });
}

/** Sign the contract with the awarded supplier; the tender is then complete. Errors: forbidden, not_found, invalid_state, validation_failed (period). */
export async function signContract(
  ctx: Ctx,
  tenderId: string,
  input: { title?: Record<string, string>; value?: { amount: number; currency: string }; periodStart: string; periodEnd: string },
) {
  assertCan(ctx.actor, TenderPerms.contract);
  if (input.periodEnd < input.periodStart)
    throw validationError([{ field: '/body/periodEnd', message: 'before the start', code: 'end_before_start', params: { other: 'periodStart' } }]);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForUpdate(trx, tenderId), tenderId);
    const a = await bids.liveAward(trx, tenderId);
    if (t.status !== 'awarded' || !a || a.status !== 'active') throw new AppError(Errors.invalidState, `the tender is ${t.status}; a contract follows a confirmed award`);
    const c = await bids.insertContract(trx, {
      tender_id: tenderId,
      award_id: a.id,
      supplier_org_id: a.supplier_org_id,
      title: JSON.stringify(input.title ?? t.title),
      value_amount: input.value?.amount ?? Number(a.value_amount),
      value_currency: input.value?.currency ?? a.value_currency,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      created_by: ctx.actor.userId,
    });
    await repo.setStatus(trx, tenderId, 'complete');
    await recordAudit(trx, ctx, { action: 'tender.contract', entityType: 'contract', entityId: c.id, after: presentContract(c) });
    // Execution (milestones, progress, payments) belongs to the contracts module from here on.
    await openExecution(trx, ctx, c);
    await publishStage(trx, ctx, t.ocid, ['contract']);
    return presentContract(c);
  });
}

/** Awards, complaints and contracts of a tender; complaints as the caller may read them (present.ts presentComplaint). */
export async function outcome(ctx: Ctx, tenderId: string) {
  await tenderOrNotFound(repo.byId(ctx.db, tenderId), tenderId, { published: true });
  const [a, c, k] = await Promise.all([bids.awards(ctx.db, tenderId), bids.complaints(ctx.db, tenderId), bids.contracts(ctx.db, tenderId)]);
  const reader = await readerOf(ctx);
  return { awards: a.map(presentAward), complaints: c.map((x) => presentComplaint(x, reader)), contracts: k.map(presentContract) };
}
