import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

/**
 * The change counters of some scopes, summed (migrations/0910_public_change.sql):
 * every counter only grows, so the sum changes whenever any of them does.
 * With it, the database clock: answers that show a phase or the server's time
 * (the tenders) are judged and refreshed by it, as the services do.
 */
export async function changeVersion(ex: Executor, scopes: readonly string[]): Promise<{ version: number; now: Date }> {
  const r = await sql<{ v: number; now: Date }>`select coalesce(sum(n), 0)::int8 as v, now() as now from public_change where scope = any(${scopes as string[]}::text[])`.execute(
    ex,
  );
  return { version: Number(r.rows[0].v), now: new Date(r.rows[0].now) };
}
