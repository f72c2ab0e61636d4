import type { Executor } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, can, hasRole } from '../auth/permissions.ts';
import * as bids from './bids.repo.ts';
import { TenderErrors } from './errors.ts';
import { tenderOrNotFound } from './load.ts';
import { TenderPerms } from './permissions.ts';
import { presentBid } from './present.ts';
import * as repo from './repo.ts';
import { rank } from './rules.ts';
import type { Criterion } from './tables.ts';

const OPENED = ['evaluation', 'standstill', 'awarded', 'complete', 'unsuccessful'];

/** Evaluators declare conflicts of interest before any bid is shown to them. Errors: forbidden, not_found, invalid_state, duplicate. */
export async function declare(ctx: Ctx, tenderId: string, input: { hasConflict: boolean; statement: string }) {
  assertCan(ctx.actor, TenderPerms.evaluate);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForShare(trx, tenderId), tenderId, { published: true });
    if (['complete', 'cancelled', 'unsuccessful'].includes(t.status)) throw new AppError(Errors.invalidState, `the tender is ${t.status}`);
    if (await bids.declaration(trx, tenderId, ctx.actor.userId!)) throw new AppError(Errors.duplicate, 'you have already declared for this tender');
    const d = await bids.insertDeclaration(trx, { tender_id: tenderId, user_id: ctx.actor.userId!, has_conflict: input.hasConflict, statement: input.statement });
    await recordAudit(trx, ctx, { action: 'evaluation.declare', entityType: 'tender', entityId: tenderId, after: { hasConflict: d.has_conflict, statement: d.statement } });
    return { tenderId, hasConflict: d.has_conflict, statement: d.statement, declaredAt: new Date(d.declared_at).toISOString() };
  });
}

/** Who may see opened bids: officials and auditors; evaluators only after declaring no conflict. */
async function assertMaySeeBids(ex: Executor, ctx: Ctx, tenderId: string, status: string) {
  const official = can(ctx.actor, TenderPerms.manage) || hasRole(ctx.actor, 'auditor');
  const evaluator = can(ctx.actor, TenderPerms.evaluate);
  if (!official && !evaluator) throw new AppError(Errors.forbidden, 'only officials, auditors and evaluators see the evaluation');
  if (!OPENED.includes(status)) throw new AppError(TenderErrors.sealed);
  if (official) return;
  const d = await bids.declaration(ex, tenderId, ctx.actor.userId!);
  if (!d) throw new AppError(TenderErrors.conflictUndeclared);
  if (d.has_conflict) throw new AppError(TenderErrors.conflicted);
}

/** Opened bids with prices, scores and the ranking. Before the opening: bid_sealed for everyone. Errors: forbidden, not_found, bid_sealed, conflict_not_declared, conflict_of_interest. */
export async function evaluation(ctx: Ctx, tenderId: string) {
  const t = await tenderOrNotFound(repo.byId(ctx.db, tenderId), tenderId, { published: true });
  await assertMaySeeBids(ctx.db, ctx, tenderId, t.status);
  const opened = await bids.bidsOf(ctx.db, tenderId, ['valid', 'disqualified']);
  const prices = await bids.prices(ctx.db, tenderId);
  const means = await bids.meanScores(ctx.db, tenderId);
  const valid = opened.filter((b) => b.status === 'valid');
  const ranking = rank(
    valid.map((b) => ({
      bidId: b.id,
      total: prices.filter((p) => p.bid_id === b.id).reduce((s, p) => s + Number(p.amount), 0),
      scores: Object.fromEntries(means.filter((m) => m.bid_id === b.id).map((m) => [m.criterion_id, Number(m.mean)])),
    })),
    t.criteria as Criterion[],
    t.award_criteria,
  );
  return {
    tenderId,
    status: t.status,
    awardCriteria: t.award_criteria,
    criteria: t.criteria,
    bids: opened.map((b) => ({
      ...presentBid(b),
      bidder: { id: b.organisation_id, name: b.org_name, country: b.org_country },
      // Written at the opening (opening.ts openAll) from the decoded payload.
      proposal: b.proposal as { documents: { title: string; sha256: string }[] } | null,
      declarations: b.declarations as Record<string, boolean> | null,
      prices: prices.filter((p) => p.bid_id === b.id).map((p) => ({ lotId: p.lot_id, amount: Number(p.amount), currency: p.currency, abnormallyLow: p.abnormally_low })),
      scores: means.filter((m) => m.bid_id === b.id).map((m) => ({ criterionId: m.criterion_id, mean: Number(m.mean) })),
    })),
    ranking,
  };
}

/** Score valid bids on the tender's non-price criteria (0–100). Errors: forbidden, bid_sealed, conflict_*, invalid_state, validation_failed. */
export async function score(ctx: Ctx, tenderId: string, input: { scores: { bidId: string; criterionId: string; score: number; comment?: string }[] }) {
  assertCan(ctx.actor, TenderPerms.evaluate);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForShare(trx, tenderId), tenderId, { published: true });
    await assertMaySeeBids(trx, ctx, tenderId, t.status);
    if (t.status !== 'evaluation') throw new AppError(Errors.invalidState, `the tender is ${t.status}`);
    const criteria = (t.criteria as Criterion[]).filter((c) => c.id !== 'price').map((c) => c.id);
    const valid = new Set((await bids.bidsOf(trx, tenderId, ['valid'])).map((b) => b.id));
    const errors = input.scores.flatMap((s, i) => [
      ...(valid.has(s.bidId) ? [] : [{ field: `/body/scores/${i}/bidId`, message: 'not a valid bid of this tender' }]),
      ...(criteria.includes(s.criterionId) ? [] : [{ field: `/body/scores/${i}/criterionId`, message: 'not a scored criterion of this tender' }]),
    ]);
    if (errors.length) throw validationError(errors);
    await bids.upsertScores(
      trx,
      input.scores.map((s) => ({ bid_id: s.bidId, user_id: ctx.actor.userId!, criterion_id: s.criterionId, score: s.score, comment: s.comment ?? null })),
    );
    await recordAudit(trx, ctx, { action: 'evaluation.score', entityType: 'tender', entityId: tenderId, after: input.scores });
    return { scored: input.scores.length };
  });
}
