-- Partner status over time: the programme designates a country as a partner
-- from a date (and until a date), for a stated reason. Tender eligibility
-- asks "was this country a partner on this day?".
create table partner_period (
  id uuid primary key default gen_random_uuid(),
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  valid_from date not null,
  valid_to date,
  basis text not null,
  basis_reference text,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  check (valid_to is null or valid_to >= valid_from)
);
create index partner_period_country on partner_period (country, valid_from);
