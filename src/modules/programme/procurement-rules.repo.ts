import type { Executor } from '../../db/index.ts';
import type { PeriodRule } from './procurement-rules.ts';

export async function rules(ex: Executor, programmeId: string): Promise<PeriodRule[]> {
  const rows = await ex
    .selectFrom('procurement_period_rule')
    .select(['method', 'currency', 'min_value', 'min_tender_days', 'min_enquiry_days', 'legal_source'])
    .where('programme_id', '=', programmeId)
    .orderBy('method')
    .orderBy('currency')
    .orderBy('min_value')
    .execute();
  return rows.map((r) => ({
    method: r.method,
    currency: r.currency,
    minValue: Number(r.min_value),
    minTenderDays: r.min_tender_days,
    minEnquiryDays: r.min_enquiry_days,
    legalSource: r.legal_source,
  }));
}

/** Replace the whole rule set (it is edited as one table). */
export async function replaceRules(ex: Executor, programmeId: string, list: PeriodRule[]): Promise<void> {
  await ex.deleteFrom('procurement_period_rule').where('programme_id', '=', programmeId).execute();
  if (list.length === 0) return;
  await ex
    .insertInto('procurement_period_rule')
    .values(
      list.map((r) => ({
        programme_id: programmeId,
        method: r.method,
        currency: r.currency,
        min_value: r.minValue,
        min_tender_days: r.minTenderDays,
        min_enquiry_days: r.minEnquiryDays,
        legal_source: r.legalSource,
      })),
    )
    .execute();
}
