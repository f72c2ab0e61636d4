import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

/**
 * Everything a release says about one contracting process, read inside the
 * publishing transaction (so it sees the caller's uncommitted change). Bids
 * come from the Tenders module's opened_bid views, which hold a bid only once
 * the opening record exists: before that, nothing about bids leaves here.
 * Every read goes through a view its owner publishes: the tender's record
 * (Tenders, 0492), projects (Projects, project_summary), the creator's
 * organisation (Users, organisation_member), the programme (programme_profile).
 */
export async function loadProcess(ex: Executor, ocid: string) {
  const tender = await ex.selectFrom('tender_detail').selectAll().where('ocid', '=', ocid).executeTakeFirst();
  if (!tender) return undefined;
  const id = tender.id;
  const [programme, lots, enquiries, amendments, projects, creator, opening, awards, complaints, contracts] = await Promise.all([
    ex.selectFrom('programme_profile').select(['name', 'ocid_prefix', 'languages']).where('id', '=', tender.programme_id).executeTakeFirst(),
    ex.selectFrom('tender_lot_detail').selectAll().where('tender_id', '=', id).orderBy('position').orderBy('ref').execute(),
    ex.selectFrom('tender_enquiry_detail').selectAll().where('tender_id', '=', id).orderBy('asked_at').orderBy('id').execute(),
    ex.selectFrom('tender_amendment_detail').selectAll().where('tender_id', '=', id).orderBy('seq').execute(),
    ex
      .selectFrom('tender_project_link as tp')
      .innerJoin('project_summary as project', 'project.id', 'tp.project_id')
      .select(['project.id', 'project.oc4ids_id', 'project.code', 'project.title', 'project.budget_amount', 'project.budget_currency', 'project.public_authority_id'])
      .where('tp.tender_id', '=', id)
      .orderBy('project.code')
      .execute(),
    tender.created_by ? ex.selectFrom('organisation_member').select('organisation_id').where('id', '=', tender.created_by).executeTakeFirst() : undefined,
    ex.selectFrom('opened_tender').select(['opened_at']).where('tender_id', '=', id).executeTakeFirst(),
    ex.selectFrom('award_detail').selectAll().where('tender_id', '=', id).orderBy('decided_at').execute(),
    ex.selectFrom('complaint_detail').select(['id', 'award_id', 'status', 'filed_at', 'decided_at']).where('tender_id', '=', id).orderBy('filed_at').execute(),
    ex.selectFrom('contract_detail').selectAll().where('tender_id', '=', id).orderBy('signed_at').execute(),
  ]);
  // Bids through the Tenders module's opened_bid views: nothing about a bid before the opening.
  const bids = await ex
    .selectFrom('opened_bid')
    .select(['id', 'organisation_id', 'status', 'received_at', 'lot_ids', 'disqualification_reason'])
    .where('tender_id', '=', id)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  const prices = bids.length
    ? await ex
        .selectFrom('opened_bid_price')
        .select(['bid_id', 'lot_id', 'amount', 'currency', 'abnormally_low'])
        .where(
          'bid_id',
          'in',
          bids.map((b) => b.id),
        )
        .execute()
    : [];
  return {
    tender,
    programme,
    lots,
    enquiries,
    amendments,
    projects,
    creatorOrgId: creator?.organisation_id ?? null,
    opening,
    bids,
    prices,
    awards,
    complaints,
    contracts,
    execution: await loadExecution(
      ex,
      contracts.map((c) => c.id),
    ),
  };
}

/**
 * Contract execution through the views the contracts module publishes
 * (migration 0691): milestones, paid payments, variations, progress reports
 * and public documents per contract.
 */
async function loadExecution(ex: Executor, ids: string[]) {
  if (ids.length === 0) return { executions: [], milestones: [], payments: [], variations: [], reports: [], documents: [] };
  const [executions, milestones, payments, variations, reports, documents] = await Promise.all([
    ex.selectFrom('contract_execution_state').selectAll().where('contract_id', 'in', ids).execute(),
    ex.selectFrom('contract_milestone').selectAll().where('contract_id', 'in', ids).orderBy('position').execute(),
    ex.selectFrom('paid_payment').selectAll().where('contract_id', 'in', ids).orderBy('paid_on').orderBy('id').execute(),
    ex.selectFrom('contract_variation').selectAll().where('contract_id', 'in', ids).where('status', '<>', 'rejected').orderBy('seq').execute(),
    ex.selectFrom('contract_progress_report').selectAll().where('contract_id', 'in', ids).orderBy('submitted_at').orderBy('id').execute(),
    ex
      .selectFrom('public_contract_document')
      .select(['contract_id', 'id', 'title', 'media_type', 'document_type', 'created_at', 'access_level'])
      .where('contract_id', 'in', ids)
      .orderBy('linked_at')
      .execute(),
  ]);
  return { executions, milestones, payments, variations, reports, documents };
}

export type ProcessData = NonNullable<Awaited<ReturnType<typeof loadProcess>>>;

export async function loadOrganisations(ex: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return ex.selectFrom('organisation_party').select(['id', 'name', 'name_i18n', 'identifier_scheme', 'identifier_id', 'country', 'roles']).where('id', 'in', ids).execute();
}

export type OrgRow = Awaited<ReturnType<typeof loadOrganisations>>[number];

/** The organisation acting as buyer when a tender names none: the first with that role, oldest first. */
export async function firstWithRole(ex: Executor, role: string): Promise<string | null> {
  const r = await ex
    .selectFrom('organisation_party')
    .select('id')
    .where(sql<boolean>`roles @> array[${role}]::text[]`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return r?.id ?? null;
}

/** The publisher's name: the (first) programme's, through the Programme module's programme_profile view. */
export async function programmeName(ex: Executor) {
  return ex.selectFrom('programme_profile').select('name').orderBy('created_at').limit(1).executeTakeFirst();
}
