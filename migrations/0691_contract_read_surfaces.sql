-- What the Contracts module publishes for other modules to read (OCDS
-- implementation, stats): contract execution, milestones, payments,
-- variations, progress reports and public documents, not the tables.

create view contract_execution_state as
  select * from contract_execution;

create view contract_milestone as
  select * from milestone;

-- Payments as money out: only paid ones leave the module.
create view paid_payment as
  select * from payment where status = 'paid';

create view contract_variation as
  select * from variation;

create view contract_progress_report as
  select * from progress_report;

-- Public documents of a contract (through the documents module's document_meta).
create view public_contract_document as
  select cd.contract_id, d.id, d.title, d.media_type, cd.document_type, d.created_at, d.access_level, cd.created_at as linked_at
  from contract_document cd
  join document_meta d on d.id = cd.document_id
  where d.access_level = 'public';
