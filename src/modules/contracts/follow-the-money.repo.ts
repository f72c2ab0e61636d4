import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

/**
 * Follow the money for one partner country: its pledges, the projects they
 * fund (project_funding.pledge_id), the contracts on those projects, the
 * payments drawn on each pledge, the projects' outputs and rebuilt site area.
 * Pledges, projects and signed contracts through the views their modules publish.
 */
export async function pledgesOf(ex: Executor, country: string) {
  return ex
    .selectFrom('pledge_summary')
    .select(['id', 'pledger', 'currency', 'status', 'pledged_amount', 'committed_amount', 'disbursed_amount', 'pledged_on'])
    .where('country', '=', country)
    .orderBy('pledged_on')
    .orderBy('id')
    .execute();
}

export async function fundedProjects(ex: Executor, pledgeIds: string[]) {
  if (!pledgeIds.length) return [];
  const r = await sql<{ pledge_id: string; project_id: string; code: string; status: string; km2: number | null }>`
    select distinct pf.pledge_id, p.id as project_id, p.code, p.status,
      case when p.status = 'completion' and p.site is not null then st_area(p.site::geography) / 1e6 end as km2
    from project_pledge pf join project_summary p on p.id = pf.project_id
    where pf.pledge_id in (${sql.join(pledgeIds)})
    order by p.code`.execute(ex);
  return r.rows.map((x) => ({ ...x, km2: x.km2 === null ? null : Number(x.km2) }));
}

export async function contractsOnProjects(ex: Executor, projectIds: string[]) {
  if (!projectIds.length) return [];
  return ex
    .selectFrom('contract_project as cp')
    .innerJoin('signed_contract as c', 'c.id', 'cp.contract_id')
    .innerJoin('contract_execution as e', 'e.contract_id', 'c.id')
    .select(['cp.project_id', 'c.id', 'c.value_amount', 'c.value_currency', 'e.status'])
    .where('cp.project_id', 'in', projectIds)
    .where('e.status', '<>', 'terminated')
    .execute();
}

/** Paid totals per pledge (the running totals payments.pay keeps), and the latest `linkLimit` payments of each for the links. */
export async function paymentsOnPledges(ex: Executor, pledgeIds: string[], linkLimit = 50) {
  if (!pledgeIds.length) return { totals: new Map<string, { paid: number; payments: number }>(), latest: [] };
  const [totals, latest] = await Promise.all([
    sql<{ pledge_id: string; paid: number; payments: number }>`
      select pledge_id, paid_net as paid, payments from pledge_paid_total
      where pledge_id in (${sql.join(pledgeIds)})`.execute(ex),
    sql<{ id: string; pledge_id: string; contract_id: string; net_amount: number; currency: string; paid_on: string }>`
      select x.* from unnest(${pledgeIds}::uuid[]) as pl(id), lateral (
        select id, pledge_id, contract_id, net_amount, currency, paid_on from payment
        where pledge_id = pl.id and status = 'paid' order by paid_on desc, id desc limit ${linkLimit}) x`.execute(ex),
  ]);
  return { totals: new Map(totals.rows.map((r) => [r.pledge_id, { paid: Number(r.paid), payments: Number(r.payments) }])), latest: latest.rows };
}

export async function outputsOf(ex: Executor, projectIds: string[]) {
  if (!projectIds.length) return [];
  return ex.selectFrom('project_output_summary').select(['project_id', 'metric', 'unit', 'planned', 'achieved']).where('project_id', 'in', projectIds).execute();
}
