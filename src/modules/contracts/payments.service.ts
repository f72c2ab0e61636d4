import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, notFound, validationError } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, hasRole } from '../auth/permissions.ts';
import { assertSupplier, lockOpen } from './contracts.service.ts';
import { ContractErrors } from './errors.ts';
import * as money from './money.repo.ts';
import { publishContract } from './ocds-hook.ts';
import { ContractPerms } from './permissions.ts';
import { presentPayment } from './present.ts';
import * as repo from './repo.ts';
import { type MoneyState, milestoneAmount, milestonePayment, roomUnderCeiling, round2 } from './rules.ts';
import type { FundingSource } from './tables.ts';

export type PaymentRequest = { kind: 'milestone'; milestoneId: string; amount?: number } | { kind: 'advance'; guaranteeId: string; amount: number } | { kind: 'retention' };

async function state(trx: Parameters<typeof money.sums>[0], c: { id: string; value_amount: number; retention_pct: number }, milestoneId: string | null) {
  const [s, v] = await Promise.all([money.sums(trx, c.id, milestoneId), money.variationSums(trx, c.id)]);
  const st: MoneyState = {
    ceiling: round2(Number(c.value_amount) + v.net),
    retentionPct: Number(c.retention_pct),
    milestoneGross: s.milestone_gross,
    advanceGross: s.advance_gross,
    advanceRecovered: s.advance_recovered,
  };
  return { st, s };
}

/**
 * A payment request: against an accepted milestone of this contract (amount
 * defaults to its share of the current value, less what was already asked
 * for it), an advance against an advance-payment guarantee, or the release of
 * retention after final acceptance. The contract's execution row is locked,
 * so two requests never both fit under the ceiling. Idempotency-Key honoured.
 * Errors: forbidden, not_contract_supplier, not_found, contract_closed,
 * milestone_of_other_contract, milestone_not_accepted, payment_above_ceiling,
 * advance_needs_guarantee, retention_held, idempotency_key_reused.
 */
export async function request(ctx: Ctx, contractId: string, input: PaymentRequest, key?: string) {
  assertCan(ctx.actor, ContractPerms.requestPayment);
  return ctx.db.transaction().execute(
    async (trx) =>
      (
        await idempotent(trx, `payment:${contractId}:${ctx.actor.userId}`, key, input, async () => {
          const c = await lockOpen(trx, contractId, { allowCompleted: input.kind === 'retention' });
          if (!hasRole(ctx.actor, 'operator', 'admin')) assertSupplier(ctx, c);
          const { st, s } = await state(trx, c, input.kind === 'milestone' ? input.milestoneId : null);
          const room = roomUnderCeiling(st);
          const base = { contract_id: contractId, currency: c.value_currency, requested_by: ctx.actor.userId };
          let row;
          if (input.kind === 'milestone') {
            const m = await repo.milestoneById(trx, input.milestoneId);
            if (!m) throw validationError([{ field: '/body/milestoneId', message: 'no such milestone', code: 'unknown_reference' }]);
            if (m.contract_id !== contractId)
              throw new AppError(ContractErrors.milestoneOfOtherContract, undefined, {
                errors: [{ field: '/body/milestoneId', message: 'belongs to another contract', code: 'unknown_reference' }],
              });
            if (m.status !== 'accepted')
              throw new AppError(ContractErrors.milestoneNotAccepted, `the milestone is ${m.status}`, {
                errors: [{ field: '/body/milestoneId', message: 'not accepted', code: 'not_accepted', params: { value: m.status } }],
              });
            const left = round2(milestoneAmount(Number(m.share_pct), st.ceiling) - s.this_milestone_gross);
            const gross = input.amount ?? left;
            if (gross <= 0 || gross > left + 0.001 || gross > room + 0.001) {
              throw new AppError(ContractErrors.aboveCeiling, `at most ${Math.max(0, Math.min(left, room))} ${c.value_currency} may still be requested for this milestone`, {
                errors: [{ field: '/body/amount', message: 'above what the milestone and the contract allow', code: 'amount_exceeds' }],
              });
            }
            const p = milestonePayment(st, gross);
            row = await money.insertPayment(trx, {
              ...base,
              kind: 'milestone',
              milestone_id: m.id,
              gross_amount: p.gross,
              retention_amount: p.retention,
              advance_recovery_amount: p.recovery,
              net_amount: p.net,
            });
          } else if (input.kind === 'advance') {
            const g = await repo.guaranteeById(trx, input.guaranteeId);
            if (!g || g.contract_id !== contractId || g.kind !== 'advancePayment' || !(await money.guaranteeUsable(trx, g.id))) {
              throw new AppError(ContractErrors.noAdvanceGuarantee, 'name a valid, unexpired advance-payment guarantee of this contract', {
                errors: [{ field: '/body/guaranteeId', message: 'not a usable advance-payment guarantee', code: 'unknown_reference' }],
              });
            }
            const covered = round2(Number(g.amount) - (await money.advancesOnGuarantee(trx, g.id)));
            if (input.amount > covered + 0.001)
              throw new AppError(ContractErrors.noAdvanceGuarantee, `the guarantee covers ${covered} ${g.currency} more`, {
                errors: [{ field: '/body/amount', message: 'above the guarantee', code: 'amount_exceeds' }],
              });
            if (input.amount > room + 0.001)
              throw new AppError(ContractErrors.aboveCeiling, `at most ${room} ${c.value_currency} fits under the ceiling`, {
                errors: [{ field: '/body/amount', message: 'above the ceiling', code: 'amount_exceeds' }],
              });
            row = await money.insertPayment(trx, { ...base, kind: 'advance', guarantee_id: g.id, gross_amount: input.amount, net_amount: input.amount });
          } else {
            if (c.status !== 'completed') throw new AppError(ContractErrors.retentionHeld, undefined, { errors: [{ field: '/body/kind', message: 'before final acceptance' }] });
            const held = round2(s.retention_withheld - s.retention_released);
            if (held <= 0) throw new AppError(Errors.invalidState, 'no retention is held');
            row = await money.insertPayment(trx, { ...base, kind: 'retention', gross_amount: held, net_amount: held });
          }
          await recordAudit(trx, ctx, { action: 'payment.request', entityType: 'payment', entityId: row.id, after: presentPayment(row) });
          return presentPayment(row);
        })
      ).value,
  );
}

/** Approve a requested payment: never by its requester (segregation of duties). Errors: forbidden, segregation_of_duties, not_found, invalid_state, contract_closed. */
export async function approve(ctx: Ctx, paymentId: string) {
  assertCan(ctx.actor, ContractPerms.approvePayment);
  return decideStep(ctx, paymentId, 'requested', async (trx, p) => {
    if (p.requested_by === ctx.actor.userId) throw new AppError(ContractErrors.segregation, 'you requested this payment; another operator must approve it');
    return money.updatePayment(trx, p.id, { status: 'approved', approved_by: ctx.actor.userId, approved_at: new Date() });
  });
}

/** Reject a requested or approved payment with reasons. Errors: forbidden, not_found, invalid_state. */
export async function reject(ctx: Ctx, paymentId: string, reason: string) {
  assertCan(ctx.actor, ContractPerms.approvePayment);
  return decideStep(ctx, paymentId, 'requested', async (trx, p) => money.updatePayment(trx, p.id, { status: 'rejected', reason }));
}

/**
 * Record that an approved payment was paid: date, funding source and, for a
 * partner-country source, the pledge it draws on (same currency; the pledge's
 * disbursed figure is computed from these payments).
 * Errors: forbidden, segregation_of_duties, not_found, invalid_state, pledge_mismatch.
 */
export async function pay(ctx: Ctx, paymentId: string, input: { paidOn: string; fundingSource: FundingSource; pledgeId?: string }) {
  assertCan(ctx.actor, ContractPerms.pay);
  if (input.fundingSource === 'partner_country' && !input.pledgeId)
    throw validationError([{ field: '/body/pledgeId', message: 'a partner-country payment names its pledge', code: 'required' }]);
  if (input.fundingSource !== 'partner_country' && input.pledgeId)
    throw validationError([{ field: '/body/pledgeId', message: 'only partner-country payments draw on a pledge', code: 'not_allowed_with', params: { other: 'fundingSource' } }]);
  return decideStep(ctx, paymentId, 'approved', async (trx, p) => {
    if (p.requested_by === ctx.actor.userId) throw new AppError(ContractErrors.segregation, 'you requested this payment');
    if (input.pledgeId) {
      const pl = await money.pledgeForUpdate(trx, input.pledgeId);
      if (!pl) throw validationError([{ field: '/body/pledgeId', message: 'no such pledge', code: 'unknown_reference' }]);
      if (pl.currency !== p.currency)
        throw new AppError(ContractErrors.pledgeMismatch, `the pledge is in ${pl.currency}, the payment in ${p.currency}`, {
          errors: [{ field: '/body/pledgeId', message: 'currency differs', code: 'currency_mismatch' }],
        });
      const left = round2(Number(pl.committed_amount ?? 0) - Number(pl.disbursed_amount));
      if (pl.status === 'pledged' || Number(p.net_amount) > left + 0.001) {
        throw new AppError(ContractErrors.pledgeMismatch, `the pledge has ${Math.max(0, left)} ${pl.currency} committed and not yet disbursed`, {
          errors: [{ field: '/body/pledgeId', message: 'not enough committed', code: 'amount_exceeds' }],
        });
      }
      await money.disburseFromPayment(trx, pl.id, Number(p.net_amount), input.paidOn, `payment ${p.id} of contract ${p.contract_id}`, ctx.actor.userId);
      await money.addToPledgePaid(trx, pl.id, Number(p.net_amount));
    }
    return money.updatePayment(trx, p.id, {
      status: 'paid',
      paid_on: input.paidOn,
      paid_by: ctx.actor.userId,
      funding_source: input.fundingSource,
      pledge_id: input.pledgeId ?? null,
    });
  });
}

async function decideStep(
  ctx: Ctx,
  paymentId: string,
  from: 'requested' | 'approved',
  step: (trx: Parameters<typeof money.paymentForUpdate>[0], p: NonNullable<Awaited<ReturnType<typeof money.paymentForUpdate>>>) => ReturnType<typeof money.updatePayment>,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const p0 = await money.paymentForUpdate(trx, paymentId);
    if (!p0) throw notFound('payment', paymentId);
    const c = await lockOpen(trx, p0.contract_id, { allowCompleted: true });
    const p = (await money.paymentForUpdate(trx, paymentId))!;
    if (p.status !== from) throw new AppError(Errors.invalidState, `the payment is ${p.status}, not ${from}`);
    const after = await step(trx, p);
    await recordAudit(trx, ctx, {
      action: `payment.${after.status}`,
      entityType: 'payment',
      entityId: p.id,
      before: { status: p.status },
      after: presentPayment(after),
      reason: after.reason,
    });
    if (after.status === 'paid') await publishContract(trx, ctx, c.ocid, ['implementationUpdate']);
    return presentPayment(after);
  });
}
