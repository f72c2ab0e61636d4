-- Core records: the programme, organisations, users, sessions, documents,
-- the audit chain and idempotency records. Every later module builds on these.
create extension if not exists postgis;

create table programme (
  id uuid primary key default gen_random_uuid(),
  name jsonb not null,
  target_km2 numeric(12, 3) not null check (target_km2 > 0),
  currencies text[] not null check (cardinality(currencies) > 0),
  languages text[] not null check (cardinality(languages) > 0),
  ocid_prefix text not null check (ocid_prefix ~ '^ocds-[a-z0-9]{6}$'),
  oc4ids_prefix text not null check (oc4ids_prefix ~ '^oc4ids-[a-z0-9]{6}$'),
  partner_policy text not null default 'partners_only' check (partner_policy in ('all', 'partners_only')),
  timezone text not null default 'Asia/Baku',
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One programme per deployment.
create unique index programme_singleton on programme ((true));

create table organisation (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  name_i18n jsonb not null default '{}',
  identifier_scheme text not null,
  identifier_id text not null,
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  roles text[] not null default '{}',
  verification_status text not null default 'unverified'
    check (verification_status in ('unverified', 'verified', 'rejected')),
  verified_at timestamptz,
  verification_note text,
  address jsonb,
  contact_point jsonb,
  beneficial_owners jsonb not null default '[]',
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (identifier_scheme, identifier_id)
);
create index organisation_country on organisation (country);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  password_hash text not null,
  organisation_id uuid references organisation (id),
  roles text[] not null check (
    cardinality(roles) > 0 and
    roles <@ array['admin', 'operator', 'mine_action', 'company', 'committee', 'evaluator', 'auditor', 'observer']::text[]
  ),
  locale text,
  active boolean not null default true,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index app_user_email on app_user (lower(email));
create index app_user_organisation on app_user (organisation_id);

-- Web sessions (cookie + CSRF token) and API tokens (bearer). Only hashes of
-- the secrets are stored.
create table auth_session (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  kind text not null check (kind in ('cookie', 'token')),
  token_hash text not null unique,
  csrf_token text,
  name text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index auth_session_user on auth_session (user_id);

create table document (
  id uuid primary key default gen_random_uuid(),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  title text not null,
  document_type text not null,
  language text,
  media_type text not null,
  size_bytes bigint not null check (size_bytes >= 0),
  access_level text not null default 'public' check (access_level in ('public', 'limited', 'restricted')),
  organisation_id uuid references organisation (id),
  uploaded_by uuid references app_user (id),
  created_at timestamptz not null default now()
);
create index document_sha256 on document (sha256);

-- The audit log. A row is written in the same transaction as the change it
-- records; the chain fields (seq, prev_hash, hash) are filled in afterwards by
-- the sequencer, in one ordered pass, so that writers never wait on one
-- another for the head of the chain (see docs/decisions/0002-audit-chain.md).
create table audit_event (
  id bigserial primary key,
  occurred_at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  actor_org_id uuid,
  actor_label text,
  action text not null,
  entity_type text not null,
  entity_id text not null,
  before jsonb,
  after jsonb,
  reason text,
  request_id text,
  seq bigint unique,
  prev_hash text,
  hash text
);
create index audit_event_unchained on audit_event (id) where seq is null;
create index audit_event_entity on audit_event (entity_type, entity_id, id);

create table audit_head (
  singleton boolean primary key default true check (singleton),
  seq bigint not null,
  hash text not null,
  updated_at timestamptz not null default now()
);

-- Retried requests with the same key get the first answer, never a second effect.
create table idempotency_record (
  scope text not null,
  key text not null,
  request_hash text not null,
  status integer,
  body jsonb,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);
