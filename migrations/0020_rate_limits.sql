-- Abuse limits shared by every app server: one row per (policy, client) key,
-- a fixed window that restarts when it has run out. Written with one atomic
-- upsert per request (src/modules/auth/rate-limit-repo.ts), judged by the
-- database clock so that servers with skewed clocks agree.
create table rate_limit_counter (
  key text primary key check (length(key) <= 300),
  hits integer not null check (hits > 0),
  reset_at timestamptz not null
);
create index rate_limit_counter_reset on rate_limit_counter (reset_at);
