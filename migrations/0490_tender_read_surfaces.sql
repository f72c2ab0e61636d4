-- What the Tenders module publishes for other modules to read (OCDS, Partners,
-- Stats). THE one place of the rule "a bid's price and contents are visible
-- only after the opening": a bid appears here only once its tender has an
-- opening record, and only as opened (valid or disqualified) — never a sealed,
-- replaced or withdrawn one. Other modules read these views, not the bid tables.
-- (Numbered in the tenders range: a view must come after the tables it reads.)

-- Tenders whose bids have been opened.
create view opened_tender as
  select o.tender_id, o.opened_at
  from tender_opening o;

-- Opened bids: the unsealed metadata and the outcome of the opening.
create view opened_bid as
  select b.id, b.tender_id, b.organisation_id, b.status, b.received_at, b.lot_ids, b.disqualification_reason, o.opened_at
  from bid b
  join tender_opening o on o.tender_id = b.tender_id
  where b.status in ('valid', 'disqualified');

-- Prices per lot of opened bids.
create view opened_bid_price as
  select p.bid_id, p.lot_id, p.amount, p.currency, p.abnormally_low, b.tender_id
  from bid_price p
  join opened_bid b on b.id = p.bid_id;
