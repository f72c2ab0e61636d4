-- More of what the Projects module publishes (after 0391): budget, sector and
-- public authority of a project (OCDS planning, stats, country views), and the
-- funding lines (country views: who pays for what). Columns appended to
-- project_summary, so 0391's order holds.

create or replace view project_summary as
  select p.id, p.code, p.oc4ids_id, p.title, p.status, p.location, p.centroid, p.site,
         p.sector, p.budget_amount, p.budget_currency, p.public_authority_id
  from project p;

create view project_funding_line as
  select pf.project_id, pf.position, pf.source_type, pf.country, pf.organisation_id, pf.pledge_id, pf.amount, pf.currency
  from project_funding pf;
