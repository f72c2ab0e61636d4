import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

/**
 * The programme report's tables: figures per district and per partner
 * country in one pass each, so the page never asks once per row. Every
 * query reads views other modules publish: project_summary (Projects),
 * area_summary (Land), pledge_summary (Partners), project_pledge (Projects),
 * tender_project_link, signed_contract, award_decision (Tenders), paid_payment
 * (Contracts), organisation_party (Organisations). Amounts stay per currency.
 */

export interface DistrictRow {
  district_id: string;
  code: string;
  currency: string | null;
  projects: number;
  amount: number | null;
}

/** Projects and their budgets per district and budget currency (cancelled projects left out, as in the budget headline). */
export async function projectsByDistrict(ex: Executor): Promise<DistrictRow[]> {
  const r = await sql<DistrictRow>`
    select p.district_id, a.code, trim(p.budget_currency) as currency, count(*)::int as projects, sum(p.budget_amount)::float8 as amount
    from project_summary p join area_summary a on a.id = p.district_id
    where p.status <> 'cancelled'
    group by p.district_id, a.code, trim(p.budget_currency)
    order by a.code, currency nulls last`.execute(ex);
  return r.rows.map((x) => ({ ...x, projects: Number(x.projects), amount: x.amount === null ? null : Number(x.amount) }));
}

export interface CountryMoneyRow {
  country: string;
  currency: string;
  amount: number;
}

const money = (rows: CountryMoneyRow[]) => rows.map((x) => ({ country: x.country.trim(), currency: x.currency.trim(), amount: Number(x.amount) }));

/** What each country pledged, per currency. */
export async function pledgedByCountry(ex: Executor): Promise<CountryMoneyRow[]> {
  const r = await sql<CountryMoneyRow>`
    select country, currency::text as currency, sum(pledged_amount)::float8 as amount
    from pledge_summary group by country, currency order by country, currency`.execute(ex);
  return money(r.rows);
}

/**
 * Signed contracts (not terminated) on the projects a country's pledges fund,
 * in the pledge's currency — the country page's "contracted" — each contract
 * counted once per country even when two of its pledges fund the project.
 */
export async function contractedByCountry(ex: Executor): Promise<CountryMoneyRow[]> {
  const r = await sql<CountryMoneyRow>`
    select x.country, x.currency, sum(x.value_amount)::float8 as amount
    from (
      select distinct pl.country, c.id, trim(c.value_currency) as currency, c.value_amount
      from pledge_summary pl
      join project_pledge pp on pp.pledge_id = pl.id
      join tender_project_link tp on tp.project_id = pp.project_id
      join signed_contract c on c.tender_id = tp.tender_id
      where c.status <> 'terminated' and trim(c.value_currency) = trim(pl.currency)
    ) x
    group by x.country, x.currency order by x.country, x.currency`.execute(ex);
  return money(r.rows);
}

/** Payments drawn on a country's pledges (net of retention), per currency. */
export async function paidByCountry(ex: Executor): Promise<CountryMoneyRow[]> {
  const r = await sql<CountryMoneyRow>`
    select pl.country, trim(p.currency) as currency, sum(p.net_amount)::float8 as amount
    from paid_payment p join pledge_summary pl on pl.id = p.pledge_id
    group by pl.country, trim(p.currency) order by pl.country, currency`.execute(ex);
  return money(r.rows);
}

/** Roles that make an organisation a company (the same rule as the country page). */
const COMPANY_ROLES = ['tenderer', 'supplier'];

/** Registered companies and awards won (not cancelled) per country of the organisation. */
export async function companiesByCountry(ex: Executor): Promise<{ country: string; companies: number; bids_won: number }[]> {
  const r = await sql<{ country: string; companies: number; bids_won: number }>`
    select o.country, count(*) filter (where o.roles && ${COMPANY_ROLES}::text[])::int as companies,
      coalesce(sum(w.n), 0)::int as bids_won
    from organisation_party o
    left join (select supplier_org_id, count(*) as n from award_decision where status <> 'cancelled' group by supplier_org_id) w
      on w.supplier_org_id = o.id
    group by o.country order by o.country`.execute(ex);
  return r.rows.map((x) => ({ country: x.country.trim(), companies: Number(x.companies), bids_won: Number(x.bids_won) }));
}
