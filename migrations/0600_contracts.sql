-- Contracts: execution from signature to final payment. The signed contract
-- row itself stays in the tenders module's `contract` table (0400); this
-- module owns everything after the signature. Column meanings are in
-- src/modules/contracts/tables.ts.

create table contract_execution (
  contract_id uuid primary key references contract (id),
  status text not null default 'signed' check (status in ('signed', 'in_progress', 'completed', 'terminated')),
  -- Share of each milestone payment withheld until final acceptance (percent).
  retention_pct numeric(5, 2) not null default 5 check (retention_pct between 0 and 50),
  -- Cumulative value change (percent of the original value) above which a variation needs a second approver.
  variation_threshold_pct numeric(5, 2) not null default 15 check (variation_threshold_pct between 0 and 100),
  -- How far outside the project site a progress photo may be taken and still count as on site (metres).
  site_tolerance_m integer not null default 250 check (site_tolerance_m between 0 and 100000),
  final_value_amount numeric(18, 2) check (final_value_amount >= 0),
  actual_end date,
  final_scope text,
  termination_reason text,
  updated_at timestamptz not null default now()
);

create table contract_project (
  contract_id uuid not null references contract (id),
  project_id uuid not null references project (id),
  primary key (contract_id, project_id)
);
create index contract_project_project on contract_project (project_id);

create table contract_lot (
  contract_id uuid not null references contract (id),
  lot_id uuid not null references tender_lot (id),
  primary key (contract_id, lot_id)
);

create table contract_document (
  contract_id uuid not null references contract (id),
  document_id uuid not null references document (id),
  document_type text not null,
  created_at timestamptz not null default now(),
  primary key (contract_id, document_id)
);

create table contract_guarantee (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references contract (id),
  kind text not null check (kind in ('performance', 'advancePayment')),
  issuer text not null,
  amount numeric(18, 2) not null check (amount > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  expires_on date not null,
  created_at timestamptz not null default now()
);
create index contract_guarantee_contract on contract_guarantee (contract_id);

-- Every status change of the execution, with its reason (the audit chain holds the same, signed).
create table contract_history (
  id bigserial primary key,
  contract_id uuid not null references contract (id),
  from_status text,
  to_status text not null,
  reason text,
  changed_by uuid references app_user (id),
  changed_at timestamptz not null default now()
);
create index contract_history_contract on contract_history (contract_id, id);

create table milestone (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references contract (id),
  position integer not null,
  title jsonb not null,
  due_date date not null,
  -- Share of the contract value this milestone pays (percent); the shares of a contract sum to at most 100.
  share_pct numeric(5, 2) not null check (share_pct > 0 and share_pct <= 100),
  -- Stored states; "late" is derived at read time (due date passed, not accepted).
  status text not null default 'scheduled' check (status in ('scheduled', 'submitted', 'accepted', 'rejected')),
  reason text,
  submitted_at timestamptz,
  decided_at timestamptz,
  decided_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  unique (contract_id, position)
);
create index milestone_contract on milestone (contract_id, position);
create index milestone_due on milestone (due_date) where status <> 'accepted';

-- The project outputs a milestone delivers (e.g. 120 housing units).
create table milestone_output (
  milestone_id uuid not null references milestone (id),
  project_output_id uuid not null references project_output (id),
  quantity numeric(18, 3) not null check (quantity > 0),
  primary key (milestone_id, project_output_id)
);

create table progress_report (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references contract (id),
  milestone_id uuid references milestone (id),
  period_start date not null,
  period_end date not null,
  narrative text not null,
  status text not null default 'submitted' check (status in ('submitted', 'accepted', 'rejected')),
  reason text,
  submitted_by uuid references app_user (id),
  submitted_at timestamptz not null default now(),
  decided_by uuid references app_user (id),
  decided_at timestamptz,
  check (period_end >= period_start)
);
create index progress_report_contract on progress_report (contract_id, submitted_at);

-- Physical progress per output in one report: the quantity achieved in its period.
create table progress_quantity (
  report_id uuid not null references progress_report (id),
  project_output_id uuid not null references project_output (id),
  quantity numeric(18, 3) not null check (quantity >= 0),
  primary key (report_id, project_output_id)
);

create table progress_photo (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null references progress_report (id),
  -- The original as uploaded (blob store, by SHA-256) and the resized copy served on pages.
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  resized_sha256 text not null check (resized_sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes integer not null,
  width integer,
  height integer,
  position geometry(Point, 4326),
  taken_at timestamptz,
  -- verified: within the tolerance of the site; not_verified: no position in the file; outside: flagged.
  location_status text not null check (location_status in ('verified', 'not_verified', 'outside')),
  distance_m numeric(12, 1),
  -- in_period, outside_period, or unknown (no capture time).
  time_status text not null check (time_status in ('in_period', 'outside_period', 'unknown')),
  created_at timestamptz not null default now()
);
create index progress_photo_report on progress_photo (report_id);

create table payment (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references contract (id),
  kind text not null check (kind in ('milestone', 'advance', 'retention')),
  milestone_id uuid references milestone (id),
  guarantee_id uuid references contract_guarantee (id),
  -- gross: what the work earned (or the advance); net = gross - retention - advance recovered.
  gross_amount numeric(18, 2) not null check (gross_amount > 0),
  retention_amount numeric(18, 2) not null default 0 check (retention_amount >= 0),
  advance_recovery_amount numeric(18, 2) not null default 0 check (advance_recovery_amount >= 0),
  net_amount numeric(18, 2) not null check (net_amount >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'requested' check (status in ('requested', 'approved', 'paid', 'rejected')),
  requested_by uuid references app_user (id),
  requested_at timestamptz not null default now(),
  approved_by uuid references app_user (id),
  approved_at timestamptz,
  paid_on date,
  paid_by uuid references app_user (id),
  funding_source text check (funding_source in ('government', 'partner_country', 'donor', 'loan')),
  pledge_id uuid references pledge (id),
  reason text,
  check ((kind = 'milestone') = (milestone_id is not null)),
  check (kind <> 'advance' or guarantee_id is not null),
  check (status <> 'paid' or (paid_on is not null and funding_source is not null)),
  check (approved_by is null or requested_by is null or approved_by <> requested_by)
);
create index payment_contract on payment (contract_id, requested_at);
create index payment_pledge on payment (pledge_id) where pledge_id is not null;
create index payment_milestone on payment (milestone_id) where milestone_id is not null;

create table variation (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references contract (id),
  seq integer not null,
  value_change numeric(18, 2) not null default 0,
  new_period_end date,
  scope text,
  reason text not null check (length(reason) >= 3),
  documents jsonb not null default '[]',
  -- Cumulative value change of the approved variations including this one, percent of the original value.
  cumulative_pct numeric(9, 2) not null,
  needs_second_approval boolean not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  approved_by uuid references app_user (id),
  approved_at timestamptz,
  unique (contract_id, seq)
);
create index variation_contract on variation (contract_id, seq);
