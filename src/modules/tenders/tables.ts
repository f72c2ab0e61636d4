import type { ColumnType, Generated } from 'kysely';
import type { Json, LocalizedText, Timestamp } from '../../db/columns.ts';

/**
 * Tender tables (migration 0400_tenders.sql). Plain names so that the OCDS
 * and partners modules can map them:
 * - tender: one contracting process; `ocid`, `status` (draft → active →
 *   opening → evaluation → standstill → awarded → complete | cancelled |
 *   unsuccessful), `tender_end` = bid deadline, `enquiry_*`, `opening_at`,
 *   `criteria` [{id,name,weight}], `documents` [{title,sha256,documentType}],
 *   `value_amount/value_currency`, `eligibility` all|partners.
 * - tender_project: tender ↔ project (OC4IDS contracting processes).
 * - tender_lot: lots, `ref` is the OCDS lot id within the tender.
 * - tender_enquiry: public questions and answers (OCDS tender.enquiries).
 * - tender_amendment: `seq`, `reason`, `material`, `changes` {field:{before,after}}.
 * - bid: sealed bids; `status` submitted|replaced|withdrawn (before opening),
 *   valid|disqualified (after); `envelope` is ciphertext only.
 * - bid_price: price per lot per bid, written at the opening.
 * - tender_opening: the published opening record.
 * - award: `status` pending (standstill) | suspended (complaint) | active | cancelled.
 * - complaint, contract (`value_*`, `signed_at`, `period_start/end`, `supplier_org_id`).
 */
/** Columns with database defaults (Kysely's Generated does not unwrap nested ColumnTypes). */
type GenTs = ColumnType<Date, Date | string | undefined, Date | string>;
type GenJson<T> = ColumnType<T, string | T | undefined, string | T>;

export type TenderStatus = 'draft' | 'active' | 'opening' | 'evaluation' | 'standstill' | 'awarded' | 'complete' | 'cancelled' | 'unsuccessful';
export type BidStatus = 'submitted' | 'replaced' | 'withdrawn' | 'valid' | 'disqualified';
export interface Criterion {
  id: string;
  name: string;
  weight: number;
}
export interface TenderDocument {
  title: string;
  sha256: string;
  documentType: string;
  url?: string;
}

export interface TenderTable {
  id: Generated<string>;
  ocid: string;
  programme_id: string;
  title: Json<LocalizedText>;
  description: GenJson<LocalizedText>;
  method: 'open' | 'selective' | 'limited';
  status: Generated<TenderStatus>;
  status_reason: string | null;
  eligibility: Generated<'all' | 'partners'>;
  award_criteria: Generated<'priceOnly' | 'ratedCriteria'>;
  criteria: GenJson<Criterion[]>;
  value_amount: number | null;
  value_currency: string | null;
  documents: GenJson<TenderDocument[]>;
  enquiry_start: Timestamp;
  enquiry_end: Timestamp;
  tender_start: Timestamp;
  tender_end: Timestamp;
  opening_at: Timestamp;
  standstill_days: Generated<number>;
  min_bids: Generated<number>;
  amendment_window_days: Generated<number>;
  opening_public_key: string | null;
  opening_k: number | null;
  opening_n: number | null;
  published_at: Timestamp | null;
  created_by: string | null;
  is_demo: Generated<boolean>;
  created_at: GenTs;
  updated_at: GenTs;
}

export interface TenderLotTable {
  id: Generated<string>;
  tender_id: string;
  ref: string;
  title: Json<LocalizedText>;
  description: GenJson<LocalizedText>;
  value_amount: number | null;
  value_currency: string | null;
  position: Generated<number>;
}

export interface TenderEnquiryTable {
  id: Generated<string>;
  tender_id: string;
  lot_id: string | null;
  question: string;
  asked_by_user_id: string | null;
  asked_by_org_id: string | null;
  asked_at: GenTs;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
}

export interface TenderAmendmentTable {
  id: Generated<string>;
  tender_id: string;
  seq: number;
  reason: string;
  material: boolean;
  changes: Json<Record<string, { before: unknown; after: unknown }>>;
  created_by: string | null;
  created_at: GenTs;
}

export interface BidTable {
  id: Generated<string>;
  tender_id: string;
  organisation_id: string;
  submitted_by: string | null;
  status: Generated<BidStatus>;
  lot_ids: string[];
  received_at: GenTs;
  envelope: Json<unknown>;
  envelope_sha256: string;
  receipt: Json<unknown> | null;
  replaces_bid_id: string | null;
  withdrawn_at: Timestamp | null;
  disqualification_reason: string | null;
  proposal: Json<unknown> | null;
  declarations: Json<unknown> | null;
  opened_at: Timestamp | null;
}

/**
 * Read surfaces (views, migration 0490_tender_read_surfaces.sql) that other
 * modules read instead of the bid tables: bids only once opened, so the rule
 * "a bid's price and contents are visible only after the opening" lives there.
 */
export interface OpenedBidView {
  id: string;
  tender_id: string;
  organisation_id: string;
  status: 'valid' | 'disqualified';
  received_at: Date;
  lot_ids: string[];
  disqualification_reason: string | null;
  opened_at: Date;
}

/** What other modules may read (test/architecture/boundaries.test.ts): views, not tables. */
export interface TendersSurfaces {
  opened_tender: { tender_id: string; opened_at: Date };
  opened_bid: OpenedBidView;
  opened_bid_price: { bid_id: string; lot_id: string; amount: number; currency: string; abnormally_low: boolean; tender_id: string };
  // Migration 0491_tender_contract_surfaces.sql: what the contracts module reads.
  signed_contract: {
    id: string;
    tender_id: string;
    award_id: string;
    supplier_org_id: string;
    title: LocalizedText;
    value_amount: number;
    value_currency: string;
    signed_at: Date;
    period_start: string;
    period_end: string;
    status: 'active' | 'terminated' | 'complete';
    created_at: Date;
  };
  // Migration 0495: a project's tenders that are past the draft (the public project page).
  public_tender_project: { tender_id: string; project_id: string; ocid: string; title: LocalizedText; status: string };
  // Migration 0496: every tender past the draft, with what the Atom feeds show.
  public_tender: {
    id: string;
    ocid: string;
    title: LocalizedText;
    description: LocalizedText;
    status: TenderStatus;
    method: string;
    eligibility: 'all' | 'partners';
    value_amount: number | null;
    value_currency: string | null;
    tender_end: Date;
    published_at: Date | null;
    updated_at: Date;
  };
  tender_summary: {
    id: string;
    ocid: string;
    programme_id: string;
    tender_start: Date;
    tender_end: Date;
    value_amount: number | null;
    value_currency: string | null;
    published_at: Date | null;
    created_at: Date;
  };
  award_decision: {
    id: string;
    tender_id: string;
    bid_id: string;
    supplier_org_id: string;
    value_amount: number;
    value_currency: string;
    status: 'pending' | 'suspended' | 'active' | 'cancelled';
    decided_at: Date;
  };
  tender_lot_summary: { id: string; tender_id: string; ref: string; title: LocalizedText; position: number };
  tender_project_link: { tender_id: string; project_id: string };
  complaint_outcome: { id: string; tender_id: string; award_id: string; status: 'pending' | 'upheld' | 'dismissed' };
  amendment_log: { tender_id: string; seq: number; material: boolean; created_at: Date };
  // Migration 0492_tender_release_surfaces_seams.sql: the public record OCDS builds releases from.
  tender_detail: Row<'tender'>;
  tender_lot_detail: Row<'tender_lot'>;
  tender_enquiry_detail: Row<'tender_enquiry'>;
  tender_amendment_detail: Row<'tender_amendment'>;
  award_detail: Row<'award'>;
  complaint_detail: Row<'complaint'>;
  contract_detail: Row<'contract'>;
}

type Row<K extends keyof TendersBaseTables> = { [C in keyof TendersBaseTables[K]]: TendersBaseTables[K][C] };

export interface TendersTables extends TendersBaseTables, TendersSurfaces {
  // The tables and the views above, one name each (src/db/schema.ts joins this one).
}

export interface TendersBaseTables {
  tender: TenderTable;
  tender_project: { tender_id: string; project_id: string };
  tender_lot: TenderLotTable;
  tender_enquiry: TenderEnquiryTable;
  tender_amendment: TenderAmendmentTable;
  committee_member_key: { user_id: string; public_key: string; created_at: GenTs; updated_at: GenTs };
  tender_committee: { tender_id: string; user_id: string; encrypted_share: Json<unknown> | null; share_sha256: string | null };
  opening_share: { tender_id: string; user_id: string; share: string; submitted_at: GenTs };
  bid: BidTable;
  bid_price: { bid_id: string; lot_id: string; amount: number; currency: string; abnormally_low: Generated<boolean> };
  tender_opening: { tender_id: string; opened_at: GenTs; opened_by: string[]; record: Json<unknown> };
  conflict_declaration: { tender_id: string; user_id: string; has_conflict: boolean; statement: string; declared_at: GenTs };
  evaluation_score: { bid_id: string; user_id: string; criterion_id: string; score: number; comment: string | null; scored_at: GenTs };
  award: {
    id: Generated<string>;
    tender_id: string;
    bid_id: string;
    supplier_org_id: string;
    value_amount: number;
    value_currency: string;
    reasons: string;
    status: Generated<'pending' | 'suspended' | 'active' | 'cancelled'>;
    decided_at: GenTs;
    standstill_ends_at: Timestamp;
    created_by: string | null;
  };
  complaint: {
    id: Generated<string>;
    tender_id: string;
    award_id: string;
    complainant_org_id: string;
    filed_by: string | null;
    grounds: string;
    status: Generated<'pending' | 'upheld' | 'dismissed'>;
    filed_at: GenTs;
    decision: string | null;
    decided_by: string | null;
    decided_at: Timestamp | null;
  };
  contract: {
    id: Generated<string>;
    tender_id: string;
    award_id: string;
    supplier_org_id: string;
    title: GenJson<LocalizedText>;
    value_amount: number;
    value_currency: string;
    signed_at: Timestamp;
    period_start: string;
    period_end: string;
    status: Generated<'active' | 'terminated' | 'complete'>;
    created_by: string | null;
    created_at: GenTs;
  };
}
