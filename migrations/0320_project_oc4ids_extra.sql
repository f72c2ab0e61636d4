-- OC4IDS fields from another publisher that Berpa does not model, kept as they
-- came (JSON paths the export lacks; list entries by id) and put back on every
-- export, so that importing someone else's package loses nothing.
-- See src/modules/projects/oc4ids-extra.ts.
alter table project add column oc4ids_extra jsonb not null default '{}'::jsonb
  check (jsonb_typeof(oc4ids_extra) = 'object');
