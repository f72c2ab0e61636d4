import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { EngagementLinkTable, EngagementParticipantTable, EngagementSourceTable, EngagementTable } from './tables.ts';

export type EngagementRow = Selectable<EngagementTable>;
export type SourceRow = Selectable<EngagementSourceTable>;

export async function insert(ex: Executor, e: Insertable<EngagementTable>) {
  return ex.insertInto('engagement').values(e).returningAll().executeTakeFirstOrThrow();
}

export async function update(ex: Executor, id: string, patch: Updateable<EngagementTable>) {
  return ex
    .updateTable('engagement')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function byId(ex: Executor, id: string) {
  return ex.selectFrom('engagement').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function byIdForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('engagement').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function remove(ex: Executor, id: string) {
  await ex.deleteFrom('engagement').where('id', '=', id).execute();
}

/** Replace the participants, sources or links of an engagement (each list given replaces the old one). */
export async function replaceParticipants(ex: Executor, id: string, rows: Omit<Insertable<EngagementParticipantTable>, 'engagement_id' | 'position'>[]) {
  await ex.deleteFrom('engagement_participant').where('engagement_id', '=', id).execute();
  if (rows.length)
    await ex
      .insertInto('engagement_participant')
      .values(rows.map((r, i) => ({ ...r, engagement_id: id, position: i })))
      .execute();
}

export async function replaceSources(ex: Executor, id: string, rows: Omit<Insertable<EngagementSourceTable>, 'engagement_id' | 'position'>[]) {
  await ex.deleteFrom('engagement_source').where('engagement_id', '=', id).execute();
  if (rows.length)
    await ex
      .insertInto('engagement_source')
      .values(rows.map((r, i) => ({ ...r, engagement_id: id, position: i })))
      .execute();
}

export async function replaceLinks(ex: Executor, id: string, rows: Omit<EngagementLinkTable, 'engagement_id'>[]) {
  await ex.deleteFrom('engagement_link').where('engagement_id', '=', id).execute();
  if (rows.length)
    await ex
      .insertInto('engagement_link')
      .values(rows.map((r) => ({ ...r, engagement_id: id })))
      .execute();
}

export async function details(ex: Executor, id: string) {
  const [participants, sources, links] = await Promise.all([
    ex.selectFrom('engagement_participant').selectAll().where('engagement_id', '=', id).orderBy('position').execute(),
    ex.selectFrom('engagement_source').selectAll().where('engagement_id', '=', id).orderBy('position').execute(),
    ex.selectFrom('engagement_link').selectAll().where('engagement_id', '=', id).orderBy('target_type').orderBy('target_id').execute(),
  ]);
  return { participants, sources, links };
}

/** The sources of many engagements in one statement (a country page lists them all). */
export async function sourcesOf(ex: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return ex.selectFrom('engagement_source').selectAll().where('engagement_id', 'in', ids).orderBy('engagement_id').orderBy('position').execute();
}

export interface EngagementFilter {
  country?: string;
  kind?: string;
  /** Keys of the last row seen: (starts_on, id), newest first. */
  after?: [string, string];
  limit: number;
}

export async function list(ex: Executor, f: EngagementFilter) {
  let q = ex
    .selectFrom('engagement')
    .selectAll()
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1);
  if (f.country) q = q.where('country', '=', f.country);
  if (f.kind) q = q.where('kind', '=', f.kind as EngagementRow['kind']);
  if (f.after) q = q.where(sql<boolean>`(starts_on, id) < (${f.after[0]}::date, ${f.after[1]}::uuid)`);
  return q.execute();
}

/**
 * Which of `ids` exist in `table`. Projects and tenders belong to other
 * modules and may not be installed, so a missing table means none exist.
 */
export async function existing(ex: Executor, table: 'project' | 'tender' | 'organisation' | 'document', ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const present = await sql<{ ok: boolean }>`select to_regclass(${table}) is not null as ok`.execute(ex);
  if (!present.rows[0].ok) return new Set();
  const r = await sql<{ id: string }>`select id from ${sql.table(table)} where id = any(${ids}::uuid[])`.execute(ex);
  return new Set(r.rows.map((x) => x.id));
}

export async function hasPledges(ex: Executor, id: string) {
  return !!(await ex.selectFrom('pledge').select('id').where('engagement_id', '=', id).limit(1).executeTakeFirst());
}
