import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { Facts } from './red-flags.ts';
import { THRESHOLDS } from './red-flags.ts';

/**
 * The facts each red flag tests, per contract, in one query. The buyer is
 * the tender's programme (the procuring entity of every Berpa tender).
 * Other modules are read through their published views only: bids through
 * Tenders' opened_bid / opened_bid_price (a winning bid is always opened).
 */
export async function facts(ex: Executor, f: { contractIds?: string[]; supplierOrgId?: string } = {}): Promise<Facts[]> {
  const where = [sql`true`];
  if (f.contractIds) where.push(f.contractIds.length ? sql`c.id in (${sql.join(f.contractIds)})` : sql`false`);
  if (f.supplierOrgId) where.push(sql`c.supplier_org_id = ${f.supplierOrgId}`);
  const r = await sql<Facts>`
    with buyer as (
      select t.programme_id, c.value_currency, c.supplier_org_id, sum(c.value_amount) as v, count(*) as n
      from signed_contract c join tender_summary t on t.id = c.tender_id group by 1, 2, 3
    ), buyer_total as (
      select programme_id, value_currency, sum(v) as v, sum(n) as n from buyer group by 1, 2
    )
    select c.id as contract_id, t.ocid, t.id as tender_id, c.supplier_org_id, c.value_currency as currency,
      (select count(*) from opened_bid b where b.tender_id = t.id and b.status = 'valid')::int as valid_bids,
      extract(epoch from (t.tender_end - t.tender_start)) / 86400.0 as tender_days,
      a.value_amount as award_value, t.value_amount as tender_estimate,
      coalesce((select max(v.cumulative_pct) from variation v where v.contract_id = c.id and v.status <> 'rejected'), 0) as cumulative_variation_pct,
      (select count(*) from payment p left join milestone m on m.id = p.milestone_id
        where p.contract_id = c.id and p.kind = 'milestone' and p.status = 'paid'
          and (m.status <> 'accepted' or m.decided_at::date > p.paid_on))::int as payments_before_acceptance,
      coalesce((select max(current_date - m.due_date) from milestone m where m.contract_id = c.id and m.status <> 'accepted' and m.due_date < current_date), 0)::int as max_days_late,
      extract(epoch from (c.signed_at - a.decided_at)) / 86400.0 as award_to_signature_days,
      coalesce(100.0 * b.v / nullif(bt.v, 0), 0) as supplier_share_pct, coalesce(bt.n, 0)::int as buyer_contracts,
      extract(epoch from (coalesce(t.published_at, t.created_at) - o.created_at)) / 86400.0 as supplier_age_days,
      exists (select 1 from opened_bid_price bp where bp.bid_id = a.bid_id and bp.abnormally_low) as abnormally_low_winner,
      (select count(*) from complaint_outcome k where k.tender_id = t.id and k.status = 'upheld')::int as upheld_complaints,
      (select count(*) from amendment_log am where am.tender_id = t.id and am.material
        and am.created_at > t.tender_end - make_interval(days => ${THRESHOLDS.amendmentNearDeadlineDays}))::int as late_material_amendments,
      (select count(*) from progress_photo ph join progress_report pr on pr.id = ph.report_id where pr.contract_id = c.id and ph.location_status = 'outside')::int as photos_outside,
      greatest(0, coalesce(e.actual_end, case when e.status in ('signed', 'in_progress') then current_date end)
        - coalesce((select v.new_period_end from variation v where v.contract_id = c.id and v.status = 'approved' and v.new_period_end is not null order by v.seq desc limit 1), c.period_end))::int as days_overrun
    from signed_contract c
    join contract_execution e on e.contract_id = c.id
    join tender_summary t on t.id = c.tender_id
    join award_decision a on a.id = c.award_id
    join organisation_party o on o.id = c.supplier_org_id
    left join buyer b on b.programme_id = t.programme_id and b.value_currency = c.value_currency and b.supplier_org_id = c.supplier_org_id
    left join buyer_total bt on bt.programme_id = t.programme_id and bt.value_currency = c.value_currency
    where ${sql.join(where, sql` and `)}
    order by c.id`.execute(ex);
  return r.rows.map((x) => ({
    ...x,
    tender_days: Number(x.tender_days),
    award_to_signature_days: Number(x.award_to_signature_days),
    supplier_share_pct: Number(x.supplier_share_pct),
    cumulative_variation_pct: Number(x.cumulative_variation_pct),
    supplier_age_days: x.supplier_age_days === null ? null : Number(x.supplier_age_days),
    award_value: Number(x.award_value),
    tender_estimate: x.tender_estimate === null ? null : Number(x.tender_estimate),
  }));
}
