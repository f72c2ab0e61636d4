import { type Insertable, sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import * as pledges from '../partners/pledges.repo.ts';
import type { ContractsTables } from './tables.ts';

/** The SQL of a contract's money: payments and variations, and the sums the rules need. */
type T = ContractsTables;

export async function payments(ex: Executor, contractId: string) {
  return ex.selectFrom('payment').selectAll().where('contract_id', '=', contractId).orderBy('requested_at').orderBy('id').execute();
}

export async function paymentForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('payment').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertPayment(ex: Executor, row: Insertable<T['payment']>) {
  return ex.insertInto('payment').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePayment(ex: Executor, id: string, patch: Partial<Insertable<T['payment']>>) {
  return ex.updateTable('payment').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Running sums of one contract's live (not rejected) payments, by kind; call with the execution row locked. */
export async function sums(ex: Executor, contractId: string, milestoneId: string | null = null) {
  const r = await sql<Record<string, string>>`
    select
      coalesce(sum(gross_amount) filter (where kind = 'milestone'), 0) as milestone_gross,
      coalesce(sum(gross_amount) filter (where kind = 'milestone' and milestone_id = ${milestoneId}), 0) as this_milestone_gross,
      coalesce(sum(gross_amount) filter (where kind = 'advance'), 0) as advance_gross,
      coalesce(sum(advance_recovery_amount), 0) as advance_recovered,
      coalesce(sum(retention_amount), 0) as retention_withheld,
      coalesce(sum(gross_amount) filter (where kind = 'retention'), 0) as retention_released,
      coalesce(sum(net_amount) filter (where status = 'paid'), 0) as paid_net
    from payment where contract_id = ${contractId} and status <> 'rejected'`.execute(ex);
  const n = Object.fromEntries(Object.entries(r.rows[0]).map(([k, v]) => [k, Number(v)]));
  return n as Record<'milestone_gross' | 'this_milestone_gross' | 'advance_gross' | 'advance_recovered' | 'retention_withheld' | 'retention_released' | 'paid_net', number>;
}

export async function advancesOnGuarantee(ex: Executor, guaranteeId: string) {
  const r = await ex
    .selectFrom('payment')
    .select(sql<string>`coalesce(sum(gross_amount), 0)`.as('s'))
    .where('guarantee_id', '=', guaranteeId)
    .where('status', '<>', 'rejected')
    .executeTakeFirstOrThrow();
  return Number(r.s);
}

export async function guaranteeUsable(ex: Executor, guaranteeId: string) {
  const r = await sql<{ ok: boolean }>`select expires_on >= current_date as ok from contract_guarantee where id = ${guaranteeId}`.execute(ex);
  return r.rows[0]?.ok ?? false;
}

/** The pledge a payment draws on, locked (the Partners module owns it). */
export const pledgeForUpdate = pledges.figuresForUpdate;

/** A paid payment adds to its pledge's running total (the payment's transaction; the pledge row is locked). */
export async function addToPledgePaid(ex: Executor, pledgeId: string, net: number) {
  await sql`insert into pledge_paid_total (pledge_id, paid_net, payments) values (${pledgeId}, ${net}, 1)
    on conflict (pledge_id) do update set paid_net = pledge_paid_total.paid_net + excluded.paid_net, payments = pledge_paid_total.payments + 1`.execute(ex);
}

// ---- variations

export async function variations(ex: Executor, contractId: string) {
  return ex.selectFrom('variation').selectAll().where('contract_id', '=', contractId).orderBy('seq').execute();
}

export async function variationForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('variation').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertVariation(ex: Executor, row: Insertable<T['variation']>) {
  return ex.insertInto('variation').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateVariation(ex: Executor, id: string, patch: Partial<Insertable<T['variation']>>) {
  return ex.updateTable('variation').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Approved value change (net, for the ceiling) and absolute change (for the threshold), and the next seq. */
export async function variationSums(ex: Executor, contractId: string) {
  const r = await sql<{ net: string; abs: string; seq: number }>`
    select coalesce(sum(value_change) filter (where status = 'approved'), 0) as net,
           coalesce(sum(abs(value_change)) filter (where status <> 'rejected'), 0) as abs,
           coalesce(max(seq), 0) + 1 as seq
    from variation where contract_id = ${contractId}`.execute(ex);
  return { net: Number(r.rows[0].net), abs: Number(r.rows[0].abs), seq: Number(r.rows[0].seq) };
}

/** The pledge's disbursed total follows the platform's payments (written by the Partners module). */
export const disburseFromPayment = pledges.disburseFromPayment;
