import type { Selectable } from 'kysely';
import type { ContractRow, MilestoneRow } from './repo.ts';
import { effectiveMilestoneStatus, round2 } from './rules.ts';
import type { ContractsTables } from './tables.ts';

/** Pure: rows → the API view of a contract (and its pieces). */
type T = ContractsTables;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const N = (v: unknown) => (v == null ? null : Number(v));

export function presentMilestone(
  m: MilestoneRow | (Selectable<T['milestone']> & { late?: boolean; days_late?: number }),
  outs: { milestone_id: string; project_output_id: string; quantity: number; metric: string; unit: string; project_id: string }[] = [],
  ceiling?: number,
) {
  return {
    id: m.id,
    contractId: m.contract_id,
    position: m.position,
    title: m.title,
    dueDate: m.due_date,
    sharePct: Number(m.share_pct),
    amount: ceiling === undefined ? null : round2((Number(m.share_pct) * ceiling) / 100),
    status: effectiveMilestoneStatus(m.status, !!m.late),
    storedStatus: m.status,
    daysLate: Number(m.days_late ?? 0),
    reason: m.reason,
    submittedAt: iso(m.submitted_at),
    decidedAt: iso(m.decided_at),
    outputs: outs
      .filter((o) => o.milestone_id === m.id)
      .map((o) => ({ projectOutputId: o.project_output_id, projectId: o.project_id, metric: o.metric, unit: o.unit, quantity: Number(o.quantity) })),
  };
}

export function presentPayment(p: Selectable<T['payment']>) {
  return {
    id: p.id,
    contractId: p.contract_id,
    kind: p.kind,
    milestoneId: p.milestone_id,
    guaranteeId: p.guarantee_id,
    gross: Number(p.gross_amount),
    retention: Number(p.retention_amount),
    advanceRecovery: Number(p.advance_recovery_amount),
    net: Number(p.net_amount),
    currency: p.currency,
    status: p.status,
    requestedBy: p.requested_by,
    requestedAt: iso(p.requested_at),
    approvedBy: p.approved_by,
    approvedAt: iso(p.approved_at),
    paidOn: p.paid_on,
    fundingSource: p.funding_source,
    pledgeId: p.pledge_id,
    reason: p.reason,
  };
}

export function presentVariation(v: Selectable<T['variation']>) {
  return {
    id: v.id,
    contractId: v.contract_id,
    seq: v.seq,
    valueChange: Number(v.value_change),
    newPeriodEnd: v.new_period_end,
    scope: v.scope,
    reason: v.reason,
    documents: v.documents,
    cumulativePct: Number(v.cumulative_pct),
    needsSecondApproval: v.needs_second_approval,
    status: v.status,
    createdBy: v.created_by,
    createdAt: iso(v.created_at),
    approvedBy: v.approved_by,
    approvedAt: iso(v.approved_at),
  };
}

interface Loaded {
  c: ContractRow;
  parts: {
    projects: { id: string; code: string; title: unknown; status: string; oc4ids_id: string }[];
    lots: { id: string; ref: string; title: unknown }[];
    documents: { id: string; title: string; sha256: string; media_type: string; document_type: string; created_at: Date }[];
    guarantees: Selectable<T['contract_guarantee']>[];
    history: Selectable<T['contract_history']>[];
  };
  ms: MilestoneRow[];
  outs: Parameters<typeof presentMilestone>[1];
  /** The outputs of the contract's projects: what a progress report may give quantities for. */
  projectOutputs: { id: string; project_id: string; metric: string; unit: string; planned: number; achieved: number | null }[];
  reports: Selectable<T['progress_report']>[];
  qty: Selectable<T['progress_quantity']>[];
  photos: {
    id: string;
    report_id: string;
    sha256: string;
    resized_sha256: string;
    size_bytes: number;
    width: number | null;
    height: number | null;
    taken_at: Date | null;
    location_status: string;
    distance_m: number | null;
    time_status: string;
    lat: number | null;
    lon: number | null;
  }[];
  pays: Selectable<T['payment']>[];
  vars: Selectable<T['variation']>[];
}

export function presentPhoto(p: Loaded['photos'][number]) {
  return {
    id: p.id,
    reportId: p.report_id,
    sha256: p.sha256,
    sizeBytes: Number(p.size_bytes),
    width: p.width,
    height: p.height,
    position: p.lat == null || p.lon == null ? null : { lat: Number(p.lat), lon: Number(p.lon) },
    takenAt: iso(p.taken_at),
    locationStatus: p.location_status,
    locationNote: p.location_status === 'not_verified' ? 'location not verified' : p.location_status === 'outside' ? 'taken outside the project site' : 'on site',
    distanceM: N(p.distance_m),
    timeStatus: p.time_status,
    url: `/api/v1/contracts/photos/${p.id}`,
    originalUrl: `/api/v1/contracts/photos/${p.id}?original=1`,
  };
}

export function presentReport(r: Selectable<T['progress_report']>, qty: { report_id: string; project_output_id: string; quantity: number }[], photos: Loaded['photos']) {
  return {
    id: r.id,
    contractId: r.contract_id,
    milestoneId: r.milestone_id,
    period: { startDate: r.period_start, endDate: r.period_end },
    narrative: r.narrative,
    status: r.status,
    reason: r.reason,
    submittedAt: iso(r.submitted_at),
    decidedAt: iso(r.decided_at),
    quantities: qty.filter((q) => q.report_id === r.id).map((q) => ({ projectOutputId: q.project_output_id, quantity: Number(q.quantity) })),
    photos: photos.filter((p) => p.report_id === r.id).map(presentPhoto),
  };
}

export function present(x: Loaded) {
  const { c } = x;
  const value = Number(c.value_amount);
  const approvedChange = x.vars.filter((v) => v.status === 'approved').reduce((s, v) => s + Number(v.value_change), 0);
  const ceiling = round2(value + approvedChange);
  const periodEnd =
    x.vars
      .filter((v) => v.status === 'approved' && v.new_period_end)
      .map((v) => v.new_period_end!)
      .pop() ?? c.period_end;
  const live = x.pays.filter((p) => p.status !== 'rejected');
  const sum = (ps: typeof live, f: (p: (typeof live)[number]) => number) => round2(ps.reduce((s, p) => s + f(p), 0));
  const paid = live.filter((p) => p.status === 'paid');
  return {
    id: c.id,
    ocid: c.ocid,
    tenderId: c.tender_id,
    awardId: c.award_id,
    title: c.title,
    status: c.status,
    parties: { buyer: { programmeId: c.programme_id }, supplier: { id: c.supplier_org_id, name: c.supplier_name, country: c.supplier_country } },
    supplier: { id: c.supplier_org_id, name: c.supplier_name, country: c.supplier_country },
    value: { amount: value, currency: c.value_currency },
    currentValue: { amount: ceiling, currency: c.value_currency },
    finalValue: c.final_value_amount == null ? null : { amount: Number(c.final_value_amount), currency: c.value_currency },
    signedAt: iso(c.signed_at),
    period: { startDate: c.period_start, endDate: periodEnd, originalEndDate: c.period_end },
    actualEndDate: c.actual_end,
    finalScope: c.final_scope,
    terminationReason: c.termination_reason,
    settings: { retentionPct: Number(c.retention_pct), variationThresholdPct: Number(c.variation_threshold_pct), siteToleranceM: Number(c.site_tolerance_m) },
    lots: x.parts.lots.map((l) => ({ id: l.id, ref: l.ref, title: l.title })),
    projects: x.parts.projects.map((p) => ({ id: p.id, code: p.code, title: p.title, status: p.status, oc4idsId: p.oc4ids_id })),
    outputs: x.projectOutputs.map((o) => ({ id: o.id, projectId: o.project_id, metric: o.metric, unit: o.unit, planned: Number(o.planned), achieved: N(o.achieved) })),
    documents: x.parts.documents.map((d) => ({
      id: d.id,
      title: d.title,
      sha256: d.sha256,
      mediaType: d.media_type,
      documentType: d.document_type,
      url: `/api/v1/documents/${d.id}/content`,
    })),
    guarantees: x.parts.guarantees.map((g) => ({ id: g.id, kind: g.kind, issuer: g.issuer, amount: Number(g.amount), currency: g.currency, expiresOn: g.expires_on })),
    history: x.parts.history.map((h) => ({ from: h.from_status, to: h.to_status, reason: h.reason, by: h.changed_by, at: iso(h.changed_at) })),
    milestones: x.ms.map((m) => presentMilestone(m, x.outs, ceiling)),
    progressReports: x.reports.map((r) => presentReport(r, x.qty, x.photos)),
    payments: x.pays.map(presentPayment),
    variations: x.vars.map(presentVariation),
    totals: {
      currency: c.value_currency,
      ceiling,
      requested: sum(live, (p) => Number(p.net_amount)),
      paid: sum(paid, (p) => Number(p.net_amount)),
      earned: sum(
        live.filter((p) => p.kind === 'milestone'),
        (p) => Number(p.gross_amount),
      ),
      retentionHeld: round2(
        sum(live, (p) => Number(p.retention_amount)) -
          sum(
            live.filter((p) => p.kind === 'retention'),
            (p) => Number(p.gross_amount),
          ),
      ),
      advanceOutstanding: round2(
        sum(
          live.filter((p) => p.kind === 'advance'),
          (p) => Number(p.gross_amount),
        ) - sum(live, (p) => Number(p.advance_recovery_amount)),
      ),
    },
  };
}
export type ContractView = ReturnType<typeof present>;
