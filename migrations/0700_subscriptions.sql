-- Email subscriptions (src/modules/feeds): a signed-in user follows the same
-- things the Atom feeds follow, and a mail is queued in mail_outbox in the
-- transaction of the change that matches (tender published, project status
-- changed, engagement recorded); mail-sender.ts drains the outbox over SMTP.

create table subscription (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  -- Where the mail goes: the account's address when subscribing.
  email text not null,
  kind text not null check (kind in ('tenders', 'project', 'country')),
  -- tenders: {sector?, district?, eligibility?}; project: {projectId}; country: {country}.
  filter jsonb not null default '{}',
  language text not null check (language in ('az', 'en', 'ko', 'ru')),
  -- 32 random bytes (base64url), kept as they are: every later mail must
  -- carry the link, so a hash alone could not be put in it. Unique, so one
  -- look-up finds the subscription.
  unsubscribe_token text not null unique,
  created_at timestamptz not null default now()
);
create index subscription_user on subscription (user_id, created_at);
create index subscription_kind on subscription (kind);

create table mail_outbox (
  id bigint generated always as identity primary key,
  subscription_id uuid references subscription (id) on delete set null,
  to_address text not null,
  subject text not null,
  body_text text not null,
  unsubscribe_url text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index mail_outbox_pending on mail_outbox (id) where sent_at is null;
