import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/index.ts';
import { lockOf, xactLock } from '../../db/locks.ts';

/** SQL for contracting processes followed from another OCDS publisher (migration 0520). */
export async function processesOf(ex: Executor, projectIds: string[]) {
  if (projectIds.length === 0) return [];
  return ex
    .selectFrom('project_external_process')
    .select(['ocid', 'project_id', 'publisher', 'compiled', 'release_count', 'last_date'])
    .where('project_id', 'in', projectIds)
    .orderBy('ocid')
    .execute();
}

export async function processesByOcid(ex: Executor, ocids: string[]) {
  if (ocids.length === 0) return [];
  return ex.selectFrom('project_external_process').select(['ocid', 'project_id']).where('ocid', 'in', ocids).execute();
}

export async function releasesOf(ex: Executor, ocids: string[]) {
  if (ocids.length === 0) return [];
  return ex.selectFrom('project_external_release').select(['ocid', 'release_id', 'release']).where('ocid', 'in', ocids).orderBy('ocid').execute();
}

export async function lockOcids(trx: Tx, ocids: string[]) {
  // One importer per process at a time: two concurrent imports of the same ocid would compile from different release sets.
  // Sorted, so that two importers of overlapping sets cannot deadlock.
  for (const o of [...ocids].sort()) await xactLock(trx, lockOf.externalOcdsProcess(o));
}

export async function upsertProcess(
  ex: Executor,
  p: { ocid: string; project_id: string; publisher: Record<string, unknown>; compiled: Record<string, unknown>; release_count: number; last_date: string | null },
) {
  const row = { ...p, publisher: JSON.stringify(p.publisher), compiled: JSON.stringify(p.compiled) };
  await ex
    .insertInto('project_external_process')
    .values(row)
    .onConflict((oc) =>
      oc.column('ocid').doUpdateSet({
        project_id: row.project_id,
        publisher: row.publisher,
        compiled: row.compiled,
        release_count: row.release_count,
        last_date: row.last_date,
        updated_at: new Date().toISOString(),
      }),
    )
    .execute();
}

export async function insertReleases(ex: Executor, rows: { ocid: string; release_id: string; date: string | null; release: Record<string, unknown> }[]) {
  if (rows.length === 0) return;
  await ex
    .insertInto('project_external_release')
    .values(rows.map((r) => ({ ...r, release: JSON.stringify(r.release) })))
    .execute();
}

/** Projects by id or code, and by OC4IDS id (what planning.budget.projectID names). */
export async function projectsByKeys(ex: Executor, keys: string[]) {
  if (keys.length === 0) return [];
  const uuids = keys.filter((k) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(k));
  return ex
    .selectFrom('project')
    .select(['id', 'code', 'oc4ids_id'])
    .where((eb) => eb.or([eb('code', 'in', keys), eb('oc4ids_id', 'in', keys), ...(uuids.length ? [eb('id', 'in', uuids)] : [])]))
    .execute();
}

/** Projects that list these OCIDs among their related processes. */
export async function projectsListing(ex: Executor, ocids: string[]) {
  if (ocids.length === 0) return [];
  return ex.selectFrom('project').select(['id', 'code', 'related_ocids']).where(sql<boolean>`related_ocids && ${ocids}::text[]`).execute();
}
