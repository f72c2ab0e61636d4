import type { LocalizedText } from '../../db/schema.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, type FieldError, notFound, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { assertSupplier, lockOpen, markStarted } from './contracts.service.ts';
import { ContractErrors } from './errors.ts';
import { variationSums } from './money.repo.ts';
import { publishContract } from './ocds-hook.ts';
import { ContractPerms } from './permissions.ts';
import { presentMilestone } from './present.ts';
import * as repo from './repo.ts';

export interface MilestoneInput {
  title: LocalizedText;
  dueDate: string;
  sharePct: number;
  outputs?: { projectOutputId: string; quantity: number }[];
}

/**
 * Plan milestones (at signing or later). Shares of the value sum to at most
 * 100%; outputs must be outputs of the contract's projects.
 * Errors: forbidden, not_found, contract_closed, milestone_shares_over_100, validation_failed (outputs, due date).
 */
export async function plan(ctx: Ctx, contractId: string, input: { milestones: MilestoneInput[] }) {
  assertCan(ctx.actor, ContractPerms.planMilestones);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await lockOpen(trx, contractId);
    const outputs = new Set((await repo.contractOutputs(trx, contractId)).map((o) => o.id));
    const errs: FieldError[] = [];
    input.milestones.forEach((m, i) => {
      if (m.dueDate < c.period_start)
        errs.push({
          field: `/body/milestones/${i}/dueDate`,
          message: `before the contract starts (${c.period_start})`,
          code: 'before_other_date',
          params: { other: 'periodStart', date: c.period_start },
        });
      (m.outputs ?? []).forEach((o, j) => {
        if (!outputs.has(o.projectOutputId))
          errs.push({
            field: `/body/milestones/${i}/outputs/${j}/projectOutputId`,
            message: "not an output of the contract's projects",
            code: 'unknown_reference',
            params: { value: o.projectOutputId },
          });
      });
    });
    if (errs.length) throw validationError(errs);
    const { share, position } = await repo.shareAndPositions(trx, contractId);
    const total = share + input.milestones.reduce((s, m) => s + m.sharePct, 0);
    if (total > 100.0001)
      throw new AppError(ContractErrors.sharesOver100, `the shares would sum to ${total}%`, {
        errors: [{ field: '/body/milestones', message: 'shares over 100%', code: 'amount_exceeds', params: { limit: 100 } }],
      });
    const made: string[] = [];
    for (const [i, m] of input.milestones.entries()) {
      const row = await repo.insertMilestone(trx, {
        contract_id: contractId,
        position: position + i + 1,
        title: JSON.stringify(m.title),
        due_date: m.dueDate,
        share_pct: m.sharePct,
      });
      await repo.insertMilestoneOutputs(
        trx,
        (m.outputs ?? []).map((o) => ({ milestone_id: row.id, project_output_id: o.projectOutputId, quantity: o.quantity })),
      );
      made.push(row.id);
    }
    await recordAudit(trx, ctx, { action: 'contract.milestones', entityType: 'contract', entityId: contractId, after: { milestoneIds: made, milestones: input.milestones } });
    const rows = (await repo.milestones(trx, contractId)).filter((m) => made.includes(m.id));
    const outs = await repo.milestoneOutputs(trx, made);
    const ceiling = Number(c.value_amount) + (await variationSums(trx, contractId)).net;
    return rows.map((m) => presentMilestone(m, outs, ceiling));
  });
}

/** The supplier says a milestone is done. Errors: forbidden, not_contract_supplier, not_found, contract_closed, invalid_state. */
export async function submit(ctx: Ctx, milestoneId: string) {
  assertCan(ctx.actor, ContractPerms.submitMilestone);
  return ctx.db.transaction().execute(async (trx) => {
    const m0 = await repo.milestoneById(trx, milestoneId);
    if (!m0) throw notFound('milestone', milestoneId);
    const c = await lockOpen(trx, m0.contract_id);
    assertSupplier(ctx, c);
    const m = (await repo.milestoneForUpdate(trx, milestoneId))!;
    if (m.status !== 'scheduled' && m.status !== 'rejected') throw new AppError(Errors.invalidState, `the milestone is ${m.status}`);
    const after = await repo.updateMilestone(trx, m.id, { status: 'submitted', submitted_at: new Date(), reason: null });
    await markStarted(trx, ctx, c, 'first milestone submitted');
    await recordAudit(trx, ctx, { action: 'milestone.submit', entityType: 'milestone', entityId: m.id, before: { status: m.status }, after: { status: 'submitted' } });
    return presentMilestone(after);
  });
}

/**
 * Accept or reject a submitted milestone (rejection needs reasons). The row is
 * locked, so of two concurrent acceptances one wins and the other sees
 * invalid_state. Errors: forbidden, not_found, contract_closed, invalid_state.
 */
export async function decide(ctx: Ctx, milestoneId: string, input: { decision: 'accepted' | 'rejected'; reason?: string }) {
  assertCan(ctx.actor, ContractPerms.decideMilestone);
  if (input.decision === 'rejected' && !input.reason) throw validationError([{ field: '/body/reason', message: 'a rejection needs reasons', code: 'reason_required' }]);
  return ctx.db.transaction().execute(async (trx) => {
    const m0 = await repo.milestoneById(trx, milestoneId);
    if (!m0) throw notFound('milestone', milestoneId);
    const c = await lockOpen(trx, m0.contract_id);
    const m = (await repo.milestoneForUpdate(trx, milestoneId))!;
    if (m.status !== 'submitted') throw new AppError(Errors.invalidState, `the milestone is ${m.status}, not submitted`);
    const after = await repo.updateMilestone(trx, m.id, { status: input.decision, reason: input.reason ?? null, decided_at: new Date(), decided_by: ctx.actor.userId });
    await markStarted(trx, ctx, c, 'first milestone decided');
    await recordAudit(trx, ctx, {
      action: `milestone.${input.decision === 'accepted' ? 'accept' : 'reject'}`,
      entityType: 'milestone',
      entityId: m.id,
      before: { status: m.status },
      after: { status: input.decision },
      reason: input.reason ?? null,
    });
    await publishContract(trx, ctx, c.ocid, ['implementationUpdate']);
    return presentMilestone(after);
  });
}
