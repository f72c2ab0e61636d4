import { type Insertable, type Selectable, sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import * as projectsExecution from '../projects/execution.repo.ts';
import * as tendersRepo from '../tenders/repo.ts';
import type { ContractsTables, ExecutionStatus } from './tables.ts';

/**
 * The SQL of contract execution: the contract and its parts, milestones,
 * progress reports and photos. Money (payments, variations) is in money.repo.ts.
 * Other modules are read through the views they publish (signed_contract,
 * tender_summary, project_summary, …) and written through their repos.
 */
type T = ContractsTables;

export async function contractById(ex: Executor, id: string) {
  return ex
    .selectFrom('signed_contract as c')
    .innerJoin('tender_summary as t', 't.id', 'c.tender_id')
    .innerJoin('contract_execution as e', 'e.contract_id', 'c.id')
    .innerJoin('organisation_party as o', 'o.id', 'c.supplier_org_id')
    .select([
      'c.id',
      'c.tender_id',
      'c.award_id',
      'c.supplier_org_id',
      'c.title',
      'c.value_amount',
      'c.value_currency',
      'c.signed_at',
      'c.period_start',
      'c.period_end',
      't.ocid',
      't.programme_id',
      'o.name as supplier_name',
      'o.country as supplier_country',
      'e.status',
      'e.retention_pct',
      'e.variation_threshold_pct',
      'e.site_tolerance_m',
      'e.final_value_amount',
      'e.actual_end',
      'e.final_scope',
      'e.termination_reason',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}
export type ContractRow = NonNullable<Awaited<ReturnType<typeof contractById>>>;

/** Locks the execution row: every money or state change of one contract queues here. */
export async function lockExecution(ex: Executor, id: string) {
  return ex.selectFrom('contract_execution').selectAll().where('contract_id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertExecution(ex: Executor, row: Insertable<T['contract_execution']>) {
  await ex.insertInto('contract_execution').values(row).execute();
}

export async function setExecution(ex: Executor, id: string, patch: Partial<Insertable<T['contract_execution']>>) {
  await ex
    .updateTable('contract_execution')
    .set({ ...patch, updated_at: sql`now()` })
    .where('contract_id', '=', id)
    .execute();
}

export async function addHistory(ex: Executor, row: Insertable<T['contract_history']>) {
  await ex.insertInto('contract_history').values(row).execute();
}

export async function setStatus(ex: Executor, id: string, from: ExecutionStatus | null, to: ExecutionStatus, reason: string | null, by: string | null) {
  await setExecution(ex, id, { status: to });
  await addHistory(ex, { contract_id: id, from_status: from, to_status: to, reason, changed_by: by });
}

/** Signing hands over: the tender's projects and the winning bid's lots become the contract's. */
export async function linkFromTender(ex: Executor, contractId: string, tenderId: string, awardId: string) {
  await sql`insert into contract_project (contract_id, project_id)
    select ${contractId}, project_id from tender_project_link where tender_id = ${tenderId} on conflict do nothing`.execute(ex);
  await sql`insert into contract_lot (contract_id, lot_id)
    select ${contractId}, unnest(b.lot_ids) from award_decision a join opened_bid b on b.id = a.bid_id where a.id = ${awardId} on conflict do nothing`.execute(ex);
}

export async function parts(ex: Executor, id: string) {
  const [projects, lots, documents, guarantees, history] = await Promise.all([
    ex
      .selectFrom('contract_project as cp')
      .innerJoin('project_summary as p', 'p.id', 'cp.project_id')
      .select(['p.id', 'p.code', 'p.title', 'p.status', 'p.oc4ids_id'])
      .where('cp.contract_id', '=', id)
      .orderBy('p.code')
      .execute(),
    ex
      .selectFrom('contract_lot as cl')
      .innerJoin('tender_lot_summary as l', 'l.id', 'cl.lot_id')
      .select(['l.id', 'l.ref', 'l.title'])
      .where('cl.contract_id', '=', id)
      .orderBy('l.position')
      .execute(),
    ex
      .selectFrom('contract_document as cd')
      .innerJoin('document_meta as d', 'd.id', 'cd.document_id')
      .select(['d.id', 'd.title', 'd.sha256', 'd.media_type', 'cd.document_type', 'cd.created_at'])
      .where('cd.contract_id', '=', id)
      .orderBy('cd.created_at')
      .execute(),
    ex.selectFrom('contract_guarantee').selectAll().where('contract_id', '=', id).orderBy('created_at').execute(),
    ex.selectFrom('contract_history').selectAll().where('contract_id', '=', id).orderBy('id').execute(),
  ]);
  return { projects, lots, documents, guarantees, history };
}

export async function insertGuarantee(ex: Executor, row: Insertable<T['contract_guarantee']>) {
  return ex.insertInto('contract_guarantee').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function guaranteeById(ex: Executor, id: string) {
  return ex.selectFrom('contract_guarantee').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function documentById(ex: Executor, id: string) {
  return ex.selectFrom('document_meta').select(['id', 'access_level']).where('id', '=', id).executeTakeFirst();
}

export async function linkDocument(ex: Executor, row: Insertable<T['contract_document']>) {
  return ex
    .insertInto('contract_document')
    .values(row)
    .onConflict((oc) => oc.columns(['contract_id', 'document_id']).doNothing())
    .returning('document_id')
    .executeTakeFirst();
}

export async function list(ex: Executor, q: { supplierOrgId?: string; status?: string; projectId?: string; limit: number; after?: string }) {
  let query = ex
    .selectFrom('signed_contract as c')
    .innerJoin('contract_execution as e', 'e.contract_id', 'c.id')
    .innerJoin('tender_summary as t', 't.id', 'c.tender_id')
    .select(['c.id', 'c.title', 'c.value_amount', 'c.value_currency', 'c.supplier_org_id', 'c.period_start', 'c.period_end', 'c.signed_at', 'e.status', 't.ocid'])
    .orderBy('c.id')
    .limit(q.limit + 1);
  if (q.supplierOrgId) query = query.where('c.supplier_org_id', '=', q.supplierOrgId);
  if (q.status) query = query.where('e.status', '=', q.status as ExecutionStatus);
  if (q.projectId) query = query.where('c.id', 'in', ex.selectFrom('contract_project').select('contract_id').where('project_id', '=', q.projectId));
  if (q.after) query = query.where('c.id', '>', q.after);
  return query.execute();
}

// ---- milestones

export async function milestones(ex: Executor, contractId: string) {
  return ex
    .selectFrom('milestone')
    .selectAll()
    .select(sql<boolean>`status <> 'accepted' and due_date < current_date`.as('late'))
    .select(sql<number>`greatest(0, current_date - due_date)`.as('days_late'))
    .where('contract_id', '=', contractId)
    .orderBy('position')
    .execute();
}
export type MilestoneRow = Awaited<ReturnType<typeof milestones>>[number];

export async function milestoneOutputs(ex: Executor, ids: string[]) {
  if (!ids.length) return [];
  return ex
    .selectFrom('milestone_output as mo')
    .innerJoin('project_output_summary as po', 'po.id', 'mo.project_output_id')
    .select(['mo.milestone_id', 'mo.project_output_id', 'mo.quantity', 'po.metric', 'po.unit', 'po.project_id'])
    .where('mo.milestone_id', 'in', ids)
    .execute();
}

export async function milestoneForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('milestone').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function milestoneById(ex: Executor, id: string) {
  return ex.selectFrom('milestone').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMilestone(ex: Executor, row: Insertable<T['milestone']>) {
  return ex.insertInto('milestone').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertMilestoneOutputs(ex: Executor, rows: Insertable<T['milestone_output']>[]) {
  if (rows.length) await ex.insertInto('milestone_output').values(rows).execute();
}

export async function updateMilestone(ex: Executor, id: string, patch: Partial<Insertable<T['milestone']>>) {
  return ex.updateTable('milestone').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function shareAndPositions(ex: Executor, contractId: string) {
  const r = await ex
    .selectFrom('milestone')
    .select([sql<string>`coalesce(sum(share_pct), 0)`.as('share'), sql<number>`coalesce(max(position), 0)`.as('pos')])
    .where('contract_id', '=', contractId)
    .executeTakeFirstOrThrow();
  return { share: Number(r.share), position: Number(r.pos) };
}

/** Outputs of the contract's projects, by id: what milestones and reports may name. */
export async function contractOutputs(ex: Executor, contractId: string) {
  return ex
    .selectFrom('project_output_summary as po')
    .innerJoin('contract_project as cp', 'cp.project_id', 'po.project_id')
    .select(['po.id', 'po.project_id', 'po.metric', 'po.unit', 'po.planned', 'po.achieved'])
    .where('cp.contract_id', '=', contractId)
    .execute();
}

// ---- progress reports and photos

export async function insertReport(ex: Executor, row: Insertable<T['progress_report']>) {
  return ex.insertInto('progress_report').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertQuantities(ex: Executor, rows: Insertable<T['progress_quantity']>[]) {
  if (rows.length) await ex.insertInto('progress_quantity').values(rows).execute();
}

export async function reportForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('progress_report').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateReport(ex: Executor, id: string, patch: Partial<Insertable<T['progress_report']>>) {
  return ex.updateTable('progress_report').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function reports(ex: Executor, contractId: string) {
  return ex.selectFrom('progress_report').selectAll().where('contract_id', '=', contractId).orderBy('submitted_at').orderBy('id').execute();
}

export async function quantitiesOf(ex: Executor, reportIds: string[]) {
  if (!reportIds.length) return [];
  return ex.selectFrom('progress_quantity').selectAll().where('report_id', 'in', reportIds).execute();
}

export async function photosOf(ex: Executor, reportIds: string[]) {
  if (!reportIds.length) return [];
  return ex
    .selectFrom('progress_photo')
    .select(['id', 'report_id', 'sha256', 'resized_sha256', 'size_bytes', 'width', 'height', 'taken_at', 'location_status', 'distance_m', 'time_status', 'created_at'])
    .select(sql<number | null>`st_y(position)`.as('lat'))
    .select(sql<number | null>`st_x(position)`.as('lon'))
    .where('report_id', 'in', reportIds)
    .orderBy('created_at')
    .execute();
}

export async function photoById(ex: Executor, id: string) {
  return ex
    .selectFrom('progress_photo as ph')
    .innerJoin('progress_report as r', 'r.id', 'ph.report_id')
    .select(['ph.id', 'ph.sha256', 'ph.resized_sha256', 'r.contract_id'])
    .where('ph.id', '=', id)
    .executeTakeFirst();
}

/**
 * Distance in metres from a point to the nearest site of the contract's
 * projects (the site polygon, or the project's location when no site is
 * drawn), and whether it lies within the tolerance (geodesic, ST_DWithin on geography).
 */
export async function siteDistance(ex: Executor, contractId: string, lon: number, lat: number, toleranceM: number) {
  const r = await sql<{ distance_m: string | null; within: boolean | null }>`
    with pt as (select st_setsrid(st_makepoint(${lon}, ${lat}), 4326)::geography as g)
    select min(st_distance(coalesce(p.site::geometry, p.location)::geography, pt.g)) as distance_m,
           bool_or(st_dwithin(coalesce(p.site::geometry, p.location)::geography, pt.g, ${toleranceM})) as within
    from contract_project cp join project_summary p on p.id = cp.project_id, pt
    where cp.contract_id = ${contractId}`.execute(ex);
  const row = r.rows[0];
  return { distanceM: row?.distance_m == null ? null : Number(row.distance_m), within: row?.within ?? null };
}

export async function insertPhoto(ex: Executor, row: Omit<Insertable<T['progress_photo']>, 'position'> & { lon: number | null; lat: number | null }) {
  const { lon, lat, ...rest } = row;
  return ex
    .insertInto('progress_photo')
    .values({ ...rest, position: lon == null || lat == null ? null : sql`st_setsrid(st_makepoint(${lon}, ${lat}), 4326)` })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/**
 * Project outputs "achieved" follow accepted progress: the sum of the
 * quantities of every accepted report naming the output (all contracts).
 */
export async function recomputeAchieved(ex: Executor, outputIds: string[]) {
  if (!outputIds.length) return;
  const r = await sql<{ id: string; achieved: string }>`
    select o.id, coalesce(sum(q.quantity) filter (where r.status = 'accepted'), 0) as achieved
    from (select distinct unnest(${outputIds}::uuid[]) as id) o
    left join progress_quantity q on q.project_output_id = o.id
    left join progress_report r on r.id = q.report_id
    group by o.id`.execute(ex);
  // The Projects module owns project_output: it writes the figure.
  await projectsExecution.setOutputsAchieved(
    ex,
    r.rows.map((x) => ({ id: x.id, achieved: Number(x.achieved) })),
  );
}

/** Completion moves the contract's projects to completion with the actual end date. */
export async function completeProjects(ex: Executor, contractId: string, actualEnd: string, reason: string, by: string | null) {
  const linked = await ex.selectFrom('contract_project').select('project_id').where('contract_id', '=', contractId).execute();
  // The Projects module owns the project's status and its history: it moves them.
  return projectsExecution.completeProjects(
    ex,
    linked.map((p) => p.project_id),
    actualEnd,
    reason,
    by,
  );
}

export type GuaranteeRow = Selectable<T['contract_guarantee']>;

export async function reportContractId(ex: Executor, reportId: string) {
  return (await ex.selectFrom('progress_report').select(['contract_id']).where('id', '=', reportId).executeTakeFirst())?.contract_id;
}

/** Keep the signed contract's own status (read by the OCDS mapping) in step with the execution. */
export async function setSignedStatus(ex: Executor, id: string, status: 'complete' | 'terminated') {
  await tendersRepo.setContractStatus(ex, id, status);
}

/** The demo step's view: every signed contract with its first project's representative point. */
export async function demoContracts(ex: Executor) {
  const r = await sql<{ id: string; supplier_org_id: string; value_amount: number; period_start: string; project_id: string | null; lon: number | null; lat: number | null }>`
    select c.id, c.supplier_org_id, c.value_amount, c.period_start, p.id as project_id, st_x(p.centroid) as lon, st_y(p.centroid) as lat
    from signed_contract c join contract_execution e on e.contract_id = c.id
    left join lateral (select p.* from contract_project cp join project_summary p on p.id = cp.project_id where cp.contract_id = c.id order by p.code limit 1) p on true
    order by c.signed_at, c.id`.execute(ex);
  return r.rows;
}

export async function userOfOrg(ex: Executor, orgId: string) {
  return ex.selectFrom('organisation_member').select(['id', 'email']).where('organisation_id', '=', orgId).orderBy('email').executeTakeFirst();
}
