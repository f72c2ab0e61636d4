-- Tenders: one contracting process (one OCID) each, with lots, enquiries,
-- amendments, sealed bids, the k-of-n opening, evaluation, award, complaints
-- and the contract. Column meanings are documented in
-- src/modules/tenders/tables.ts (the OCDS mapping reads them from there).

create table tender (
  id uuid primary key default gen_random_uuid(),
  ocid text not null unique,
  programme_id uuid not null references programme (id),
  title jsonb not null,
  description jsonb not null default '{}',
  method text not null check (method in ('open', 'selective', 'limited')),
  status text not null default 'draft' check (status in (
    'draft', 'active', 'opening', 'evaluation', 'standstill', 'awarded', 'complete', 'cancelled', 'unsuccessful')),
  status_reason text,
  eligibility text not null default 'all' check (eligibility in ('all', 'partners')),
  award_criteria text not null default 'priceOnly' check (award_criteria in ('priceOnly', 'ratedCriteria')),
  -- [{ id, name, weight }] weights sum to 100 for ratedCriteria; [] for priceOnly
  criteria jsonb not null default '[]',
  value_amount numeric(18, 2) check (value_amount is null or value_amount >= 0),
  value_currency char(3),
  -- [{ title, sha256, documentType, url? }]
  documents jsonb not null default '[]',
  enquiry_start timestamptz not null,
  enquiry_end timestamptz not null,
  tender_start timestamptz not null,
  -- The bid deadline, judged by the database clock in the bid transaction.
  tender_end timestamptz not null,
  opening_at timestamptz not null,
  standstill_days integer not null default 10 check (standstill_days between 0 and 90),
  min_bids integer not null default 1 check (min_bids >= 1),
  -- A material amendment within this many days of the deadline must move the
  -- deadline to at least this many days after the amendment.
  amendment_window_days integer not null default 5 check (amendment_window_days between 0 and 60),
  -- The opening key: public half (base64url raw X25519), k of n shares.
  opening_public_key text,
  opening_k integer check (opening_k is null or opening_k >= 1),
  opening_n integer check (opening_n is null or opening_n >= opening_k),
  published_at timestamptz,
  created_by uuid references app_user (id),
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (enquiry_start <= enquiry_end and enquiry_end <= tender_end and tender_start <= tender_end and tender_end <= opening_at)
);
create index tender_status on tender (status, tender_end);
create index tender_programme on tender (programme_id, created_at desc);

-- Project links. The FK to project(id) is added by a later migration once the
-- projects table exists (the projects migration is numbered 03xx).
create table tender_project (
  tender_id uuid not null references tender (id) on delete cascade,
  project_id uuid not null,
  primary key (tender_id, project_id)
);
create index tender_project_project on tender_project (project_id);

create table tender_lot (
  id uuid primary key default gen_random_uuid(),
  tender_id uuid not null references tender (id) on delete cascade,
  ref text not null,
  title jsonb not null,
  description jsonb not null default '{}',
  value_amount numeric(18, 2),
  value_currency char(3),
  position integer not null default 0,
  unique (tender_id, ref)
);
create index tender_lot_tender on tender_lot (tender_id, position);

create table tender_enquiry (
  id uuid primary key default gen_random_uuid(),
  tender_id uuid not null references tender (id),
  lot_id uuid references tender_lot (id),
  question text not null,
  asked_by_user_id uuid references app_user (id),
  asked_by_org_id uuid references organisation (id),
  asked_at timestamptz not null default now(),
  answer text,
  answered_by uuid references app_user (id),
  answered_at timestamptz
);
create index tender_enquiry_tender on tender_enquiry (tender_id, asked_at);

create table tender_amendment (
  id uuid primary key default gen_random_uuid(),
  tender_id uuid not null references tender (id),
  seq integer not null,
  reason text not null,
  material boolean not null,
  -- { field: { before, after } } for each changed field
  changes jsonb not null,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  unique (tender_id, seq)
);

-- A committee member's own X25519 public key (base64url raw). The private half
-- never reaches the server.
create table committee_member_key (
  user_id uuid primary key references app_user (id),
  public_key text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The tender's opening committee and each member's share of the opening key,
-- sealed to that member's public key. share_sha256 (optional) commits to the
-- plain share so a wrong share is refused on arrival.
create table tender_committee (
  tender_id uuid not null references tender (id),
  user_id uuid not null references app_user (id),
  encrypted_share jsonb,
  share_sha256 text,
  primary key (tender_id, user_id)
);

-- Plain shares handed in at the opening; deleted once the bids are open.
create table opening_share (
  tender_id uuid not null references tender (id),
  user_id uuid not null references app_user (id),
  share text not null,
  submitted_at timestamptz not null default now(),
  primary key (tender_id, user_id)
);

create table bid (
  id uuid primary key default gen_random_uuid(),
  tender_id uuid not null references tender (id),
  organisation_id uuid not null references organisation (id),
  submitted_by uuid references app_user (id),
  status text not null default 'submitted' check (status in ('submitted', 'replaced', 'withdrawn', 'valid', 'disqualified')),
  -- Unsealed metadata: the lots bid for (ids of tender_lot).
  lot_ids uuid[] not null,
  received_at timestamptz not null default now(),
  -- The sealed envelope, exactly as received, and its SHA-256 (RFC 8785 JSON).
  envelope jsonb not null,
  envelope_sha256 text not null,
  -- The signed receipt given to the bidder: { receipt, signature, keyId }.
  receipt jsonb,
  replaces_bid_id uuid references bid (id),
  withdrawn_at timestamptz,
  -- Filled at the opening: why the bid could not be opened or was invalid,
  -- and the technical proposal listing ({ documents: [{title, sha256}] }).
  disqualification_reason text,
  proposal jsonb,
  declarations jsonb,
  opened_at timestamptz
);
-- One live bid per company per tender: concurrent double submission makes one.
create unique index bid_one_live on bid (tender_id, organisation_id) where status = 'submitted';
create index bid_tender on bid (tender_id, status);
create index bid_organisation on bid (organisation_id);

-- Prices per lot, known only after the opening.
create table bid_price (
  bid_id uuid not null references bid (id),
  lot_id uuid not null references tender_lot (id),
  amount numeric(18, 2) not null,
  currency char(3) not null,
  abnormally_low boolean not null default false,
  primary key (bid_id, lot_id)
);

create table tender_opening (
  tender_id uuid primary key references tender (id),
  opened_at timestamptz not null default now(),
  -- committee members whose shares opened the bids
  opened_by uuid[] not null,
  -- the published opening record: bidders, prices per lot, disqualifications
  record jsonb not null
);

create table conflict_declaration (
  tender_id uuid not null references tender (id),
  user_id uuid not null references app_user (id),
  has_conflict boolean not null,
  statement text not null,
  declared_at timestamptz not null default now(),
  primary key (tender_id, user_id)
);

create table evaluation_score (
  bid_id uuid not null references bid (id),
  user_id uuid not null references app_user (id),
  criterion_id text not null,
  score numeric(6, 2) not null check (score >= 0 and score <= 100),
  comment text,
  scored_at timestamptz not null default now(),
  primary key (bid_id, user_id, criterion_id)
);

create table award (
  id uuid primary key default gen_random_uuid(),
  tender_id uuid not null references tender (id),
  bid_id uuid not null references bid (id),
  supplier_org_id uuid not null references organisation (id),
  value_amount numeric(18, 2) not null,
  value_currency char(3) not null,
  reasons text not null,
  -- pending: in standstill; suspended: a complaint is under review;
  -- active: standstill over, confirmed; cancelled: overturned or withdrawn
  status text not null default 'pending' check (status in ('pending', 'suspended', 'active', 'cancelled')),
  decided_at timestamptz not null default now(),
  standstill_ends_at timestamptz not null,
  created_by uuid references app_user (id)
);
create index award_tender on award (tender_id, decided_at);
create unique index award_one_live on award (tender_id) where status <> 'cancelled';

create table complaint (
  id uuid primary key default gen_random_uuid(),
  tender_id uuid not null references tender (id),
  award_id uuid not null references award (id),
  complainant_org_id uuid not null references organisation (id),
  filed_by uuid references app_user (id),
  grounds text not null,
  status text not null default 'pending' check (status in ('pending', 'upheld', 'dismissed')),
  filed_at timestamptz not null default now(),
  decision text,
  decided_by uuid references app_user (id),
  decided_at timestamptz
);
create index complaint_tender on complaint (tender_id, filed_at);

create table contract (
  id uuid primary key default gen_random_uuid(),
  tender_id uuid not null references tender (id),
  award_id uuid not null references award (id),
  supplier_org_id uuid not null references organisation (id),
  title jsonb not null default '{}',
  value_amount numeric(18, 2) not null check (value_amount >= 0),
  value_currency char(3) not null,
  signed_at timestamptz not null,
  period_start date not null,
  period_end date not null,
  status text not null default 'active' check (status in ('active', 'terminated', 'complete')),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  check (period_end >= period_start)
);
create unique index contract_award on contract (award_id);
create index contract_supplier on contract (supplier_org_id);
create index contract_tender on contract (tender_id);
