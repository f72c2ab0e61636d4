import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import { type TenderMatch, tenderMatchConditions } from '../tenders/filter.repo.ts';

/**
 * The feeds' SQL, over published views only: Tenders' public_tender (no
 * draft is in it, migration 0496) and award_decision, Projects'
 * project_summary, project_district and project_status_history (0397),
 * Contracts' public_project_milestone and public_project_contract_completion (0692),
 * the tender filter of Tenders (filter.repo.ts). No feed reads a table, so no feed can show a draft.
 */

export interface TenderFilter extends TenderMatch {
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
  for (const cond of tenderMatchConditions({ id: 't.id', eligibility: 't.eligibility' }, f)) q = q.where(cond);
  if (f.tenderId) q = q.where('t.id', '=', f.tenderId);
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

/** Accepted milestones of the project's contracts (Contracts' public_project_milestone, 0692: nothing undecided). */
export async function projectMilestones(ex: Executor, projectId: string) {
  return ex
    .selectFrom('public_project_milestone')
    .select(['id', 'contract_id', 'title', 'contract_title', 'decided_at'])
    .where('project_id', '=', projectId)
    .orderBy('decided_at', 'desc')
    .limit(200)
    .execute();
}

/** Completions of the project's contracts (Contracts' public_project_contract_completion, 0692). */
export async function projectContractCompletions(ex: Executor, projectId: string) {
  return ex
    .selectFrom('public_project_contract_completion')
    .select(['id', 'contract_id', 'contract_title', 'completed_at'])
    .where('project_id', '=', projectId)
    .orderBy('completed_at', 'desc')
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

/** The projects a tender is linked to (its subscribers of those projects hear of it). */
export async function tenderProjects(ex: Executor, tenderId: string) {
  return (await ex.selectFrom('tender_project_link').select('project_id').where('tender_id', '=', tenderId).execute()).map((r) => r.project_id);
}

/** One award as its mail tells it: the tender's title, the supplier's names (Organisations' organisation_party), the value. */
export async function awardFacts(ex: Executor, awardId: string) {
  return ex
    .selectFrom('award_decision as a')
    .innerJoin('public_tender as t', 't.id', 'a.tender_id')
    .innerJoin('organisation_party as o', 'o.id', 'a.supplier_org_id')
    .select(['a.id', 'a.tender_id', 'a.value_amount', 'a.value_currency', 't.title', 't.ocid', 'o.name', 'o.name_i18n'])
    .where('a.id', '=', awardId)
    .executeTakeFirst();
}
