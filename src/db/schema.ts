import type { ColumnType, Generated } from 'kysely';
import type { TendersTables } from '../modules/tenders/tables.ts';
import type { LandTables } from '../modules/land/tables.ts';
import type { PartnersTables } from '../modules/partners/tables.ts';
import type { ProjectTables } from '../modules/projects/tables.ts';
import type { OcdsTables } from '../modules/ocds/tables.ts';

/**
 * Kysely's view of the tables. Each module declares its own tables in its
 * `tables.ts`, and they are joined here into the one `DB` type.
 */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp column with a default (`now()`): optional on insert. Use instead of DefaultTimestamp. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A JSON column with a default: optional on insert. Use instead of Generated<Json<T>>. */
export type DefaultJson<T = unknown> = ColumnType<T, string | T | undefined, string | T>;
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
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  name_i18n: DefaultJson<LocalizedText>;
  identifier_scheme: string;
  identifier_id: string;
  country: string;
  roles: Generated<string[]>;
  verification_status: Generated<'unverified' | 'verified' | 'rejected'>;
  verified_at: Timestamp | null;
  verification_note: string | null;
  address: Json<Record<string, string>> | null;
  contact_point: Json<Record<string, string>> | null;
  beneficial_owners: DefaultJson<unknown[]>;
  is_demo: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
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
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ProcurementPeriodRuleTable {
  id: Generated<string>;
  programme_id: string;
  method: 'open' | 'selective' | 'limited';
  currency: string;
  min_value: ColumnType<string, number | string, number | string>;
  min_tender_days: number;
  min_enquiry_days: number;
  legal_source: string;
  created_at: DefaultTimestamp;
}

export interface PlatformKeyTable {
  name: string;
  private_key: string;
  public_key: string;
  created_at: DefaultTimestamp;
}

export interface RateLimitCounterTable {
  key: string;
  hits: number;
  reset_at: Timestamp;
}

export interface AuthSessionTable {
  id: Generated<string>;
  user_id: string;
  kind: 'cookie' | 'token';
  token_hash: string;
  csrf_token: string | null;
  name: string | null;
  created_at: DefaultTimestamp;
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
  created_at: DefaultTimestamp;
}

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: DefaultTimestamp;
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
  updated_at: DefaultTimestamp;
}

export interface IdempotencyRecordTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number | null;
  body: Json | null;
  created_at: DefaultTimestamp;
}

export interface CoreTables {
  programme: ProgrammeTable;
  organisation: OrganisationTable;
  app_user: AppUserTable;
  auth_session: AuthSessionTable;
  rate_limit_counter: RateLimitCounterTable;
  platform_key: PlatformKeyTable;
  procurement_period_rule: ProcurementPeriodRuleTable;
  document: DocumentTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  idempotency_record: IdempotencyRecordTable;
  schema_migrations: { version: string; name: string; checksum: string; applied_at: DefaultTimestamp };
}

export interface PartnerPeriodTable {
  id: Generated<string>;
  country: string;
  valid_from: string;
  valid_to: string | null;
  basis: string;
  basis_reference: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  is_demo: Generated<boolean>;
}

// Module tables join here, one line each: `export interface DB extends CoreTables, LandTables, … {}`.
export interface DB extends CoreTables, TendersTables, LandTables, PartnersTables, ProjectTables, OcdsTables {
  partner_period: PartnerPeriodTable;
}
