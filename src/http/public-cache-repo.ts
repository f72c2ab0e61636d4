import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

/**
 * The change counters of some scopes, summed (migrations/0910_public_change.sql):
 * every counter only grows, so the sum changes whenever any of them does.
 */
export async function changeVersion(ex: Executor, scopes: readonly string[]): Promise<number> {
  const r = await sql<{ v: number }>`select coalesce(sum(n), 0)::int8 as v from public_change where scope = any(${scopes as string[]}::text[])`.execute(ex);
  return Number(r.rows[0].v);
}
