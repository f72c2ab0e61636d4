-- Land: the programme's areas (country → district → settlement), hazardous
-- areas and land-release activities in IMAS 07.11 terms, and the cache of
-- land figures per grid cell (see src/modules/land/figures.ts for why).
-- Areas in km² are always computed from geometry on the WGS84 ellipsoid.

create table area (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
  level text not null check (level in ('country', 'district', 'settlement')),
  parent_id uuid references area (id),
  name jsonb not null,
  geom geometry(MultiPolygon, 4326) not null check (not ST_IsEmpty(geom)),
  area_km2 double precision generated always as (ST_Area(geom::geography) / 1e6) stored,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index area_geom on area using gist (geom);
create index area_parent on area (parent_id);
create index area_level on area (level);

-- A suspected (SHA) or confirmed (CHA) hazardous area. `remaining_geom` is
-- the part not yet covered by released land, kept up to date in the same
-- transaction as every release that touches it; `status` follows from it.
create table hazard_area (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique check (length(reference) between 1 and 60),
  name text not null check (length(name) between 1 and 200),
  classification text not null check (classification in ('SHA', 'CHA')),
  hazard_types text[] not null check (
    cardinality(hazard_types) > 0 and
    hazard_types <@ array['ap_mines', 'av_mines', 'cluster_munitions', 'erw']::text[]
  ),
  status text not null default 'active' check (status in ('active', 'partially_released', 'released')),
  recorded_on date not null,
  recording_org_id uuid references organisation (id),
  district_id uuid references area (id),
  geom geometry(MultiPolygon, 4326) not null check (not ST_IsEmpty(geom)),
  area_km2 double precision generated always as (ST_Area(geom::geography) / 1e6) stored,
  remaining_geom geometry(Geometry, 4326) not null,
  remaining_km2 double precision not null,
  released_on date,
  -- Sensitive: free-text notes from the survey (informants, access, casualties).
  notes text,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index hazard_area_geom on hazard_area using gist (geom);
create index hazard_area_remaining on hazard_area using gist (remaining_geom) where status <> 'released';
create index hazard_area_district on hazard_area (district_id, status);

-- Land release: non-technical survey cancels land, technical survey reduces
-- it, clearance clears it (IMAS 07.11).
create table land_release (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique check (length(reference) between 1 and 60),
  method text not null check (method in ('non_technical_survey', 'technical_survey', 'clearance')),
  hazard_area_id uuid references hazard_area (id),
  operator_org_id uuid references organisation (id),
  started_on date,
  completed_on date not null,
  clearance_depth_cm integer check (clearance_depth_cm between 0 and 1000),
  district_id uuid references area (id),
  geom geometry(MultiPolygon, 4326) not null check (not ST_IsEmpty(geom)),
  area_km2 double precision generated always as (ST_Area(geom::geography) / 1e6) stored,
  notes text,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  check (started_on is null or started_on <= completed_on)
);
create index land_release_geom on land_release using gist (geom);
create index land_release_hazard on land_release (hazard_area_id);
create index land_release_district on land_release (district_id, completed_on);

-- Explosive ordnance found during release work (GICHD minimum data). The
-- position and model are sensitive: shown only to mine-action roles.
create table land_release_device (
  id uuid primary key default gen_random_uuid(),
  release_id uuid not null references land_release (id) on delete cascade,
  category text not null check (category in ('ap_mine', 'av_mine', 'submunition', 'uxo', 'axo', 'ied', 'other')),
  model text,
  condition text not null check (condition in ('intact', 'damaged', 'destroyed_in_situ', 'removed')),
  depth_cm integer check (depth_cm between 0 and 1000),
  position geometry(Point, 4326),
  quantity integer not null default 1 check (quantity between 1 and 100000)
);
create index land_release_device_release on land_release_device (release_id);

-- Cached land figures for one piece of land (a district clipped to one grid
-- cell) as of the end of one month; a row exists for every month in which
-- something in that piece changed. `d_*` are the changes since the piece's
-- previous row, so that the programme's monthly series is a running sum.
create table land_cell (
  district_id uuid not null references area (id) on delete cascade,
  cx integer not null,
  cy integer not null,
  month date not null check (extract(day from month) = 1),
  hazardous_km2 double precision not null,
  cancelled_km2 double precision not null,
  reduced_km2 double precision not null,
  cleared_km2 double precision not null,
  d_hazardous double precision not null,
  d_cancelled double precision not null,
  d_reduced double precision not null,
  d_cleared double precision not null,
  latest boolean not null default false,
  primary key (cx, cy, district_id, month)
);
create index land_cell_latest on land_cell (district_id) where latest;
create index land_cell_month on land_cell (month);

-- Grid cells whose figures must be recomputed from `from_month` on. Written in
-- the same transaction as the change; read (and emptied) before figures are served.
create table land_dirty_cell (
  cx integer not null,
  cy integer not null,
  from_month date not null
);
create index land_dirty_cell_xy on land_dirty_cell (cx, cy);

-- Project sites, as the land figures see them. Empty until the projects
-- module replaces this view with one over its project table; status
-- 'implementation' counts as under reconstruction, 'completion' as rebuilt.
create view land_project_site as
  select null::uuid as project_id, null::text as status, null::uuid as district_id, null::geometry as geom
  where false;
