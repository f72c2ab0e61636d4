import { type Expression, type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

/**
 * Was `country` a partner of the programme on `day` (a date, judged in the
 * programme's calendar)? Periods are inclusive at both ends; an open end
 * means "until further notice".
 */
export async function isPartnerOn(ex: Executor, country: string, day: string | Date): Promise<boolean> {
  const d = typeof day === 'string' ? day : day.toISOString().slice(0, 10);
  const r = await sql<{ ok: boolean }>`select ${partnerOnSql(sql`${country}`, sql`${d}::date`)} as ok`.execute(ex);
  return r.rows[0].ok;
}

/** The same question as SQL, for a caller that asks it inside a larger statement (the bid admission). */
export function partnerOnSql(country: Expression<unknown>, day: Expression<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (
      select 1 from partner_period
      where country = ${country} and valid_from <= ${day} and (valid_to is null or valid_to >= ${day})
    )`;
}
