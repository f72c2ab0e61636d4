-- OCDS releases, one row per release, written by publishRelease inside the
-- transaction that changed the contracting process.
--
-- The public feed must never skip a release that commits late. So a release
-- is born without a feed position: `position` and the feed `date` are given
-- afterwards, in commit order, by one sequencer at a time (see
-- src/modules/ocds/repo.ts). Both are strictly increasing together; a reader
-- only ever sees sequenced rows, and a row sequenced later always gets a
-- higher position and a later date than any row a reader has already seen.
create table ocds_release (
  -- Stable release id: `<ocid>-<seq>`.
  id text primary key,
  ocid text not null,
  -- 1, 2, 3… per ocid, in the order the releases were written.
  seq integer not null check (seq >= 1),
  tags text[] not null check (cardinality(tags) >= 1),
  -- The release as built, without `date` (added from the column on output).
  release jsonb not null,
  -- Database clock when the publishing transaction wrote it (after taking the
  -- per-ocid lock, so it follows seq within an ocid).
  recorded_at timestamptz not null default clock_timestamp(),
  position bigint,
  date timestamptz,
  unique (ocid, seq),
  check ((position is null) = (date is null))
);
create unique index ocds_release_position on ocds_release (position);
create unique index ocds_release_date on ocds_release (date);
create index ocds_release_ocid on ocds_release (ocid, position);
create index ocds_release_pending on ocds_release (recorded_at, ocid, seq) where position is null;
