import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { load, lockOpen } from './contracts.service.ts';
import * as money from './money.repo.ts';
import { publishContract } from './ocds-hook.ts';
import { ContractPerms } from './permissions.ts';
import * as repo from './repo.ts';
import { round2 } from './rules.ts';

/**
 * Final acceptance: every milestone accepted; final value (default: the
 * value plus approved variations), actual end date and final scope. The
 * contract's projects move to completion with that end date, so the land
 * figures' "rebuilt" follows the work. Retention may be released after this.
 * Errors: forbidden, not_found, contract_closed, invalid_state (milestones open), validation_failed.
 */
export async function complete(ctx: Ctx, contractId: string, input: { actualEndDate: string; finalScope: string; finalValue?: number }) {
  assertCan(ctx.actor, ContractPerms.complete);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await lockOpen(trx, contractId);
    if (input.actualEndDate < c.period_start)
      throw validationError([
        { field: '/body/actualEndDate', message: 'before the contract started', code: 'before_other_date', params: { other: 'periodStart', date: c.period_start } },
      ]);
    const open = (await repo.milestones(trx, contractId)).filter((m) => m.status !== 'accepted');
    if (open.length)
      throw new AppError(Errors.invalidState, `${open.length} milestone(s) are not accepted`, { errors: [{ field: '/body', message: 'accept every milestone first' }] });
    const v = await money.variationSums(trx, contractId);
    const finalValue = input.finalValue ?? round2(Number(c.value_amount) + v.net);
    await repo.setExecution(trx, contractId, { final_value_amount: finalValue, actual_end: input.actualEndDate, final_scope: input.finalScope });
    await repo.setStatus(trx, contractId, c.status, 'completed', 'final acceptance', ctx.actor.userId);
    await repo.setSignedStatus(trx, contractId, 'complete');
    const projects = await repo.completeProjects(trx, contractId, input.actualEndDate, `contract ${contractId} completed`, ctx.actor.userId);
    await recordAudit(trx, ctx, {
      action: 'contract.complete',
      entityType: 'contract',
      entityId: contractId,
      before: { status: c.status },
      after: { status: 'completed', finalValue, ...input, projects },
    });
    await publishContract(trx, ctx, c.ocid, ['implementationUpdate']);
    return (await load(trx, contractId))!;
  });
}

/** Termination with reason. Errors: forbidden, not_found, contract_closed. */
export async function terminate(ctx: Ctx, contractId: string, input: { reason: string }) {
  assertCan(ctx.actor, ContractPerms.complete);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await lockOpen(trx, contractId);
    await repo.setExecution(trx, contractId, { termination_reason: input.reason });
    await repo.setStatus(trx, contractId, c.status, 'terminated', input.reason, ctx.actor.userId);
    await repo.setSignedStatus(trx, contractId, 'terminated');
    await recordAudit(trx, ctx, {
      action: 'contract.terminate',
      entityType: 'contract',
      entityId: contractId,
      before: { status: c.status },
      after: { status: 'terminated' },
      reason: input.reason,
    });
    await publishContract(trx, ctx, c.ocid, ['contractTermination']);
    return (await load(trx, contractId))!;
  });
}
