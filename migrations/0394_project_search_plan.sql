-- Search plan (docs/decisions/0004-search-plan.md).
--
-- Relevance candidates are the newest matching projects. Walking the date
-- index and checking `search_vec @@ q` on each heap row cost one buffer per
-- row (11,000 for a word in one project of eleven); with the lexemes (and
-- the two most used filters) in the index the walk is index-only, about one
-- buffer per 35 rows. It serves the plain date sort as well, so it replaces
-- project_date.
create index project_date_vec on project (sort_date desc, id desc) include (search_vec, status, district_id);
drop index project_date;

-- District and status together (the district pages' list): walked newest
-- first from the `to` day down, so a page reads about its own rows.
create index project_district_status_date on project (district_id, status, sort_date desc, id desc);

-- A status filter with a word: the walk stays within the status, index-only.
drop index project_status_date;
create index project_status_date on project (status, sort_date desc, id desc) include (search_vec);
