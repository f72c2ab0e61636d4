-- More of what the core modules publish (after 0091), so that no other
-- module names their tables: the party's roles, localized name and
-- verification state (tenders' bid gate, OCDS parties, country views); a
-- member's roles and whether the account is active (sessions, committees);
-- a document's language (project documents); and the programme's settings
-- (time zone, OCID prefix, languages) that every module's calendar and feed
-- follow. Columns are appended, so the views of 0091 keep their order and
-- the views built on them (public_contract_document) stay valid.

create or replace view organisation_party as
  select o.id, o.name, o.country, o.identifier_scheme, o.identifier_id, o.created_at,
         o.name_i18n, o.roles, o.verification_status
  from organisation o;

-- Still no password hash: sign-in reads that through users/repo.ts credentialsByEmail.
create or replace view organisation_member as
  select u.id, u.email, u.organisation_id, u.roles, u.active
  from app_user u;

create or replace view document_meta as
  select d.id, d.sha256, d.title, d.document_type, d.media_type, d.access_level, d.created_at,
         d.language
  from document d;

-- Programme: the one row's settings (writes and the row lock through programme/repo.ts).
create view programme_profile as
  select p.id, p.name, p.ocid_prefix, p.oc4ids_prefix, p.timezone, p.languages, p.currencies, p.partner_policy, p.created_at
  from programme p;
