import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json, LocalizedText } from '../../db/columns.ts';

// The timestamp columns here all have defaults (optional on insert).
type Timestamp = DefaultTimestamp;

/**
 * Partner tables (migration 0201_partners.sql). `partner_period` (0200) is
 * typed in src/db/schema.ts. A `pledge` row is what the Projects module's
 * `project_funding.pledge_id` points at.
 */
export type EngagementKind = 'visit' | 'meeting' | 'delegation' | 'commission' | 'forum' | 'agreement' | 'memorandum';
export type EngagementStatus = 'planned' | 'held' | 'cancelled';
export type PledgeStatus = 'pledged' | 'committed' | 'disbursed';

export interface EngagementTable {
  id: Generated<string>;
  country: string;
  kind: EngagementKind;
  status: Generated<EngagementStatus>;
  title: Json<LocalizedText>;
  summary: Json<LocalizedText>;
  starts_on: string;
  ends_on: string | null;
  place: string | null;
  place_country: string | null;
  topics: Generated<string[]>;
  is_demo: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface EngagementParticipantTable {
  id: Generated<string>;
  engagement_id: string;
  position: number;
  name: string;
  title: string | null;
  organisation_name: string | null;
  organisation_id: string | null;
  country: string | null;
}

export interface EngagementSourceTable {
  id: Generated<string>;
  engagement_id: string;
  position: number;
  title: string;
  publisher: string | null;
  url: string | null;
  document_id: string | null;
  published_on: string | null;
  note: string | null;
}

export interface EngagementLinkTable {
  engagement_id: string;
  target_type: 'project' | 'tender' | 'organisation';
  target_id: string;
}

export interface PledgeTable {
  id: Generated<string>;
  country: string;
  pledger: string;
  pledger_org_id: string | null;
  engagement_id: string | null;
  kind: Generated<'money' | 'in_kind'>;
  description: Json<LocalizedText>;
  sector: string | null;
  conditions: string | null;
  currency: string;
  status: Generated<PledgeStatus>;
  pledged_amount: number;
  pledged_on: string;
  committed_amount: number | null;
  committed_on: string | null;
  disbursed_amount: Generated<number>;
  disbursed_on: string | null;
  over_disbursement_reason: string | null;
  is_demo: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface PledgeStepTable {
  id: Generated<string>;
  pledge_id: string;
  stage: PledgeStatus;
  amount: number;
  on_date: string;
  reason: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
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

/** What other modules may read (views, migration 0291_partner_read_surfaces.sql). Writes: pledges.repo.ts. */
export interface PartnersSurfaces {
  pledge_summary: Pick<PledgeTable, 'country' | 'pledger' | 'currency' | 'pledged_amount' | 'pledged_on' | 'committed_amount'> & {
    id: string;
    status: PledgeStatus;
    disbursed_amount: number;
  };
}

export interface PartnersTables extends PartnersSurfaces {
  partner_period: PartnerPeriodTable;
  engagement: EngagementTable;
  engagement_participant: EngagementParticipantTable;
  engagement_source: EngagementSourceTable;
  engagement_link: EngagementLinkTable;
  pledge: PledgeTable;
  pledge_step: PledgeStepTable;
}

/**
 * JSON columns are sent as text. Typed as the column's value so that the
 * insert type checks whichever way the checker resolves ColumnType.
 */
export const jsonText = <T>(v: T): T => JSON.stringify(v) as unknown as T;
