import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { PledgeStepTable, PledgeTable } from './tables.ts';

export type PledgeRow = Selectable<PledgeTable>;
export type PledgeStepRow = Selectable<PledgeStepTable>;

export async function insert(ex: Executor, p: Insertable<PledgeTable>) {
  return ex.insertInto('pledge').values(p).returningAll().executeTakeFirstOrThrow();
}

export async function update(ex: Executor, id: string, patch: Updateable<PledgeTable>) {
  return ex
    .updateTable('pledge')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function byId(ex: Executor, id: string) {
  return ex.selectFrom('pledge').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function byIdForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('pledge').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertStep(ex: Executor, s: Insertable<PledgeStepTable>) {
  return ex.insertInto('pledge_step').values(s).returningAll().executeTakeFirstOrThrow();
}

export async function steps(ex: Executor, pledgeId: string) {
  return ex.selectFrom('pledge_step').selectAll().where('pledge_id', '=', pledgeId).orderBy('created_at').orderBy('id').execute();
}

export async function list(ex: Executor, f: { country?: string; after?: [string, string]; limit: number }) {
  let q = ex
    .selectFrom('pledge')
    .selectAll()
    .orderBy('pledged_on', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1);
  if (f.country) q = q.where('country', '=', f.country);
  if (f.after) q = q.where(sql<boolean>`(pledged_on, id) < (${f.after[0]}::date, ${f.after[1]}::uuid)`);
  return q.execute();
}

/** A pledge's figures, locked: a payment drawing on it (contracts module) checks and moves them in its transaction. */
export async function figuresForUpdate(ex: Executor, id: string) {
  return ex
    .selectFrom('pledge')
    .select(['id', 'country', 'currency', 'status', 'pledged_amount', 'committed_amount', 'disbursed_amount'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * A paid payment drawing on a partner's pledge moves the pledge's disbursed
 * total (and leaves a step naming the payment), in the payment's transaction:
 * the pledge's "disbursed" follows the platform's payments.
 */
export async function disburseFromPayment(ex: Executor, pledgeId: string, amount: number, on: string, reason: string, by: string | null) {
  await sql`update pledge set status = 'disbursed', disbursed_amount = disbursed_amount + ${amount},
      disbursed_on = greatest(coalesce(disbursed_on, ${on}::date), ${on}::date), updated_at = now() where id = ${pledgeId}`.execute(ex);
  await ex.insertInto('pledge_step').values({ pledge_id: pledgeId, stage: 'disbursed', amount, on_date: on, reason, created_by: by }).execute();
}
