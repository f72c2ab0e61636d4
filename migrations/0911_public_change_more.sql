-- Change counters (0910) for the tables added beside it: processes followed
-- from other OCDS publishers (they appear on the public project page and in
-- OC4IDS) and contract execution (payments feed "spent" on the home page,
-- follow-the-money and the country page). Same trigger, new scope "contracts".
do $$
declare
  t record;
begin
  for t in select * from (values
    ('projects', 'project_external_process'), ('projects', 'project_external_release'),
    ('contracts', 'contract_execution'), ('contracts', 'contract_project'), ('contracts', 'contract_lot'),
    ('contracts', 'contract_document'), ('contracts', 'contract_guarantee'), ('contracts', 'contract_history'),
    ('contracts', 'milestone'), ('contracts', 'milestone_output'), ('contracts', 'progress_report'),
    ('contracts', 'progress_quantity'), ('contracts', 'progress_photo'), ('contracts', 'payment'), ('contracts', 'variation')
  ) v(scope, tab) loop
    execute format('create trigger public_change after insert or update or delete or truncate on %I for each statement execute function bump_public_change(%L)', t.tab, t.scope);
  end loop;
end $$;
