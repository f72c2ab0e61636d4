-- Uploaded documents' bytes in the database, so that every app server on one
-- PostgreSQL sees every upload (the embedded default keeps them in the data
-- directory). Content-addressed like the files: one row per SHA-256, the
-- bytes in chunks of at most 1 MiB so that no single value nears the 1 GB
-- field limit and a download can stream chunk by chunk.
create table document_blob (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null check (size_bytes >= 0),
  chunks int not null check (chunks >= 0),
  created_at timestamptz not null default now()
);

create table document_blob_chunk (
  sha256 text not null references document_blob (sha256) on delete cascade,
  seq int not null check (seq >= 0),
  data bytea not null,
  primary key (sha256, seq)
);
