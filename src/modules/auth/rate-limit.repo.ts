import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

export interface Hit {
  hits: number;
  /** Milliseconds until the window restarts. */
  ttlMs: number;
}

/**
 * Count one hit against `key` in a fixed window of `windowMs`, atomically:
 * one INSERT … ON CONFLICT, so concurrent servers never lose a hit. A window
 * that has run out restarts at 1. The database clock decides.
 */
export async function hit(ex: Executor, key: string, windowMs: number): Promise<Hit> {
  const r = await sql<{ hits: number; ttl_ms: string }>`
    insert into rate_limit_counter as c (key, hits, reset_at)
    values (${key}, 1, clock_timestamp() + ${windowMs} * interval '1 millisecond')
    on conflict (key) do update set
      hits = case when c.reset_at <= clock_timestamp() then 1 else c.hits + 1 end,
      reset_at = case when c.reset_at <= clock_timestamp() then excluded.reset_at else c.reset_at end
    returning hits, ceil(extract(epoch from (reset_at - clock_timestamp())) * 1000)::bigint as ttl_ms`.execute(ex);
  const row = r.rows[0];
  return { hits: Number(row.hits), ttlMs: Math.max(0, Number(row.ttl_ms)) };
}

/** The current count without counting (0 when the window ran out). */
export async function peek(ex: Executor, key: string): Promise<Hit> {
  const r = await sql<{ hits: number; ttl_ms: string }>`
    select hits, ceil(extract(epoch from (reset_at - clock_timestamp())) * 1000)::bigint as ttl_ms
    from rate_limit_counter where key = ${key} and reset_at > clock_timestamp()`.execute(ex);
  const row = r.rows[0];
  return row ? { hits: Number(row.hits), ttlMs: Math.max(0, Number(row.ttl_ms)) } : { hits: 0, ttlMs: 0 };
}

export async function clear(ex: Executor, key: string): Promise<void> {
  await sql`delete from rate_limit_counter where key = ${key}`.execute(ex);
}

/** Drop windows that ran out a while ago; called now and then, not on every hit. */
export async function prune(ex: Executor): Promise<void> {
  await sql`delete from rate_limit_counter where reset_at < clock_timestamp() - interval '1 hour'`.execute(ex);
}
