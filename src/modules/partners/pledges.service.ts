import type { Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound, validationError } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { decodeCursor, pageOf } from '../../lib/pagination.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import * as notify from '../feeds/notify.ts';
import { isCurrency } from './countries.ts';
import * as engagements from './engagements.repo.ts';
import { PartnerErrors } from './errors.ts';
import { today } from './periods.repo.ts';
import { assertCountry } from './periods.service.ts';
import { PartnerPerms } from './permissions.ts';
import * as repo from './pledges.repo.ts';
import { checkCommit, checkDisburse, type PledgeState, roundMoney, type StepProblem, validAmount } from './rules.ts';
import type { PledgeInputT, StepInputT } from './schema.ts';

export function presentPledge(p: repo.PledgeRow, steps?: repo.PledgeStepRow[]) {
  return {
    id: p.id,
    country: p.country,
    pledger: p.pledger,
    pledgerOrganisationId: p.pledger_org_id,
    engagementId: p.engagement_id,
    kind: p.kind,
    description: p.description as unknown as Record<string, string>,
    sector: p.sector,
    conditions: p.conditions,
    currency: p.currency,
    status: p.status,
    pledged: { amount: p.pledged_amount, on: p.pledged_on },
    committed: p.committed_amount === null || p.committed_on === null ? null : { amount: p.committed_amount, on: p.committed_on },
    disbursed: { amount: p.disbursed_amount, on: p.disbursed_on },
    overDisbursementReason: p.over_disbursement_reason,
    ...(steps ? { steps: steps.map((s) => ({ stage: s.stage, amount: s.amount, on: s.on_date, reason: s.reason })) } : {}),
    isDemo: p.is_demo,
  };
}

const stateOf = (p: repo.PledgeRow): PledgeState => ({
  status: p.status,
  pledgedOn: p.pledged_on,
  committedAmount: p.committed_amount,
  committedOn: p.committed_on,
  disbursedAmount: p.disbursed_amount,
  disbursedOn: p.disbursed_on,
});

function assertAmount(x: number, field: string) {
  if (!validAmount(x)) throw validationError([{ field, message: 'an amount with at most two decimals', code: 'amount_decimals', params: { limit: 2 } }]);
}

/**
 * Record money or work pledged by a partner country or one of its agencies.
 * A retry with the same Idempotency-Key (a double click) returns the first pledge.
 * Errors: forbidden, unknown_country, unknown_currency, unknown_related_record, validation_failed (amount, future date), idempotency_key_reused.
 */
export async function createPledge(ctx: Ctx, input: PledgeInputT, key?: string, opts: { isDemo?: boolean } = {}) {
  assertCan(ctx.actor, PartnerPerms.managePledges);
  assertCountry(input.country, '/body/country');
  if (!isCurrency(input.currency)) {
    throw new AppError(PartnerErrors.unknownCurrency, `${input.currency} is not an ISO 4217 currency`, {
      errors: [{ field: '/body/currency', message: 'unknown currency code', code: 'unknown_currency', params: { value: input.currency } }],
    });
  }
  assertAmount(input.amount, '/body/amount');
  return ctx.db.transaction().execute(async (trx) => {
    const r = await idempotent(trx, `pledge.create:${ctx.actor.userId ?? ctx.actor.label}`, key, input, () => insertPledge(trx, ctx, input, opts));
    return r.value;
  });
}

async function insertPledge(trx: Tx, ctx: Ctx, input: PledgeInputT, opts: { isDemo?: boolean }) {
  if (input.pledgedOn > (await today(trx))) throw validationError([{ field: '/body/pledgedOn', message: 'a pledge cannot be recorded for a future day', code: 'future_date' }]);
  const refs: [string, 'engagement' | 'organisation', string | undefined][] = [
    ['/body/engagementId', 'engagement', input.engagementId],
    ['/body/pledgerOrganisationId', 'organisation', input.pledgerOrganisationId],
  ];
  for (const [field, what, id] of refs) {
    if (!id) continue;
    const found = what === 'engagement' ? await engagements.byId(trx, id) : (await engagements.existing(trx, 'organisation', [id])).size > 0;
    if (!found)
      throw new AppError(PartnerErrors.unknownLink, `no ${what} ${id}`, { errors: [{ field, message: `no ${what} ${id}`, code: 'unknown_reference', params: { value: id } }] });
  }
  const row = await repo.insert(trx, {
    country: input.country,
    pledger: input.pledger,
    pledger_org_id: input.pledgerOrganisationId ?? null,
    engagement_id: input.engagementId ?? null,
    kind: input.kind ?? 'money',
    description: JSON.stringify(input.description),
    sector: input.sector ?? null,
    conditions: input.conditions ?? null,
    currency: input.currency,
    pledged_amount: input.amount,
    pledged_on: input.pledgedOn,
    committed_amount: null,
    committed_on: null,
    disbursed_on: null,
    over_disbursement_reason: null,
    is_demo: opts.isDemo ?? false,
    created_by: ctx.actor.userId,
  });
  await repo.insertStep(trx, { pledge_id: row.id, stage: 'pledged', amount: input.amount, on_date: input.pledgedOn, reason: null, created_by: ctx.actor.userId });
  const view = presentPledge(row);
  await recordAudit(trx, ctx, { action: 'pledge.create', entityType: 'pledge', entityId: row.id, after: view });
  // The country's subscribers hear of it if and only if this commits (feeds/notify.ts); a replayed key does not get here, nor does the demo.
  if (!view.isDemo)
    await notify.pledgeRecorded(trx, ctx, {
      country: view.country,
      pledger: view.pledger,
      amount: Number(input.amount),
      currency: view.currency,
      on: view.pledged.on,
      description: input.description ?? {},
    });
  return view;
}

function refuse(problem: StepProblem): never {
  if (problem.kind === 'transition') throw new AppError(PartnerErrors.pledgeTransition, problem.message);
  if (problem.kind === 'over_disbursement')
    throw new AppError(PartnerErrors.overDisbursement, problem.message, {
      errors: [{ field: '/body/reason', message: 'required when the disbursed total exceeds the commitment', code: 'reason_required' }],
    });
  throw validationError([{ field: '/body/on', message: problem.message }]);
}

/**
 * Move a pledge to `committed` (once; the amount is the commitment) or record
 * a disbursement (adds to the disbursed total; repeatable).
 * Errors: forbidden, not_found, pledge_invalid_transition, disbursement_exceeds_commitment, validation_failed (amount, date).
 */
export async function stepPledge(ctx: Ctx, id: string, stage: 'committed' | 'disbursed', input: StepInputT) {
  assertCan(ctx.actor, PartnerPerms.managePledges);
  assertAmount(input.amount, '/body/amount');
  if (stage === 'disbursed' && input.amount === 0) throw validationError([{ field: '/body/amount', message: 'a disbursement is more than zero', code: 'amount_not_positive' }]);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.byIdForUpdate(trx, id);
    if (!before) throw notFound('pledge', id);
    const day = await today(trx);
    const state = stateOf(before);
    const problem = stage === 'committed' ? checkCommit(state, input.on, day) : checkDisburse(state, input.amount, input.on, day, input.reason ?? before.over_disbursement_reason);
    if (problem) refuse(problem);
    const total = roundMoney(before.disbursed_amount + input.amount);
    const over = stage === 'disbursed' && total > (before.committed_amount ?? 0);
    const after = await repo.update(
      trx,
      id,
      stage === 'committed'
        ? { status: 'committed', committed_amount: input.amount, committed_on: input.on }
        : { status: 'disbursed', disbursed_amount: total, disbursed_on: input.on, over_disbursement_reason: over && input.reason ? input.reason : before.over_disbursement_reason },
    );
    await repo.insertStep(trx, { pledge_id: id, stage, amount: input.amount, on_date: input.on, reason: input.reason ?? null, created_by: ctx.actor.userId });
    await recordAudit(trx, ctx, {
      action: `pledge.${stage === 'committed' ? 'commit' : 'disburse'}`,
      entityType: 'pledge',
      entityId: id,
      before: presentPledge(before),
      after: presentPledge(after),
      reason: input.reason,
    });
    return presentPledge(after, await repo.steps(trx, id));
  });
}

/** Errors: not_found. */
export async function getPledge(ctx: Ctx, id: string) {
  const row = await repo.byId(ctx.db, id);
  if (!row) throw notFound('pledge', id);
  return presentPledge(row, await repo.steps(ctx.db, id));
}

/** Newest pledge first. Errors: validation_failed (cursor). */
export async function listPledges(ctx: Ctx, q: { country?: string; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
  const rows = await repo.list(ctx.db, { country: q.country, after, limit });
  const page = pageOf(rows, limit, (r) => [r.pledged_on, r.id]);
  return { items: page.items.map((p) => presentPledge(p)), nextCursor: page.nextCursor };
}
