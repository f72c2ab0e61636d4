/**
 * Red flags, computed from the data (never typed in). Pure: each flag has a
 * written definition, its source, the threshold it uses, and a test over the
 * facts that flags.repo.ts gathers per contract. Sources:
 * - OCP 2016: Open Contracting Partnership, "Red flags for integrity: giving the green light to open data solutions" (2016).
 * - OCP 2024: Open Contracting Partnership, "Red flags in public procurement: a guide to using data to detect and mitigate risks" (2024).
 * - OECD 2016: OECD, "Preventing Corruption in Public Procurement" (2016).
 * - WB 2013: World Bank Integrity Vice Presidency, "Fraud and Corruption Awareness Handbook" / "Most common red flags of fraud and corruption in procurement" (2013).
 */
export interface Facts {
  contract_id: string;
  ocid: string;
  tender_id: string;
  supplier_org_id: string;
  currency: string;
  valid_bids: number;
  tender_days: number;
  award_value: number;
  tender_estimate: number | null;
  cumulative_variation_pct: number;
  payments_before_acceptance: number;
  max_days_late: number;
  award_to_signature_days: number;
  supplier_share_pct: number;
  buyer_contracts: number;
  supplier_age_days: number | null;
  abnormally_low_winner: boolean;
  upheld_complaints: number;
  late_material_amendments: number;
  photos_outside: number;
  days_overrun: number;
}

export const THRESHOLDS = {
  minTenderDays: 30,
  awardAboveEstimatePct: 10,
  variationPct: 15,
  lateMilestoneDays: 30,
  signatureDelayDays: 60,
  supplierSharePct: 50,
  supplierMinContracts: 3,
  newSupplierDays: 180,
  amendmentNearDeadlineDays: 7,
  overrunDays: 30,
};

export interface FlagDefinition {
  code: string;
  stage: 'tender' | 'award' | 'contract' | 'implementation';
  title: string;
  definition: string;
  source: string;
  threshold: string | null;
  test: (f: Facts) => string | null;
}

const T = THRESHOLDS;
const pct = (n: number) => `${Math.round(n * 10) / 10}%`;

export const FLAGS: FlagDefinition[] = [
  {
    code: 'single_bid',
    stage: 'tender',
    title: 'Only one bid',
    definition: 'The competitive tender that led to the contract received one valid bid.',
    source: 'OCP 2016 (indicator: single bid received); OECD 2016; WB 2013',
    threshold: '1 valid bid',
    test: (f) => (f.valid_bids === 1 ? 'one valid bid' : null),
  },
  {
    code: 'short_tender_period',
    stage: 'tender',
    title: 'Short bidding period',
    definition: 'The time between the start of the tender period and the bid deadline is shorter than the programme minimum.',
    source: 'OCP 2016 (short time for bid submission); OCP 2024',
    threshold: `${T.minTenderDays} days`,
    test: (f) => (f.tender_days < T.minTenderDays ? `${Math.round(f.tender_days)} days to bid` : null),
  },
  {
    code: 'award_above_estimate',
    stage: 'award',
    title: 'Award above the estimate',
    definition: 'The awarded value exceeds the tender’s estimated value by more than the threshold.',
    source: 'OCP 2016 (contract value higher than estimated); WB 2013',
    threshold: `${T.awardAboveEstimatePct}%`,
    test: (f) =>
      f.tender_estimate && f.award_value > f.tender_estimate * (1 + T.awardAboveEstimatePct / 100)
        ? `award ${pct((f.award_value / f.tender_estimate - 1) * 100)} above the estimate`
        : null,
  },
  {
    code: 'abnormally_low_winner',
    stage: 'award',
    title: 'Abnormally low winning bid',
    definition: 'The winning price was marked abnormally low at the opening (under 80% of the median of the other valid prices, with at least three bids).',
    source: 'OCP 2024 (abnormally low bids); OECD 2016',
    threshold: '80% of the median of the other prices',
    test: (f) => (f.abnormally_low_winner ? 'winning price abnormally low' : null),
  },
  {
    code: 'upheld_complaint',
    stage: 'award',
    title: 'Complaint upheld',
    definition: 'A complaint about the award of this tender was upheld by the review body.',
    source: 'OCP 2016 (complaints upheld); OCP 2024',
    threshold: null,
    test: (f) => (f.upheld_complaints > 0 ? `${f.upheld_complaints} complaint(s) upheld` : null),
  },
  {
    code: 'late_material_amendment',
    stage: 'tender',
    title: 'Material amendment close to the deadline',
    definition: 'The tender was materially amended within the last days before the bid deadline.',
    source: 'OCP 2016 (tender amended shortly before deadline); WB 2013',
    threshold: `${T.amendmentNearDeadlineDays} days`,
    test: (f) => (f.late_material_amendments > 0 ? `${f.late_material_amendments} material amendment(s) near the deadline` : null),
  },
  {
    code: 'new_supplier',
    stage: 'award',
    title: 'Winner registered shortly before the tender',
    definition: 'The supplier was registered on the platform shortly before the tender was published.',
    source: 'OCP 2016 (supplier recently established); WB 2013 (newly formed companies)',
    threshold: `${T.newSupplierDays} days`,
    test: (f) =>
      f.supplier_age_days !== null && f.supplier_age_days < T.newSupplierDays ? `registered ${Math.max(0, Math.round(f.supplier_age_days))} days before the tender` : null,
  },
  {
    code: 'supplier_concentration',
    stage: 'award',
    title: 'One supplier wins a large share of the buyer’s contracts',
    definition: 'The supplier holds more than the threshold of the value of the buyer’s contracts in this currency (buyers with at least three contracts).',
    source: 'OCP 2016 (supplier receives a high share of buyer’s contracts); OECD 2016',
    threshold: `${T.supplierSharePct}% of value, ≥ ${T.supplierMinContracts} contracts`,
    test: (f) => (f.buyer_contracts >= T.supplierMinContracts && f.supplier_share_pct > T.supplierSharePct ? `${pct(f.supplier_share_pct)} of the buyer’s contract value` : null),
  },
  {
    code: 'slow_signature',
    stage: 'contract',
    title: 'Long delay between award and signature',
    definition: 'The contract was signed long after the award decision.',
    source: 'OCP 2016 (long time between award and contract signature)',
    threshold: `${T.signatureDelayDays} days`,
    test: (f) => (f.award_to_signature_days > T.signatureDelayDays ? `signed ${Math.round(f.award_to_signature_days)} days after the award` : null),
  },
  {
    code: 'variations_above_threshold',
    stage: 'implementation',
    title: 'Cumulative variations above the threshold',
    definition: 'The value changes of the contract’s variations add up to more than the threshold of the original value.',
    source: 'OCP 2016 (contract amendments increase value significantly); WB 2013 (change orders)',
    threshold: `${T.variationPct}%`,
    test: (f) => (f.cumulative_variation_pct > T.variationPct ? `variations total ${pct(f.cumulative_variation_pct)} of the value` : null),
  },
  {
    code: 'payment_before_acceptance',
    stage: 'implementation',
    title: 'Payment before acceptance',
    definition: 'A milestone payment was paid before the milestone was accepted (or the milestone is not accepted).',
    source: 'WB 2013 (payments without proof of delivery); OECD 2016',
    threshold: null,
    test: (f) => (f.payments_before_acceptance > 0 ? `${f.payments_before_acceptance} payment(s) before acceptance` : null),
  },
  {
    code: 'late_milestone',
    stage: 'implementation',
    title: 'Milestone late',
    definition: 'A milestone is unaccepted past its due date by more than the threshold.',
    source: 'OCP 2024 (implementation delays); WB 2013',
    threshold: `${T.lateMilestoneDays} days`,
    test: (f) => (f.max_days_late > T.lateMilestoneDays ? `a milestone ${f.max_days_late} days late` : null),
  },
  {
    code: 'photo_off_site',
    stage: 'implementation',
    title: 'Progress photo taken off site',
    definition: 'A progress photo’s GPS position lies outside the project site (beyond the contract’s tolerance).',
    source: 'OCP 2024 (verification of delivery); WB 2013 (inadequate evidence of work)',
    threshold: 'the contract’s site tolerance (default 250 m)',
    test: (f) => (f.photos_outside > 0 ? `${f.photos_outside} photo(s) outside the site` : null),
  },
  {
    code: 'completion_overrun',
    stage: 'implementation',
    title: 'Completion long after the contract period',
    definition: 'The works ended (or are still open) more than the threshold after the end of the contract period, including approved extensions.',
    source: 'OCP 2024 (time overruns); OECD 2016',
    threshold: `${T.overrunDays} days`,
    test: (f) => (f.days_overrun > T.overrunDays ? `${f.days_overrun} days past the period` : null),
  },
];

export function flagsOf(f: Facts) {
  return FLAGS.map((d) => ({ d, why: d.test(f) }))
    .filter((x) => x.why !== null)
    .map(({ d, why }) => ({
      code: d.code,
      stage: d.stage,
      title: d.title,
      detail: why!,
      source: d.source,
      threshold: d.threshold,
      contractId: f.contract_id,
      ocid: f.ocid,
      tenderId: f.tender_id,
      supplierOrgId: f.supplier_org_id,
    }));
}
export type RedFlag = ReturnType<typeof flagsOf>[number];

const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"` : s;
};
export function toCsv(flags: RedFlag[]): string {
  const cols = ['code', 'stage', 'title', 'detail', 'threshold', 'source', 'contractId', 'ocid', 'tenderId', 'supplierOrgId'] as const;
  return [cols.join(','), ...flags.map((f) => cols.map((c) => csvCell(f[c])).join(','))].join('\r\n') + '\r\n';
}
