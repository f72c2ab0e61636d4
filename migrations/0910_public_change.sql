-- Change counters for the in-process cache of public answers
-- (docs/decisions/0003-public-read-cache.md). A statement-level trigger bumps
-- the counter of a scope in the same transaction as the write, so the new
-- count becomes visible exactly when the write does, on every app server: a
-- server serves a cached answer only while the counters it was built from are
-- unchanged. One row per scope keeps writers of different scopes apart.
--
-- Not counted on purpose: bid (a bid is public only after the opening, whose
-- transaction writes tender_opening; counting every sealed bid would make the
-- deadline rush queue on one row), land_cell / land_dirty_cell (a derived
-- cache the land summary refreshes on read), sessions, audit and OCDS rows.
create table public_change (
  scope text primary key,
  n bigint not null default 0
);

create function bump_public_change() returns trigger language plpgsql as $$
begin
  insert into public_change (scope, n) values (TG_ARGV[0], 1)
  on conflict (scope) do update set n = public_change.n + 1;
  return null;
end $$;

do $$
declare
  t record;
begin
  for t in select * from (values
    ('programme', 'programme'),
    ('parties', 'organisation'),
    ('land', 'area'), ('land', 'hazard_area'), ('land', 'land_release'), ('land', 'land_release_device'),
    ('partners', 'partner_period'), ('partners', 'engagement'), ('partners', 'engagement_participant'),
    ('partners', 'engagement_source'), ('partners', 'engagement_link'), ('partners', 'pledge'), ('partners', 'pledge_step'),
    ('projects', 'project'), ('projects', 'project_funding'), ('projects', 'project_output'), ('projects', 'project_document'),
    ('projects', 'project_status_change'),
    ('tenders', 'tender'), ('tenders', 'tender_project'), ('tenders', 'tender_lot'), ('tenders', 'tender_enquiry'),
    ('tenders', 'tender_amendment'), ('tenders', 'committee_member_key'), ('tenders', 'tender_committee'),
    ('tenders', 'tender_opening'), ('tenders', 'bid_price'), ('tenders', 'evaluation_score'), ('tenders', 'award'),
    ('tenders', 'complaint'), ('tenders', 'contract')
  ) v(scope, tab) loop
    execute format('create trigger public_change after insert or update or delete or truncate on %I for each statement execute function bump_public_change(%L)', t.tab, t.scope);
  end loop;
end $$;
