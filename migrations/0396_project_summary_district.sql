-- project_summary gains the project's district (an `area` of the Land
-- module), so figures per district (stats: the programme report) read it
-- through the published view, not the project table. Appended at the end,
-- so 0391/0392's column order holds.

create or replace view project_summary as
  select p.id, p.code, p.oc4ids_id, p.title, p.status, p.location, p.centroid, p.site,
         p.sector, p.budget_amount, p.budget_currency, p.public_authority_id, p.district_id
  from project p;
