-- Partner countries: engagements (visits, meetings, delegations, commissions,
-- forums, agreements and memoranda) with their participants, sources and
-- related records, and pledges that move from pledged to committed to
-- disbursed. Partner periods themselves are in 0200.

alter table partner_period
  add column updated_at timestamptz not null default now(),
  add column is_demo boolean not null default false;

create table engagement (
  id uuid primary key default gen_random_uuid(),
  -- The partner country the engagement is with (ISO 3166-1 alpha-2).
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  kind text not null check (kind in ('visit', 'meeting', 'delegation', 'commission', 'forum', 'agreement', 'memorandum')),
  -- A planned engagement may lie in the future; a held one may not (checked
  -- by the service against the database clock).
  status text not null default 'held' check (status in ('planned', 'held', 'cancelled')),
  title jsonb not null,
  summary jsonb not null default '{}',
  starts_on date not null,
  ends_on date,
  place text,
  place_country char(2) check (place_country ~ '^[A-Z]{2}$'),
  topics text[] not null default '{}',
  is_demo boolean not null default false,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on is null or ends_on >= starts_on)
);
create index engagement_country_date on engagement (country, starts_on desc, id);
create index engagement_date on engagement (starts_on desc, id);

create table engagement_participant (
  id uuid primary key default gen_random_uuid(),
  engagement_id uuid not null references engagement (id) on delete cascade,
  position integer not null,
  name text not null,
  title text,
  organisation_name text,
  organisation_id uuid references organisation (id),
  country char(2) check (country ~ '^[A-Z]{2}$'),
  unique (engagement_id, position)
);
create index engagement_participant_org on engagement_participant (organisation_id) where organisation_id is not null;

create table engagement_source (
  id uuid primary key default gen_random_uuid(),
  engagement_id uuid not null references engagement (id) on delete cascade,
  position integer not null,
  title text not null,
  publisher text,
  url text,
  document_id uuid references document (id),
  published_on date,
  -- e.g. how the text was corrected ("?lham" read as "İlham").
  note text,
  check (url is not null or document_id is not null),
  unique (engagement_id, position)
);
create index engagement_source_document on engagement_source (document_id) where document_id is not null;

-- Related records. Projects and tenders are created by later modules, so the
-- target is checked by the service rather than by a foreign key here.
create table engagement_link (
  engagement_id uuid not null references engagement (id) on delete cascade,
  target_type text not null check (target_type in ('project', 'tender', 'organisation')),
  target_id uuid not null,
  primary key (engagement_id, target_type, target_id)
);
create index engagement_link_target on engagement_link (target_type, target_id);

-- Money or work a partner country (or one of its agencies) pledges. Amounts
-- per stage are running totals in the pledge's currency; disbursing more than
-- was committed needs a recorded reason.
create table pledge (
  id uuid primary key default gen_random_uuid(),
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  pledger text not null,
  pledger_org_id uuid references organisation (id),
  engagement_id uuid references engagement (id),
  kind text not null default 'money' check (kind in ('money', 'in_kind')),
  description jsonb not null,
  sector text check (sector ~ '^[a-z][a-zA-Z.]{1,60}$'),
  conditions text,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'pledged' check (status in ('pledged', 'committed', 'disbursed')),
  pledged_amount numeric(18, 2) not null check (pledged_amount > 0),
  pledged_on date not null,
  committed_amount numeric(18, 2) check (committed_amount >= 0),
  committed_on date,
  disbursed_amount numeric(18, 2) not null default 0 check (disbursed_amount >= 0),
  disbursed_on date,
  over_disbursement_reason text,
  is_demo boolean not null default false,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'pledged') = (committed_amount is null)),
  check (status <> 'disbursed' or disbursed_amount > 0),
  check (disbursed_amount = 0 or status = 'disbursed'),
  check (disbursed_amount <= coalesce(committed_amount, 0) or over_disbursement_reason is not null)
);
create index pledge_country on pledge (country, pledged_on desc, id);
create index pledge_engagement on pledge (engagement_id) where engagement_id is not null;

-- Each step of a pledge (commit, each disbursement), with its date and reason.
create table pledge_step (
  id uuid primary key default gen_random_uuid(),
  pledge_id uuid not null references pledge (id) on delete cascade,
  stage text not null check (stage in ('pledged', 'committed', 'disbursed')),
  amount numeric(18, 2) not null check (amount >= 0),
  on_date date not null,
  reason text,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now()
);
create index pledge_step_pledge on pledge_step (pledge_id, created_at);
