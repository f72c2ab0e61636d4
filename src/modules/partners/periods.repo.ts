import { type Insertable, type Selectable, sql } from 'kysely';
import type { Executor, Tx } from '../../db/index.ts';
import { lockOf, xactLock } from '../../db/locks.ts';
import type { PartnerPeriodTable } from './tables.ts';

export type PeriodRow = Selectable<PartnerPeriodTable>;

/**
 * Serialise writers of one country's periods for the rest of the
 * transaction, so that two overlapping periods created at the same moment
 * cannot both pass the overlap check (no exclusion constraint: btree_gist is
 * not available on every backend).
 */
export async function lockCountry(trx: Tx, country: string) {
  await xactLock(trx, lockOf.partnerPeriod(country));
}

export async function byCountry(ex: Executor, country: string) {
  return ex.selectFrom('partner_period').selectAll().where('country', '=', country).orderBy('valid_from').orderBy('id').execute();
}

export async function all(ex: Executor) {
  return ex.selectFrom('partner_period').selectAll().orderBy('country').orderBy('valid_from').execute();
}

export async function byId(ex: Executor, id: string) {
  return ex.selectFrom('partner_period').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insert(ex: Executor, p: Insertable<PartnerPeriodTable>) {
  return ex.insertInto('partner_period').values(p).returningAll().executeTakeFirstOrThrow();
}

export async function update(ex: Executor, id: string, patch: Partial<Pick<PartnerPeriodTable, 'valid_from' | 'valid_to' | 'basis' | 'basis_reference'>>) {
  return ex
    .updateTable('partner_period')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function remove(ex: Executor, id: string) {
  await ex.deleteFrom('partner_period').where('id', '=', id).execute();
}

/** Today in the programme's calendar, by the database clock. */
export async function today(ex: Executor): Promise<string> {
  const r = await sql<{ d: string }>`
    select (now() at time zone coalesce((select timezone from programme_profile limit 1), 'UTC'))::date::text as d`.execute(ex);
  return r.rows[0].d;
}
