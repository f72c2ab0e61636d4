import type { Selectable } from 'kysely';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, forbidden, notFound, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, assertSignedIn, hasRole } from '../auth/permissions.ts';
import { openExecution } from '../contracts/contracts.service.ts';
import * as bids from './bids.repo.ts';
import { TenderErrors } from './errors.ts';
import { tenderOrNotFound } from './load.ts';
import { publishStage } from './ocds-hook.ts';
import { TenderPerms } from './permissions.ts';
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
function presentComplaint(c: Selectable<TendersTables['complaint']>) {
  return {
    id: c.id,
    tenderId: c.tender_id,
    awardId: c.award_id,
    complainantOrgId: c.complainant_org_id,
    grounds: c.grounds,
    status: c.status,
    filedAt: iso(c.filed_at),
    decision: c.decision,
    decidedAt: iso(c.decided_at),
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
    if (!bid || bid.tender_id !== tenderId || bid.status !== 'valid') throw validationError([{ field: '/body/bidId', message: 'not a valid bid of this tender' }]);
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
    return presentAward(a);
  });
}

/** A bidder files a complaint during the standstill; the award is suspended. Errors: forbidden, not_found, invalid_state, standstill over. */
export async function complain(ctx: Ctx, tenderId: string, grounds: string) {
  assertCan(ctx.actor, TenderPerms.complain);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForUpdate(trx, tenderId), tenderId);
    const a = await bids.liveAward(trx, tenderId);
    if (t.status !== 'standstill' || !a) throw new AppError(Errors.invalidState, 'complaints are taken during the standstill only');
    if (await bids.standstillOver(trx, a.id)) throw new AppError(Errors.invalidState, 'the standstill period has ended');
    const ownBids = await bids.bidsOfOrg(trx, tenderId, ctx.actor.orgId ?? '00000000-0000-0000-0000-000000000000');
    if (!ownBids.some((b) => b.status === 'valid' || b.status === 'disqualified')) throw forbidden('only bidders on this tender may complain');
    const c = await bids.insertComplaint(trx, { tender_id: tenderId, award_id: a.id, complainant_org_id: ctx.actor.orgId!, filed_by: ctx.actor.userId, grounds });
    if (a.status === 'pending') await bids.setAwardStatus(trx, a.id, 'suspended');
    await recordAudit(trx, ctx, { action: 'tender.complaint', entityType: 'complaint', entityId: c.id, after: presentComplaint(c) });
    await publishStage(trx, ctx, t.ocid, ['awardUpdate']);
    return presentComplaint(c);
  });
}

/**
 * The review body decides: upheld cancels the award and returns the tender
 * to evaluation; dismissed lifts the suspension once no complaint is pending.
 * Only administrators or users of an organisation with the reviewBody role.
 * Errors: unauthenticated, forbidden, not_found, invalid_state.
 */
export async function decide(ctx: Ctx, complaintId: string, input: { decision: 'upheld' | 'dismissed'; reasons: string }) {
  assertSignedIn(ctx.actor);
  return ctx.db.transaction().execute(async (trx) => {
    const org = ctx.actor.orgId ? await bids.orgById(trx, ctx.actor.orgId) : undefined;
    if (!hasRole(ctx.actor, 'admin') && !org?.roles.includes('reviewBody')) throw forbidden('only the review body decides complaints');
    const c = await bids.complaintForUpdate(trx, complaintId);
    if (!c) throw notFound('complaint', complaintId);
    if (c.status !== 'pending') throw new AppError(Errors.invalidState, 'already decided');
    const t = (await repo.byIdForUpdate(trx, c.tender_id))!;
    const after = await bids.decideComplaint(trx, complaintId, input.decision, input.reasons, ctx.actor.userId);
    if (input.decision === 'upheld') {
      await bids.setAwardStatus(trx, c.award_id, 'cancelled');
      await repo.setStatus(trx, t.id, 'evaluation', `award overturned: ${input.reasons}`);
    } else if ((await bids.pendingComplaints(trx, c.award_id)) === 0) {
      await bids.setAwardStatus(trx, c.award_id, 'pending');
    }
    await recordAudit(trx, ctx, { action: `complaint.${input.decision}`, entityType: 'complaint', entityId: complaintId, after: presentComplaint(after), reason: input.reasons });
    await publishStage(trx, ctx, t.ocid, [input.decision === 'upheld' ? 'awardCancellation' : 'awardUpdate']);
    return presentComplaint(after);
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
  if (input.periodEnd < input.periodStart) throw validationError([{ field: '/body/periodEnd', message: 'before the start' }]);
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

/** Awards, complaints and contracts of a tender: public once decided. */
export async function outcome(ctx: Ctx, tenderId: string) {
  await tenderOrNotFound(repo.byId(ctx.db, tenderId), tenderId, { published: true });
  const [a, c, k] = await Promise.all([bids.awards(ctx.db, tenderId), bids.complaints(ctx.db, tenderId), bids.contracts(ctx.db, tenderId)]);
  return { awards: a.map(presentAward), complaints: c.map(presentComplaint), contracts: k.map(presentContract) };
}
