import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/index.ts';
import { lockOf, xactLock } from '../../db/locks.ts';

/**
 * Release storage and the feed sequencer's SQL (configured in sequencer.ts).
 * The only file of the module that writes SQL for `ocds_release` (the
 * process loader is in process.repo.ts).
 */

export interface StoredRelease {
  id: string;
  ocid: string;
  seq: number;
  tags: string[];
  release: Record<string, unknown>;
  position: number;
  date: Date;
}

/**
 * Serialise publications of one contracting process until the caller's
 * transaction ends, so per-ocid sequence numbers and recorded_at agree.
 */
export async function lockOcid(trx: Tx, ocid: string): Promise<void> {
  await xactLock(trx, lockOf.ocdsProcess(ocid));
}

export async function nextSeq(trx: Tx, ocid: string): Promise<number> {
  const r = await trx.selectFrom('ocds_release').select(sql<number>`coalesce(max(seq), 0) + 1`.as('n')).where('ocid', '=', ocid).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertRelease(trx: Tx, row: { id: string; ocid: string; seq: number; tags: string[]; release: Record<string, unknown> }): Promise<void> {
  await trx
    .insertInto('ocds_release')
    .values({ id: row.id, ocid: row.ocid, seq: row.seq, tags: row.tags, release: JSON.stringify(row.release) })
    .execute();
}

export async function feedHead(trx: Executor): Promise<{ position: number; date: Date } | undefined> {
  const r = await trx.selectFrom('ocds_release').select(['position', 'date']).where('position', 'is not', null).orderBy('position', 'desc').limit(1).executeTakeFirst();
  return r ? { position: Number(r.position), date: new Date(r.date as Date) } : undefined;
}

/** Committed releases not yet in the feed, in the order they were written. */
export async function pending(ex: Executor, limit: number): Promise<{ id: string }[]> {
  return ex.selectFrom('ocds_release').select('id').where('position', 'is', null).orderBy('recorded_at').orderBy('ocid').orderBy('seq').limit(limit).execute();
}

/** Of these releases, how many are still not in the feed. */
export async function countPendingOf(ex: Executor, ids: string[]): Promise<number> {
  const r = await ex
    .selectFrom('ocds_release')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('position', 'is', null)
    .where(sql<boolean>`id = any(${ids}::text[])`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function clock(trx: Executor): Promise<Date> {
  const r = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(trx);
  return new Date(r.rows[0].now);
}

export async function assignPositions(trx: Tx, rows: { id: string; position: number; date: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((r) => sql`(${r.id}::text, ${r.position}::bigint, ${r.date.toISOString()}::timestamptz)`));
  await sql`
    update ocds_release o set position = v.position, date = v.date
    from (values ${values}) as v (id, position, date)
    where o.id = v.id and o.position is null`.execute(trx);
}

const columns = ['id', 'ocid', 'seq', 'tags', 'release', 'position', 'date'] as const;

function stored(r: { id: string; ocid: string; seq: number; tags: string[]; release: unknown; position: number | null; date: Date | null }): StoredRelease {
  return { id: r.id, ocid: r.ocid, seq: Number(r.seq), tags: r.tags, release: r.release as Record<string, unknown>, position: Number(r.position), date: new Date(r.date as Date) };
}

/**
 * A page of the feed. `after`/`before` are positions (the cursor); `since`
 * is an exclusive lower bound on the feed date. Only sequenced rows.
 */
export async function feedPage(ex: Executor, q: { since?: Date; after?: number; before?: number; order: 'asc' | 'desc'; limit: number; ocid?: string }): Promise<StoredRelease[]> {
  let query = ex.selectFrom('ocds_release').select(columns).where('position', 'is not', null);
  if (q.since) query = query.where('date', '>', q.since);
  if (q.after !== undefined) query = query.where('position', '>', q.after);
  if (q.before !== undefined) query = query.where('position', '<', q.before);
  if (q.ocid) query = query.where('ocid', '=', q.ocid);
  const rows = await query.orderBy('position', q.order).limit(q.limit).execute();
  return rows.map(stored);
}

/** Every sequenced release of one process, oldest first. */
export async function releasesOf(ex: Executor, ocid: string): Promise<StoredRelease[]> {
  const rows = await ex.selectFrom('ocds_release').select(columns).where('ocid', '=', ocid).where('position', 'is not', null).orderBy('position').execute();
  return rows.map(stored);
}

/** Process ids with at least one sequenced release, in order of their first release, paged by that position. */
export async function ocidsAfter(ex: Executor, afterPosition: number, limit: number): Promise<{ ocid: string; first: number }[]> {
  const rows = await ex
    .selectFrom('ocds_release')
    .select(['ocid', sql<number>`min(position)`.as('first')])
    .where('position', 'is not', null)
    .groupBy('ocid')
    .having(sql<number>`min(position)`, '>', afterPosition)
    .orderBy('first')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ocid: r.ocid, first: Number(r.first) }));
}
