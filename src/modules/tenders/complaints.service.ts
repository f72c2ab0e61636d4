import type { Selectable } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, forbidden, notFound } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, assertSignedIn, can, hasRole } from '../auth/permissions.ts';
import * as bids from './bids.repo.ts';
import { tenderOrNotFound } from './load.ts';
import { publishStage } from './ocds-hook.ts';
import { TenderPerms } from './permissions.ts';
import { type ComplaintReader, presentComplaint, WHOLE } from './present.ts';
import * as repo from './repo.ts';
import type { TendersTables } from './tables.ts';

type Award = Selectable<TendersTables['award']>;
const NO_ORG = '00000000-0000-0000-0000-000000000000';

/**
 * The review body is not a user role but an organisation role (OCDS party role `reviewBody`): its users decide
 * complaints, and so may an administrator. One rule, for deciding and for showing the decide form.
 */
async function isReviewBody(ex: Executor, ctx: Ctx): Promise<boolean> {
  if (hasRole(ctx.actor, 'admin')) return true;
  if (ctx.actor.kind !== 'user' || !ctx.actor.orgId) return false;
  return (await bids.orgById(ex, ctx.actor.orgId))?.roles.includes('reviewBody') ?? false;
}

/** How much of a complaint the caller reads (present.ts presentComplaint): the review body and programme staff (operators, administrators, auditors) whole. */
export async function readerOf(ctx: Ctx, ex: Executor = ctx.db): Promise<ComplaintReader & { reviewBody: boolean }> {
  const reviewBody = await isReviewBody(ex, ctx);
  return { reviewBody, whole: reviewBody || can(ctx.actor, TenderPerms.readDrafts), orgId: ctx.actor.orgId };
}

/**
 * Why this organisation may not lodge a complaint against this award now, or null: only during a running standstill
 * (database clock), only a bidder whose bid was opened (valid or disqualified). One rule, for lodging and for the form.
 */
async function lodgeRefusal(ex: Executor, t: { status: string }, award: Award | undefined, orgId: string | null): Promise<AppError | null> {
  if (t.status !== 'standstill' || !award || award.status === 'cancelled') return new AppError(Errors.invalidState, 'complaints are taken during the standstill only');
  if (await bids.standstillOver(ex, award.id)) return new AppError(Errors.invalidState, 'the standstill period has ended');
  const own = await bids.bidsOfOrg(ex, award.tender_id, orgId ?? NO_ORG);
  if (!own.some((b) => b.status === 'valid' || b.status === 'disqualified')) return forbidden('only bidders on this tender may complain');
  return null;
}

/**
 * A tender's complaints as the caller may read them, with the complainant's name where the caller may see who it is,
 * and whether the caller may lodge one or decide. Errors: not_found (no such tender, or a draft).
 */
export async function list(ctx: Ctx, tenderId: string) {
  const t = await tenderOrNotFound(repo.byId(ctx.db, tenderId), tenderId, { published: true });
  const reader = await readerOf(ctx);
  const rows = await bids.complaintsWithComplainant(ctx.db, tenderId);
  const award = (await bids.awards(ctx.db, tenderId)).find((a) => a.status !== 'cancelled');
  const mayLodge = can(ctx.actor, TenderPerms.complain) && (await lodgeRefusal(ctx.db, t, award, ctx.actor.orgId)) === null;
  return {
    items: rows.map(({ complainant_name, ...c }) => {
      const view = presentComplaint(c, reader);
      return { ...view, complainantName: view.complainantOrgId ? complainant_name : null, mine: ctx.actor.orgId !== null && c.complainant_org_id === ctx.actor.orgId };
    }),
    mayLodge,
    mayDecide: reader.reviewBody,
  };
}

/**
 * A bidder files a complaint during the standstill; the award is suspended. A retry with the same Idempotency-Key
 * returns the first complaint. Errors: unauthenticated, forbidden, not_found, invalid_state (not in standstill,
 * standstill over), idempotency_key_reused.
 */
export async function complain(ctx: Ctx, tenderId: string, grounds: string, key?: string) {
  assertCan(ctx.actor, TenderPerms.complain);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await idempotent(trx, `tender.complain:${ctx.actor.userId ?? ctx.actor.label}`, key, { tenderId, grounds }, async () => {
      const t = await tenderOrNotFound(repo.byIdForUpdate(trx, tenderId), tenderId);
      const a = await bids.liveAward(trx, tenderId);
      const refusal = await lodgeRefusal(trx, t, a, ctx.actor.orgId);
      if (refusal || !a) throw refusal;
      const c = await bids.insertComplaint(trx, { tender_id: tenderId, award_id: a.id, complainant_org_id: ctx.actor.orgId!, filed_by: ctx.actor.userId, grounds });
      if (a.status === 'pending') await bids.setAwardStatus(trx, a.id, 'suspended');
      await recordAudit(trx, ctx, { action: 'tender.complaint', entityType: 'complaint', entityId: c.id, after: presentComplaint(c, WHOLE) });
      await publishStage(trx, ctx, t.ocid, ['awardUpdate']);
      return presentComplaint(c, WHOLE);
    });
    return r.value;
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
    if (!(await isReviewBody(trx, ctx))) throw forbidden('only the review body decides complaints');
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
    await recordAudit(trx, ctx, {
      action: `complaint.${input.decision}`,
      entityType: 'complaint',
      entityId: complaintId,
      after: presentComplaint(after, WHOLE),
      reason: input.reasons,
    });
    await publishStage(trx, ctx, t.ocid, [input.decision === 'upheld' ? 'awardCancellation' : 'awardUpdate']);
    return presentComplaint(after, WHOLE);
  });
}
