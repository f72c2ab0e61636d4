-- What a project's Atom feed (src/modules/feeds) may say of the contracts on
-- the project, and nothing more: milestones once accepted (a submitted or
-- rejected milestone is between the supplier and the agency until decided),
-- and a contract's completion. Both exist only after a signature, so nothing
-- of a draft tender can reach them. The contract's title comes from Tenders'
-- signed_contract view.

create view public_project_milestone as
  select m.id, m.contract_id, cp.project_id, m.title, m.position, m.decided_at, c.title as contract_title
  from milestone m
  join contract_project cp on cp.contract_id = m.contract_id
  join signed_contract c on c.id = m.contract_id
  where m.status = 'accepted' and m.decided_at is not null;

create view public_project_contract_completion as
  select h.id, h.contract_id, cp.project_id, h.changed_at as completed_at, c.title as contract_title
  from contract_history h
  join contract_project cp on cp.contract_id = h.contract_id
  join signed_contract c on c.id = h.contract_id
  where h.to_status = 'completed';
