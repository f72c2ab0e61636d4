-- What the Projects module publishes for other modules to read (contracts:
-- a contract's projects, their sites and outputs, the pledges funding them).
-- Writes go through the projects repo (projects/repo-execution.ts).

create view project_summary as
  select p.id, p.code, p.oc4ids_id, p.title, p.status, p.location, p.centroid, p.site
  from project p;

create view project_output_summary as
  select po.id, po.project_id, po.metric, po.unit, po.planned, po.achieved
  from project_output po;

-- Which pledge funds which project (project_funding.pledge_id).
create view project_pledge as
  select distinct pf.project_id, pf.pledge_id
  from project_funding pf
  where pf.pledge_id is not null;
