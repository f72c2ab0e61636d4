import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

/**
 * Figures for one country's part in the work. These read the views other
 * modules publish, never their tables: Organisations (organisation_party),
 * Programme (programme_profile), Projects (project_summary,
 * project_funding_line) and Tenders — bids only through opened_bid /
 * opened_bid_price, plus tender_project_link and signed_contract.
 *
 * Sector of a bid or contract: the first (primary) sector of the project its
 * tender is linked to; when a tender serves several projects, the one with
 * the lowest code decides, so that a contract is counted in one sector only
 * and the sector rows add up to the total. Years are calendar years in the
 * programme's time zone.
 */

export async function tablesPresent(ex: Executor, names: string[]): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int as n from unnest(${names}::text[]) t(name) where to_regclass(t.name) is not null`.execute(ex);
  return r.rows[0].n === names.length;
}

/** Roles that make an organisation a company (an embassy or a ministry of the country has none of them). */
const COMPANY_ROLES = ['tenderer', 'supplier'];

export async function companies(ex: Executor, country: string) {
  const counts = await sql<{ registered: number; verified: number }>`
    select count(*)::int as registered, count(*) filter (where verification_status = 'verified')::int as verified
    from organisation_party where country = ${country} and roles && ${COMPANY_ROLES}::text[]`.execute(ex);
  const verified = await ex
    .selectFrom('organisation_party')
    .select(['id', 'name', 'roles'])
    .where('country', '=', country)
    .where('verification_status', '=', 'verified')
    .where(sql<boolean>`roles && ${COMPANY_ROLES}::text[]`)
    .orderBy('name')
    .limit(500)
    .execute();
  return { ...counts.rows[0], verifiedList: verified };
}

const TZ = sql`coalesce((select timezone from programme_profile limit 1), 'UTC')`;
const TENDER_SECTOR = sql`(
  select distinct on (tp.tender_id) tp.tender_id, p.sector[1] as sector
  from tender_project_link tp join project_summary p on p.id = tp.project_id
  order by tp.tender_id, p.code)`;

export interface YearSectorRow {
  year: number;
  sector: string | null;
  count: number;
}
export interface YearSectorValueRow {
  year: number;
  sector: string | null;
  currency: string;
  amount: number;
}

/** Bids by companies of `country` that have been opened (sealed bids are not counted before the opening). */
export async function bids(ex: Executor, country: string) {
  const opened = sql`
    select b.id, b.tender_id, extract(year from b.received_at at time zone ${TZ})::int as year
    from opened_bid b
    join organisation_party o on o.id = b.organisation_id
    where o.country = ${country}`;
  const counts = await sql<YearSectorRow>`
    with b as (${opened}), ts as ${TENDER_SECTOR}
    select b.year, ts.sector, count(*)::int as count
    from b left join ts on ts.tender_id = b.tender_id
    group by b.year, ts.sector order by b.year, ts.sector nulls last`.execute(ex);
  const values = await sql<YearSectorValueRow>`
    with b as (${opened}), ts as ${TENDER_SECTOR}
    select b.year, ts.sector, bp.currency::text as currency, sum(bp.amount) as amount
    from b join opened_bid_price bp on bp.bid_id = b.id left join ts on ts.tender_id = b.tender_id
    group by b.year, ts.sector, bp.currency order by b.year, ts.sector nulls last, bp.currency`.execute(ex);
  return { counts: counts.rows, values: values.rows };
}

/** Contracts signed with suppliers from `country`. */
export async function contracts(ex: Executor, country: string) {
  const won = sql`
    select c.id, c.tender_id, c.value_amount, c.value_currency, extract(year from c.signed_at at time zone ${TZ})::int as year
    from signed_contract c join organisation_party o on o.id = c.supplier_org_id
    where o.country = ${country}`;
  const counts = await sql<YearSectorRow>`
    with c as (${won}), ts as ${TENDER_SECTOR}
    select c.year, ts.sector, count(*)::int as count
    from c left join ts on ts.tender_id = c.tender_id
    group by c.year, ts.sector order by c.year, ts.sector nulls last`.execute(ex);
  const values = await sql<YearSectorValueRow>`
    with c as (${won}), ts as ${TENDER_SECTOR}
    select c.year, ts.sector, c.value_currency::text as currency, sum(c.value_amount) as amount
    from c left join ts on ts.tender_id = c.tender_id
    group by c.year, ts.sector, c.value_currency order by c.year, ts.sector nulls last, c.value_currency`.execute(ex);
  return { counts: counts.rows, values: values.rows };
}

/** Funding lines of projects paid for by `country`: directly, or through one of its pledges. */
export async function fundedProjects(ex: Executor, country: string) {
  const r = await sql<{
    project_id: string;
    code: string;
    title: Record<string, string>;
    status: string;
    sector: string[];
    amount: number;
    currency: string;
    pledge_id: string | null;
  }>`
    select p.id as project_id, p.code, p.title, p.status, p.sector, pf.amount, pf.currency::text as currency, pf.pledge_id
    from project_funding_line pf
    join project_summary p on p.id = pf.project_id
    left join pledge pl on pl.id = pf.pledge_id
    where pf.country = ${country} or pl.country = ${country}
    order by p.code, pf.position`.execute(ex);
  return r.rows;
}

export async function pledgeTotals(ex: Executor, country: string) {
  const r = await sql<{ currency: string; pledges: number; pledged: number; committed: number; disbursed: number }>`
    select currency::text as currency, count(*)::int as pledges, sum(pledged_amount) as pledged,
      coalesce(sum(committed_amount), 0) as committed, sum(disbursed_amount) as disbursed
    from pledge where country = ${country}
    group by currency order by currency`.execute(ex);
  return r.rows;
}
