import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

/**
 * Bids counted per opened tender, through the Tenders module's opened_*
 * views: before the opening even the number of bids is not published.
 */
export async function bidsPerOpenedTender(ex: Executor): Promise<number[]> {
  const r = await sql<{ bids: number }>`
    select count(b.id)::int as bids
    from opened_tender o
    left join opened_bid b on b.tender_id = o.tender_id
    group by o.tender_id`.execute(ex);
  return r.rows.map((x) => Number(x.bids));
}

/** Signed contract value per currency (terminated contracts excluded; the Tenders module's signed_contract view). */
export async function contractValueByCurrency(ex: Executor) {
  const r = await sql<{ currency: string; amount: number; contracts: number }>`
    select value_currency as currency, sum(value_amount)::float8 as amount, count(*)::int as contracts
    from signed_contract where status <> 'terminated'
    group by value_currency order by value_currency`.execute(ex);
  return r.rows.map((x) => ({ currency: x.currency, amount: Number(x.amount), contracts: Number(x.contracts) }));
}

/** Project budgets per currency (cancelled projects excluded; the Projects module's project_summary view). */
export async function budgetByCurrency(ex: Executor) {
  const r = await sql<{ currency: string; amount: number; projects: number }>`
    select budget_currency as currency, sum(budget_amount)::float8 as amount, count(*)::int as projects
    from project_summary where status <> 'cancelled'
    group by budget_currency order by budget_currency`.execute(ex);
  return r.rows.map((x) => ({ currency: x.currency, amount: Number(x.amount), projects: Number(x.projects) }));
}

/** Money paid to suppliers per currency (net of retention; the contracts module's paid_payment view). */
export async function spentByCurrency(ex: Executor) {
  const r = await sql<{ currency: string; amount: number; payments: number }>`
    select currency, sum(net_amount)::float8 as amount, count(*)::int as payments
    from paid_payment
    group by currency order by currency`.execute(ex);
  return r.rows.map((x) => ({ currency: x.currency, amount: Number(x.amount), payments: Number(x.payments) }));
}
