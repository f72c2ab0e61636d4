-- Contracting processes published by another OCDS publisher (for example the
-- national e-procurement system), linked to a project here and followed
-- read-only: their releases as received and the record compiled from them
-- with the OCDS merge rules. Owned by the Projects module
-- (src/modules/projects/external-ocds*.ts); Berpa's own processes live in
-- migration 0500 and are never stored here.
create table project_external_process (
  ocid text primary key,
  project_id uuid not null references project (id) on delete cascade,
  publisher jsonb not null default '{}'::jsonb,
  compiled jsonb not null,
  release_count integer not null check (release_count > 0),
  -- The latest release date, as published.
  last_date text,
  imported_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index project_external_process_project on project_external_process (project_id, ocid);

create table project_external_release (
  ocid text not null references project_external_process (ocid) on delete cascade,
  release_id text not null,
  date text,
  release jsonb not null,
  imported_at timestamptz not null default now(),
  primary key (ocid, release_id)
);
