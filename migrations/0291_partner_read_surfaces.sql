-- What the Partners module publishes for other modules to read (contracts'
-- follow-the-money). Disbursement writes go through partners/pledges.repo.ts.

create view pledge_summary as
  select p.id, p.country, p.pledger, p.currency, p.status, p.pledged_amount, p.committed_amount, p.disbursed_amount, p.pledged_on
  from pledge p;
