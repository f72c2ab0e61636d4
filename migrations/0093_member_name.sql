-- organisation_member gains the user's display name (appended, so views on it
-- stay valid): the operator choosing a tender's committee sees names, and
-- Tenders reads them here rather than from app_user.
create or replace view organisation_member as
  select u.id, u.email, u.organisation_id, u.roles, u.active, u.name
  from app_user u;
