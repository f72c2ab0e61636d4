-- What the platform has paid out of each pledge, kept in the payment's own
-- transaction (payments.pay), so that follow-the-money reads one row per
-- pledge instead of summing every payment ever made (500,000 at ten times the
-- demo scale took ~0.6 s per country). Owned by Contracts; backfilled here.
create table pledge_paid_total (
  pledge_id uuid primary key references pledge (id),
  paid_net numeric(18, 2) not null default 0 check (paid_net >= 0),
  payments integer not null default 0 check (payments >= 0)
);

insert into pledge_paid_total (pledge_id, paid_net, payments)
  select pledge_id, sum(net_amount), count(*) from payment
  where status = 'paid' and pledge_id is not null group by pledge_id;

-- The latest paid payments of one pledge, for the links (newest first).
create index payment_pledge_paid on payment (pledge_id, paid_on desc, id desc) where status = 'paid';
