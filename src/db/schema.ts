import type { ColumnType, Generated } from 'kysely';
import type { AuditTables } from '../modules/audit/tables.ts';
import type { AuthTables } from '../modules/auth/tables.ts';
import type { ContractsTables } from '../modules/contracts/tables.ts';
import type { DocumentsTables } from '../modules/documents/tables.ts';
import type { FeedsTables } from '../modules/feeds/tables.ts';
import type { LandTables } from '../modules/land/tables.ts';
import type { OcdsTables } from '../modules/ocds/tables.ts';
import type { OrganisationsTables } from '../modules/organisations/tables.ts';
import type { PartnersTables } from '../modules/partners/tables.ts';
import type { ProgrammeTables } from '../modules/programme/tables.ts';
import type { ProjectTables } from '../modules/projects/tables.ts';
import type { TendersTables } from '../modules/tenders/tables.ts';
import type { UsersTables } from '../modules/users/tables.ts';
import type { DefaultTimestamp, Json, Timestamp } from './columns.ts';

export type { AuditEventTable, AuditHeadTable } from '../modules/audit/tables.ts';
export type { AuthSessionTable } from '../modules/auth/tables.ts';
export type { DocumentTable } from '../modules/documents/tables.ts';
export type { OrganisationTable } from '../modules/organisations/tables.ts';
export type { PartnerPeriodTable } from '../modules/partners/tables.ts';
export type { ProgrammeTable } from '../modules/programme/tables.ts';
export type { AppUserTable } from '../modules/users/tables.ts';
/**
 * Kysely's view of the tables. Each module declares its own tables (and the
 * views it publishes for others) in its `tables.ts`; they are joined here into
 * the one `DB` type. Shared column types live in columns.ts, so module tables
 * never import this file. The platform's own tables are below.
 */
export type { DefaultJson, DefaultTimestamp, Json, LocalizedText, Timestamp } from './columns.ts';

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

export interface IdempotencyRecordTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number | null;
  body: Json | null;
  created_at: DefaultTimestamp;
}

/**
 * Tables of the platform itself, owned by no module: idempotency (lib/idempotency.ts), migrations
 * (db/migrate.ts), rate-limit counters (http/rate-limit.ts, shared by every app server), platform keys
 * (the receipt-signing key shared through PostgreSQL) and the procurement period rules (settings).
 */
export interface PlatformTables {
  rate_limit_counter: RateLimitCounterTable;
  platform_key: PlatformKeyTable;
  procurement_period_rule: ProcurementPeriodRuleTable;
  idempotency_record: IdempotencyRecordTable;
  schema_migrations: { version: string; name: string; checksum: string; applied_at: DefaultTimestamp };
}

// Module tables join here, one name each.
export interface DB
  extends PlatformTables,
    ProgrammeTables,
    OrganisationsTables,
    UsersTables,
    AuthTables,
    DocumentsTables,
    AuditTables,
    TendersTables,
    LandTables,
    PartnersTables,
    ProjectTables,
    OcdsTables,
    ContractsTables,
    FeedsTables {}
