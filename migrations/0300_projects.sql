-- Projects: the reconstruction project registry, shaped after OC4IDS 0.9.
-- Codelist values (sector, type, status) are checked in the application
-- against standards/oc4ids/codelists; status is also pinned here because the
-- land figures and the state machine depend on it.
create table project (
  id uuid primary key default gen_random_uuid(),
  -- Stable, human-chosen code; the OC4IDS id is the programme prefix + '-' + code.
  code text not null unique check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  oc4ids_id text not null unique,
  title jsonb not null,
  description jsonb not null default '{}',
  sector text[] not null check (cardinality(sector) between 1 and 10),
  type text not null,
  status text not null check (status in ('identification', 'preparation', 'implementation', 'completion', 'cancelled')),
  purpose jsonb not null default '{}',
  -- The district: an `area` of the Land module (migration 0100).
  district_id uuid references area (id),
  location geometry(Geometry, 4326) not null,
  -- A representative point of `location`, for the map's clustering and point reduction.
  centroid geometry(Point, 4326) not null,
  site geometry(MultiPolygon, 4326),
  budget_amount numeric(18, 2) not null check (budget_amount >= 0),
  budget_currency char(3) not null check (budget_currency ~ '^[A-Z]{3}$'),
  public_authority_id uuid references organisation (id),
  planned_start date,
  planned_end date,
  actual_start date,
  actual_end date,
  -- Day used by the "date" sort: actual start, else planned start, else the day it was recorded.
  sort_date date not null,
  -- Partner countries funding the project (denormalised from project_funding for the search filter).
  funding_countries text[] not null default '{}',
  -- OCIDs of contracting processes run outside Berpa; Berpa's own tenders link through tender_project.
  related_ocids text[] not null default '{}',
  -- Folded words of every title and description (see src/modules/projects/fold.ts), built in the application.
  search_vec tsvector not null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (planned_end is null or planned_start is null or planned_end >= planned_start),
  check (actual_end is null or actual_start is null or actual_end >= actual_start)
);
create index project_search on project using gin (search_vec);
create index project_location on project using gist (location);
create index project_centroid on project using gist (centroid);
create index project_site on project using gist (site) where site is not null;
create index project_funding_countries on project using gin (funding_countries);
create index project_sector on project using gin (sector);
create index project_status_date on project (status, sort_date desc, id desc);
create index project_district_date on project (district_id, sort_date desc, id desc);
create index project_date on project (sort_date desc, id desc);
create index project_budget on project (budget_amount desc, id desc);

create table project_funding (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project (id) on delete cascade,
  position integer not null,
  source_type text not null check (source_type in ('government', 'partner_country', 'donor', 'loan')),
  country char(2) check (country ~ '^[A-Z]{2}$'),
  organisation_id uuid references organisation (id),
  -- The partner's pledge this money comes from (Partners module, migration 0201).
  pledge_id uuid references pledge (id),
  amount numeric(18, 2) not null check (amount > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  check (source_type <> 'partner_country' or country is not null),
  unique (project_id, position)
);
create index project_funding_country on project_funding (country) where country is not null;

-- Outputs with planned and achieved values (homes, km of road, MW, classrooms, beds, km² of site).
create table project_output (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references project (id) on delete cascade,
  metric text not null,
  unit text not null,
  planned numeric(18, 3) not null check (planned >= 0),
  achieved numeric(18, 3) check (achieved >= 0),
  unique (project_id, metric)
);

-- Documents of a project: the foundation `document` row plus what it is for this project.
create table project_document (
  project_id uuid not null references project (id) on delete cascade,
  document_id uuid not null references document (id),
  kind text not null check (kind in (
    'photoBefore', 'photoDamaged', 'photoInProgress', 'photoComplete',
    'projectScope', 'feasibilityStudy', 'environmentalImpact', 'landAndSettlementImpact',
    'budgetApproval', 'completionCertificate', 'finalAudit', 'other')),
  access_level text not null default 'open' check (access_level in ('open', 'limited', 'restricted')),
  created_at timestamptz not null default now(),
  primary key (project_id, document_id)
);
create index project_document_document on project_document (document_id);

-- Status history: every transition, with its reason (the audit chain holds the same, signed).
create table project_status_change (
  id bigserial primary key,
  project_id uuid not null references project (id) on delete cascade,
  from_status text not null,
  to_status text not null,
  reason text not null,
  changed_by uuid references app_user (id),
  changed_at timestamptz not null default now()
);
create index project_status_change_project on project_status_change (project_id, id);

-- Land contract: sites of projects under way or finished feed the land figures
-- (area under reconstruction and rebuilt). Same columns as the Land module's placeholder view.
create or replace view land_project_site as
  select id as project_id, status, district_id, site::geometry as geom
  from project
  where status in ('implementation', 'completion') and site is not null;
