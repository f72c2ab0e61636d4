import type { ColumnType, Generated } from 'kysely';
import type { Json, LocalizedText, Timestamp } from '../../db/schema.ts';

/**
 * Contract execution tables (migration 0600_contracts.sql). The signed
 * contract row is the tenders module's `contract`; everything after the
 * signature lives here:
 * - contract_execution: one row per contract; status signed → in_progress →
 *   completed | terminated; retention %, variation threshold %, site tolerance (m);
 *   final value / actual end / final scope at completion.
 * - contract_project, contract_lot, contract_document, contract_guarantee
 *   (performance | advancePayment: issuer, amount, expiry), contract_history.
 * - milestone: title (programme languages), due date, share of the value (%),
 *   stored status scheduled | submitted | accepted | rejected ("late" is derived);
 *   milestone_output: the project outputs it delivers.
 * - progress_report (+ progress_quantity per project output, progress_photo with
 *   EXIF position/time and the site/period checks).
 * - payment: milestone | advance | retention; gross, retention, advance recovered,
 *   net; requested → approved → paid (funding source, pledge) | rejected.
 * - variation: value/period/scope change with reason; cumulative % of the
 *   original value; pending until a second approver when above the threshold.
 */
type GenTs = ColumnType<Date, Date | string | undefined, Date | string>;
type GenJson<T> = ColumnType<T, string | T | undefined, string | T>;
type Num = ColumnType<number, number | string, number | string>;
type NumDefault = ColumnType<number, number | string | undefined, number | string>;

export type ExecutionStatus = 'signed' | 'in_progress' | 'completed' | 'terminated';
export type MilestoneStatus = 'scheduled' | 'submitted' | 'accepted' | 'rejected';
export type PaymentStatus = 'requested' | 'approved' | 'paid' | 'rejected';
export type FundingSource = 'government' | 'partner_country' | 'donor' | 'loan';

export interface ContractsBaseTables {
  contract_execution: {
    contract_id: string;
    status: Generated<ExecutionStatus>;
    retention_pct: NumDefault;
    variation_threshold_pct: NumDefault;
    site_tolerance_m: Generated<number>;
    final_value_amount: number | null;
    actual_end: string | null;
    final_scope: string | null;
    termination_reason: string | null;
    updated_at: GenTs;
  };
  contract_project: { contract_id: string; project_id: string };
  contract_lot: { contract_id: string; lot_id: string };
  contract_document: { contract_id: string; document_id: string; document_type: string; created_at: GenTs };
  contract_guarantee: {
    id: Generated<string>;
    contract_id: string;
    kind: 'performance' | 'advancePayment';
    issuer: string;
    amount: Num;
    currency: string;
    expires_on: string;
    created_at: GenTs;
  };
  contract_history: {
    id: Generated<number>;
    contract_id: string;
    from_status: string | null;
    to_status: string;
    reason: string | null;
    changed_by: string | null;
    changed_at: GenTs;
  };
  milestone: {
    id: Generated<string>;
    contract_id: string;
    position: number;
    title: Json<LocalizedText>;
    due_date: string;
    share_pct: Num;
    status: Generated<MilestoneStatus>;
    reason: string | null;
    submitted_at: Timestamp | null;
    decided_at: Timestamp | null;
    decided_by: string | null;
    created_at: GenTs;
  };
  milestone_output: { milestone_id: string; project_output_id: string; quantity: Num };
  progress_report: {
    id: Generated<string>;
    contract_id: string;
    milestone_id: string | null;
    period_start: string;
    period_end: string;
    narrative: string;
    status: Generated<'submitted' | 'accepted' | 'rejected'>;
    reason: string | null;
    submitted_by: string | null;
    submitted_at: GenTs;
    decided_by: string | null;
    decided_at: Timestamp | null;
  };
  progress_quantity: { report_id: string; project_output_id: string; quantity: Num };
  progress_photo: {
    id: Generated<string>;
    report_id: string;
    sha256: string;
    resized_sha256: string;
    size_bytes: number;
    width: number | null;
    height: number | null;
    position: unknown;
    taken_at: Timestamp | null;
    location_status: 'verified' | 'not_verified' | 'outside';
    distance_m: Num | null;
    time_status: 'in_period' | 'outside_period' | 'unknown';
    created_at: GenTs;
  };
  payment: {
    id: Generated<string>;
    contract_id: string;
    kind: 'milestone' | 'advance' | 'retention';
    milestone_id: string | null;
    guarantee_id: string | null;
    gross_amount: Num;
    retention_amount: NumDefault;
    advance_recovery_amount: NumDefault;
    net_amount: Num;
    currency: string;
    status: Generated<PaymentStatus>;
    requested_by: string | null;
    requested_at: GenTs;
    approved_by: string | null;
    approved_at: Timestamp | null;
    paid_on: string | null;
    paid_by: string | null;
    funding_source: FundingSource | null;
    pledge_id: string | null;
    reason: string | null;
  };
  /** What the platform paid out of each pledge, kept by payments.pay (migration 0610). */
  pledge_paid_total: {
    pledge_id: string;
    paid_net: NumDefault;
    payments: Generated<number>;
  };
  variation: {
    id: Generated<string>;
    contract_id: string;
    seq: number;
    value_change: NumDefault;
    new_period_end: string | null;
    scope: string | null;
    reason: string;
    documents: GenJson<{ title: string; sha256: string; documentType: string }[]>;
    cumulative_pct: Num;
    needs_second_approval: boolean;
    status: Generated<'pending' | 'approved' | 'rejected'>;
    created_by: string | null;
    created_at: GenTs;
    approved_by: string | null;
    approved_at: Timestamp | null;
  };
}

type Row<K extends keyof ContractsBaseTables> = { [C in keyof ContractsBaseTables[K]]: ContractsBaseTables[K][C] };

/** What other modules may read (views, migrations 0691_contract_read_surfaces.sql and 0692_project_contract_feed.sql): OCDS implementation, stats, feeds. */
export interface ContractsSurfaces {
  contract_execution_state: Row<'contract_execution'>;
  contract_milestone: Row<'milestone'>;
  paid_payment: Row<'payment'>;
  contract_variation: Row<'variation'>;
  contract_progress_report: Row<'progress_report'>;
  public_contract_document: {
    contract_id: string;
    id: string;
    title: string;
    media_type: string;
    document_type: string;
    created_at: Date;
    access_level: 'public';
    linked_at: Date;
  };
  /** 0692, the project feed: accepted milestones of the project's contracts. */
  public_project_milestone: { id: string; contract_id: string; project_id: string; title: LocalizedText; position: number; decided_at: Date; contract_title: LocalizedText };
  /** 0692, the project feed: when each of the project's contracts was completed. */
  public_project_contract_completion: { id: number; contract_id: string; project_id: string; completed_at: Date; contract_title: LocalizedText };
}

export interface ContractsTables extends ContractsBaseTables, ContractsSurfaces {
  // The tables and the views above, one name each (src/db/schema.ts joins this one).
}
