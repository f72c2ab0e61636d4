-- What the public may know of a tender once it has left the draft, for the
-- Atom feeds (src/modules/feeds): its title, description, status,
-- eligibility, deadline and when it was published and last changed. A draft
-- is not here at all, so no reader of this view can show one (the same rule
-- as public_tender_project, 0495).

create view public_tender as
  select t.id, t.ocid, t.title, t.description, t.status, t.method, t.eligibility,
         t.value_amount, t.value_currency, t.tender_end, t.published_at, t.updated_at
  from tender t
  where t.status <> 'draft';
