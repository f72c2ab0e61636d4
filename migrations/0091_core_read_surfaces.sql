-- What the core modules (organisations, users, documents) publish for other
-- modules to read (contracts, OCDS). Views, not the tables: a reader sees the
-- columns it needs and nothing it must not (no password hashes, no addresses).

-- Organisations: the party as contracts and flags name it.
create view organisation_party as
  select o.id, o.name, o.country, o.identifier_scheme, o.identifier_id, o.created_at
  from organisation o;

-- Users: who of an organisation to notify or act as (id, email only).
create view organisation_member as
  select u.id, u.email, u.organisation_id
  from app_user u;

-- Documents: the metadata of a stored document (never its bytes).
create view document_meta as
  select d.id, d.sha256, d.title, d.document_type, d.media_type, d.access_level, d.created_at
  from document d;
