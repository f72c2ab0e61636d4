-- Minimum tendering and enquiry periods, per programme, procurement method and
-- value band, each with the legal text it comes from. A band starts at
-- min_value (inclusive, in its currency) and runs to the next band's start.
-- Enforced when a tender is published and when it is amended
-- (src/modules/programme/procurement-rules.ts).
create table procurement_period_rule (
  id uuid primary key default gen_random_uuid(),
  programme_id uuid not null references programme (id),
  method text not null check (method in ('open', 'selective', 'limited')),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  min_value numeric(18, 2) not null default 0 check (min_value >= 0),
  min_tender_days integer not null check (min_tender_days between 0 and 365),
  min_enquiry_days integer not null check (min_enquiry_days between 0 and 365),
  legal_source text not null check (length(legal_source) between 3 and 500),
  created_at timestamptz not null default now(),
  unique (programme_id, method, currency, min_value)
);
