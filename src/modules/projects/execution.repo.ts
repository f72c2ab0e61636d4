import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

/**
 * The writes contract execution makes to projects, owned here so that the
 * contracts module never names a projects table: outputs "achieved" follow
 * accepted progress, and completing a contract completes its projects.
 * Called inside the caller's transaction (with its audit event).
 */

/** Set each output's achieved quantity (computed by the contracts module from accepted reports). */
export async function setOutputsAchieved(ex: Executor, rows: { id: string; achieved: number }[]) {
  for (const r of rows) await ex.updateTable('project_output').set({ achieved: r.achieved }).where('id', '=', r.id).execute();
}

/** Move the given projects to completion with the actual end date, recording each change; returns the ids moved. */
export async function completeProjects(ex: Executor, projectIds: string[], actualEnd: string, reason: string, by: string | null) {
  if (!projectIds.length) return [];
  const ps = await ex.selectFrom('project').select(['id', 'status']).where('id', 'in', projectIds).where('status', 'not in', ['completion', 'cancelled']).forUpdate().execute();
  for (const p of ps) {
    await ex.updateTable('project').set({ status: 'completion', actual_end: actualEnd, updated_at: sql`now()` }).where('id', '=', p.id).execute();
    await ex.insertInto('project_status_change').values({ project_id: p.id, from_status: p.status, to_status: 'completion', reason, changed_by: by }).execute();
  }
  return ps.map((p) => p.id);
}
