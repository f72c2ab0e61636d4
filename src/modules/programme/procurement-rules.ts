import type { FieldError } from '../../lib/errors.ts';

/**
 * Minimum tendering and enquiry periods (pure). A programme sets, per
 * procurement method and currency, value bands with the minimum number of
 * days a tender must stay open for bids and for questions, each citing its
 * legal source (e.g. "Law on Public Procurement, art. 25.2").
 *
 * The tendering period is measured from publication (the database clock when
 * it is published) to the bid deadline, and so is the enquiry period to its
 * end: a tender published late cannot lean on a start date in its draft.
 * At an amendment the same minimums hold from the original publication, so
 * an amendment cannot shorten a tender below the law, and a value raised into
 * a higher band brings that band's minimum.
 */
export interface PeriodRule {
  method: 'open' | 'selective' | 'limited';
  currency: string;
  minValue: number;
  minTenderDays: number;
  minEnquiryDays: number;
  legalSource: string;
}

export interface TenderTerms {
  method: string;
  currency: string | null;
  value: number | null;
}

/** The band a tender falls in: same method and currency, the highest start at or below its value. */
export function applicableRule(rules: PeriodRule[], t: TenderTerms): PeriodRule | undefined {
  const value = t.value ?? 0;
  return rules
    .filter((r) => r.method === t.method && (t.currency === null ? r.minValue === 0 : r.currency === t.currency) && r.minValue <= value)
    .sort((a, b) => b.minValue - a.minValue)[0];
}

const DAY = 86_400_000;

/** Field errors for periods shorter than the rule, measured from `from` (publication). */
export function periodViolations(rule: PeriodRule, p: { from: Date; tenderEnd: Date; enquiryEnd: Date }, fieldPrefix: string): FieldError[] {
  const errors: FieldError[] = [];
  const minEnd = new Date(p.from.getTime() + rule.minTenderDays * DAY);
  if (p.tenderEnd < minEnd) {
    errors.push({
      field: `${fieldPrefix}tenderEndDate`,
      message: `the tendering period must be at least ${rule.minTenderDays} days from publication (${rule.legalSource}): deadline ${minEnd.toISOString()} or later`,
    });
  }
  const minEnquiryEnd = new Date(p.from.getTime() + rule.minEnquiryDays * DAY);
  if (p.enquiryEnd < minEnquiryEnd) {
    errors.push({
      field: `${fieldPrefix}enquiryEndDate`,
      message: `the enquiry period must be at least ${rule.minEnquiryDays} days from publication (${rule.legalSource}): ${minEnquiryEnd.toISOString()} or later`,
    });
  }
  return errors;
}

/** The rule set itself must be sound: no two bands with the same start, enquiry no longer than tendering. */
export function ruleSetProblems(rules: PeriodRule[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    const k = `${r.method}|${r.currency}|${r.minValue}`;
    if (seen.has(k)) errors.push({ field: `/body/rules/${i}/minValue`, message: 'repeats a band of the same method and currency', code: 'duplicate_reference' });
    seen.add(k);
    if (r.minEnquiryDays > r.minTenderDays)
      errors.push({
        field: `/body/rules/${i}/minEnquiryDays`,
        message: 'the enquiry period cannot be longer than the tendering period',
        code: 'exceeds_count',
        params: { limit: r.minTenderDays },
      });
  });
  return errors;
}
