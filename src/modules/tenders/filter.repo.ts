import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import { partnerOnSql } from '../partners/eligibility.ts';

/**
 * Which tenders match a visitor's filter — one definition for the tenders
 * list, the tenders feed and the email subscriptions, so the list a visitor
 * filters, the feed its "Feed" link gives and the mail its subscription sends
 * never disagree. Sector and district are the linked projects' (Projects'
 * published project_summary and project_district views); eligibility is
 * "a company of that country may bid today" (open to all, or to partners
 * while that country is one, judged in the programme's calendar).
 */
export interface TenderMatch {
  /** An OC4IDS sector; a top-level sector includes its sub-sectors. */
  sector?: string;
  districtId?: string;
  /** ISO 3166-1 alpha-2. */
  eligibility?: string;
  projectId?: string;
}

/** Conditions over a tender row (its id and eligibility columns, e.g. `t.id`, `t.eligibility`), to AND into a query. */
export function tenderMatchConditions(cols: { id: string; eligibility: string }, f: TenderMatch): RawBuilder<boolean>[] {
  const id = sql.ref(cols.id);
  const viaProject = (cond: RawBuilder<boolean>) =>
    sql<boolean>`exists (select 1 from tender_project_link l join project_summary p on p.id = l.project_id
      left join project_district d on d.project_id = p.id where l.tender_id = ${id} and ${cond})`;
  const out: RawBuilder<boolean>[] = [];
  if (f.sector) out.push(viaProject(sql<boolean>`(${f.sector} = any(p.sector) or exists (select 1 from unnest(p.sector) s where s like ${`${f.sector}.%`}))`));
  if (f.districtId) out.push(viaProject(sql<boolean>`d.district_id = ${f.districtId}::uuid`));
  if (f.projectId) out.push(viaProject(sql<boolean>`p.id = ${f.projectId}::uuid`));
  if (f.eligibility) {
    const today = sql`(now() at time zone coalesce((select timezone from programme_profile limit 1), 'UTC'))::date`;
    out.push(sql<boolean>`(${sql.ref(cols.eligibility)} = 'all' or ${partnerOnSql(sql`${f.eligibility}`, today)})`);
  }
  return out;
}

/** A district by its area code, or by its id (Land's area_summary). */
export async function districtByCodeOrId(ex: Executor, codeOrId: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(codeOrId);
  return ex
    .selectFrom('area_summary')
    .select(['id', 'code'])
    .where('level', '=', 'district')
    .where(isUuid ? 'id' : 'code', '=', codeOrId)
    .executeTakeFirst();
}
