-- What the public may know of the tenders linked to a project: only tenders
-- that have left the draft (a draft's OCID, title and existence are not
-- public). Published by Tenders for the project page (projects/repo.ts).

create view public_tender_project as
  select tp.tender_id, tp.project_id, t.ocid, t.title, t.status
  from tender_project tp join tender t on t.id = tp.tender_id
  where t.status <> 'draft';
