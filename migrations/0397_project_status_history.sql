-- A project's status changes, for its Atom feed (src/modules/feeds): from,
-- to and when. Who changed it and the internal reason stay in the table (the
-- audit trail shows them to those allowed).

create view project_status_history as
  select c.id, c.project_id, c.from_status, c.to_status, c.changed_at
  from project_status_change c;

-- Which district each project is in (the tenders feed's ?district= filter
-- follows a tender to its projects' districts).
create view project_district as
  select p.id as project_id, p.district_id
  from project p;
