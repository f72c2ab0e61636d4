import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import { partnerOnSql } from '../partners/eligibility.ts';

/**
 * The feeds' SQL, over published views only: Tenders' public_tender (no
 * draft is in it, migration 0496) and award_decision, Projects'
 * project_summary, project_district and project_status_history (0397),
 * Land's area_summary. No feed reads a table, so no feed can show a draft.
 */

export interface TenderFilter {
  sector?: string;
  districtId?: string;
  /** A country code: tenders open to all, or to partners when that country is one today. */
  eligibility?: string;
  projectId?: string;
  /** Only this tender (does it match the filter?). */
  tenderId?: string;
  limit: number;
}

export async function tenders(ex: Executor, f: TenderFilter) {
  let q = ex
    .selectFrom('public_tender as t')
    .select(['t.id', 't.ocid', 't.title', 't.description', 't.status', 't.eligibility', 't.tender_end', 't.published_at', 't.updated_at'])
    .orderBy(sql`coalesce(t.published_at, t.updated_at)`, 'desc')
    .orderBy('t.id', 'desc')
    .limit(f.limit);
  const viaProject = (cond: ReturnType<typeof sql<boolean>>) =>
    sql<boolean>`exists (select 1 from tender_project_link l join project_summary p on p.id = l.project_id
      left join project_district d on d.project_id = p.id where l.tender_id = t.id and ${cond})`;
  if (f.sector) q = q.where(viaProject(sql<boolean>`(${f.sector} = any(p.sector) or exists (select 1 from unnest(p.sector) s where s like ${`${f.sector}.%`}))`));
  if (f.districtId) q = q.where(viaProject(sql<boolean>`d.district_id = ${f.districtId}::uuid`));
  if (f.projectId) q = q.where(viaProject(sql<boolean>`p.id = ${f.projectId}::uuid`));
  if (f.tenderId) q = q.where('t.id', '=', f.tenderId);
  if (f.eligibility) {
    const today = sql`(now() at time zone coalesce((select timezone from programme_profile limit 1), 'UTC'))::date`;
    q = q.where(sql<boolean>`(t.eligibility = 'all' or ${partnerOnSql(sql`${f.eligibility}`, today)})`);
  }
  return q.execute();
}

/** Awards of a project's tenders (public_tender keeps drafts out; a draft has no award anyway). */
export async function projectAwards(ex: Executor, projectId: string) {
  return ex
    .selectFrom('award_decision as a')
    .innerJoin('public_tender as t', 't.id', 'a.tender_id')
    .innerJoin('tender_project_link as l', 'l.tender_id', 't.id')
    .select(['a.id', 'a.status', 'a.decided_at', 't.id as tender_id', 't.title'])
    .where('l.project_id', '=', projectId)
    .where('a.status', '<>', 'cancelled')
    .orderBy('a.decided_at', 'desc')
    .limit(200)
    .execute();
}

export async function statusHistory(ex: Executor, projectId: string) {
  return ex
    .selectFrom('project_status_history')
    .select(['id', 'from_status', 'to_status', 'changed_at'])
    .where('project_id', '=', projectId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

/** A district by its area code, or by its id. */
export async function district(ex: Executor, codeOrId: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(codeOrId);
  return ex
    .selectFrom('area_summary')
    .select(['id', 'code'])
    .where('level', '=', 'district')
    .where(isUuid ? 'id' : 'code', '=', codeOrId)
    .executeTakeFirst();
}

/** The projects a tender is linked to (its subscribers of those projects hear of it). */
export async function tenderProjects(ex: Executor, tenderId: string) {
  return (await ex.selectFrom('tender_project_link').select('project_id').where('tender_id', '=', tenderId).execute()).map((r) => r.project_id);
}
