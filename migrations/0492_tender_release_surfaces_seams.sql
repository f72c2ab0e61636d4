-- More of what the Tenders module publishes (after 0490/0491): the whole
-- public record of a contracting process, as the OCDS module builds releases
-- from it — the tender, its lots, enquiries, amendments, awards, complaints
-- and contracts. Bids still only through opened_bid(_price).
-- `select x.*` expands when the view is created: a column added to one of
-- these tables later is added here too, in the same migration.

create view tender_detail as select t.* from tender t;
create view tender_lot_detail as select l.* from tender_lot l;
create view tender_enquiry_detail as select e.* from tender_enquiry e;
create view tender_amendment_detail as select am.* from tender_amendment am;
create view award_detail as select a.* from award a;
create view complaint_detail as select k.* from complaint k;
create view contract_detail as select c.* from contract c;
