import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, notFound, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { lockOpen } from './contracts.service.ts';
import { ContractErrors } from './errors.ts';
import * as money from './money.repo.ts';
import { publishContract } from './ocds-hook.ts';
import { ContractPerms } from './permissions.ts';
import { presentVariation } from './present.ts';
import { cumulativePct, round2 } from './rules.ts';

export interface VariationInput {
  valueChange?: number;
  newPeriodEnd?: string;
  scope?: string;
  reason: string;
  documents?: { title: string; sha256: string; documentType: string }[];
}

/**
 * Record a variation (value, period or scope) with its reason. When the
 * cumulative value change passes the contract's threshold (default 15% of the
 * original value) it waits for a second approver; otherwise it takes effect
 * at once. Published as an OCDS contract amendment either way.
 * Errors: forbidden, not_found, contract_closed, validation_failed (no change, no reason, value below zero, period).
 */
export async function propose(ctx: Ctx, contractId: string, input: VariationInput) {
  assertCan(ctx.actor, ContractPerms.vary);
  if (!input.reason || input.reason.trim().length < 3) throw validationError([{ field: '/body/reason', message: 'a variation needs its reason', code: 'reason_required' }]);
  if (input.valueChange === undefined && !input.newPeriodEnd && !input.scope) throw validationError([{ field: '/body', message: 'change the value, the period or the scope' }]);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await lockOpen(trx, contractId);
    const sums = await money.variationSums(trx, contractId);
    const original = Number(c.value_amount);
    const change = round2(input.valueChange ?? 0);
    if (original + sums.net + change < 0) throw validationError([{ field: '/body/valueChange', message: 'the value would fall below zero', code: 'below_zero' }]);
    if (input.newPeriodEnd && input.newPeriodEnd < c.period_start)
      throw validationError([
        { field: '/body/newPeriodEnd', message: 'before the contract starts', code: 'before_other_date', params: { other: 'periodStart', date: c.period_start } },
      ]);
    const pct = cumulativePct(original, sums.abs, change);
    const needsSecond = pct > Number(c.variation_threshold_pct);
    const v = await money.insertVariation(trx, {
      contract_id: contractId,
      seq: sums.seq,
      value_change: change,
      new_period_end: input.newPeriodEnd ?? null,
      scope: input.scope ?? null,
      reason: input.reason,
      documents: JSON.stringify(input.documents ?? []),
      cumulative_pct: pct,
      needs_second_approval: needsSecond,
      status: needsSecond ? 'pending' : 'approved',
      created_by: ctx.actor.userId,
      approved_by: needsSecond ? null : ctx.actor.userId,
      approved_at: needsSecond ? null : new Date(),
    });
    await recordAudit(trx, ctx, { action: 'variation.propose', entityType: 'variation', entityId: v.id, after: presentVariation(v), reason: input.reason });
    await publishContract(trx, ctx, c.ocid, ['contractAmendment']);
    return presentVariation(v);
  });
}

/** The second approver of a variation above the threshold: not its proposer. Errors: forbidden, segregation_of_duties, not_found, invalid_state. */
export async function approve(ctx: Ctx, variationId: string, input: { decision: 'approved' | 'rejected'; reason?: string }) {
  assertCan(ctx.actor, ContractPerms.approveVariation);
  return ctx.db.transaction().execute(async (trx) => {
    const v0 = await money.variationForUpdate(trx, variationId);
    if (!v0) throw notFound('variation', variationId);
    const c = await lockOpen(trx, v0.contract_id);
    if (v0.status !== 'pending') throw new AppError(Errors.invalidState, `the variation is ${v0.status}`);
    if (v0.created_by === ctx.actor.userId) throw new AppError(ContractErrors.segregation, 'a second operator approves a variation above the threshold');
    const v = await money.updateVariation(trx, v0.id, { status: input.decision, approved_by: ctx.actor.userId, approved_at: new Date() });
    await recordAudit(trx, ctx, {
      action: `variation.${input.decision}`,
      entityType: 'variation',
      entityId: v.id,
      before: { status: 'pending' },
      after: presentVariation(v),
      reason: input.reason ?? null,
    });
    await publishContract(trx, ctx, c.ocid, ['contractAmendment']);
    return presentVariation(v);
  });
}
