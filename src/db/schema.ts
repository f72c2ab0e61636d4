import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely's view of the tables. Each module declares its own tables in its
 * `tables.ts`, and they are joined here into the one `DB` type.
 */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;
export type LocalizedText = Partial<Record<'az' | 'en' | 'ko' | 'ru', string>>;

export interface ProgrammeTable {
  id: Generated<string>;
  name: Json<LocalizedText>;
  target_km2: number;
  currencies: string[];
  languages: string[];
  ocid_prefix: string;
  oc4ids_prefix: string;
  partner_policy: Generated<'all' | 'partners_only'>;
  timezone: Generated<string>;
  is_demo: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  name_i18n: Generated<Json<LocalizedText>>;
  identifier_scheme: string;
  identifier_id: string;
  country: string;
  roles: Generated<string[]>;
  verification_status: Generated<'unverified' | 'verified' | 'rejected'>;
  verified_at: Timestamp | null;
  verification_note: string | null;
  address: Json<Record<string, string>> | null;
  contact_point: Json<Record<string, string>> | null;
  beneficial_owners: Generated<Json<unknown[]>>;
  is_demo: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  organisation_id: string | null;
  roles: string[];
  locale: string | null;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface AuthSessionTable {
  id: Generated<string>;
  user_id: string;
  kind: 'cookie' | 'token';
  token_hash: string;
  csrf_token: string | null;
  name: string | null;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface DocumentTable {
  id: Generated<string>;
  sha256: string;
  title: string;
  document_type: string;
  language: string | null;
  media_type: string;
  size_bytes: number;
  access_level: Generated<'public' | 'limited' | 'restricted'>;
  organisation_id: string | null;
  uploaded_by: string | null;
  created_at: Generated<Timestamp>;
}

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: Generated<Timestamp>;
  actor_user_id: string | null;
  actor_org_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
  reason: string | null;
  request_id: string | null;
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface AuditHeadTable {
  singleton: Generated<boolean>;
  seq: number;
  hash: string;
  updated_at: Generated<Timestamp>;
}

export interface IdempotencyRecordTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number | null;
  body: Json | null;
  created_at: Generated<Timestamp>;
}

export interface CoreTables {
  programme: ProgrammeTable;
  organisation: OrganisationTable;
  app_user: AppUserTable;
  auth_session: AuthSessionTable;
  document: DocumentTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  idempotency_record: IdempotencyRecordTable;
  schema_migrations: { version: string; name: string; checksum: string; applied_at: Generated<Timestamp> };
}

export interface PartnerPeriodTable {
  id: Generated<string>;
  country: string;
  valid_from: string;
  valid_to: string | null;
  basis: string;
  basis_reference: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

// Module tables join here, one line each: `export interface DB extends CoreTables, LandTables, … {}`.
export interface DB extends CoreTables {
  partner_period: PartnerPeriodTable;
}
