-- More of what the Tenders module publishes (after 0490): what the contracts
-- module reads about the signed contract, its tender, award, lots, projects,
-- complaints and amendments. Bids still only through opened_bid(_price).
-- The signed contract's status is written through tenders/repo.ts.

create view signed_contract as
  select c.id, c.tender_id, c.award_id, c.supplier_org_id, c.title, c.value_amount, c.value_currency,
         c.signed_at, c.period_start, c.period_end, c.status, c.created_at
  from contract c;

create view tender_summary as
  select t.id, t.ocid, t.programme_id, t.tender_start, t.tender_end, t.value_amount, t.value_currency, t.published_at, t.created_at
  from tender t;

create view award_decision as
  select a.id, a.tender_id, a.bid_id, a.supplier_org_id, a.value_amount, a.value_currency, a.status, a.decided_at
  from award a;

create view tender_lot_summary as
  select l.id, l.tender_id, l.ref, l.title, l.position
  from tender_lot l;

create view tender_project_link as
  select tp.tender_id, tp.project_id
  from tender_project tp;

create view complaint_outcome as
  select k.id, k.tender_id, k.award_id, k.status
  from complaint k;

create view amendment_log as
  select am.tender_id, am.seq, am.material, am.created_at
  from tender_amendment am;
