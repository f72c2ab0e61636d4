-- One row per confirmed land import: what was read, from which coordinate
-- system and text encoding, and what it did. Dry runs leave no row (they
-- write nothing). The audit event of the import carries the same id.
create table land_import (
  id uuid primary key,
  kind text not null check (kind in ('areas', 'hazards', 'releases')),
  format text not null,
  filename text,
  -- The source coordinate system as read from the file or stated by the
  -- importer (`EPSG:32638`, `WKT "Pulkovo_1942_GK_Zone_8"`); the stored
  -- geometry is always WGS 84 (EPSG:4326).
  source_crs text not null,
  encoding text,
  feature_count integer not null check (feature_count >= 0),
  created_count integer not null check (created_count >= 0),
  updated_count integer not null check (updated_count >= 0),
  repaired boolean not null default false,
  actor_user_id uuid,
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);
create index land_import_created on land_import (created_at desc);
