import type { Executor } from '../../db/index.ts';
import { round2 } from './rules.ts';

/**
 * OC4IDS contracting-process summaries from contract execution, for the
 * projects module's OC4IDS mapping (src/modules/projects/oc4ids.ts): per
 * project, per OCID — contract value, final value, modifications (approved
 * variations), transactions (paid payments) and milestones.
 */
type J = Record<string, unknown>;
const day = (d: string | null | undefined) => (d ? `${d.slice(0, 10)}T00:00:00Z` : undefined);
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : undefined);
const MS: Record<string, string> = { scheduled: 'scheduled', submitted: 'scheduled', accepted: 'met', rejected: 'notMet' };
const clean = (o: J) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));

export interface SupplierParty {
  id: string;
  name: string;
  country: string;
}

export async function summariesForProjects(ex: Executor, projectIds: string[]): Promise<Map<string, Map<string, { summary: J; supplier: SupplierParty }>>> {
  const out = new Map<string, Map<string, { summary: J; supplier: SupplierParty }>>();
  if (!projectIds.length) return out;
  const cs = await ex
    .selectFrom('contract_project as cp')
    .innerJoin('signed_contract as c', 'c.id', 'cp.contract_id')
    .innerJoin('contract_execution as e', 'e.contract_id', 'c.id')
    .innerJoin('tender_summary as t', 't.id', 'c.tender_id')
    .innerJoin('organisation_party as o', 'o.id', 'c.supplier_org_id')
    .select([
      'cp.project_id',
      'c.id',
      'c.title',
      'c.value_amount',
      'c.value_currency',
      'c.period_start',
      'c.period_end',
      't.ocid',
      'e.status',
      'e.final_value_amount',
      'o.name',
      'o.country',
      'o.identifier_scheme',
      'o.identifier_id',
    ])
    .where('cp.project_id', 'in', projectIds)
    .orderBy('c.signed_at')
    .execute();
  if (!cs.length) return out;
  const ids = [...new Set(cs.map((c) => c.id))];
  const [vars, pays, ms] = await Promise.all([
    ex.selectFrom('variation').selectAll().where('contract_id', 'in', ids).where('status', '=', 'approved').orderBy('seq').execute(),
    ex.selectFrom('payment').selectAll().where('contract_id', 'in', ids).where('status', '=', 'paid').orderBy('paid_on').orderBy('id').execute(),
    ex.selectFrom('milestone').selectAll().where('contract_id', 'in', ids).orderBy('position').execute(),
  ]);
  for (const c of cs) {
    const cur = c.value_currency.trim();
    const supplier = { id: `${c.identifier_scheme}-${c.identifier_id}`, name: c.name, country: c.country };
    let value = Number(c.value_amount);
    let end = c.period_end;
    const modifications = vars
      .filter((v) => v.contract_id === c.id)
      .map((v) => {
        const oldValue = value;
        const oldEnd = end;
        value = round2(value + Number(v.value_change));
        if (v.new_period_end) end = v.new_period_end;
        const type = Number(v.value_change) ? 'value' : v.new_period_end ? 'duration' : 'scope';
        return clean({
          id: v.id,
          date: iso(v.approved_at ?? v.created_at),
          description: v.scope ?? `Variation ${v.seq}`,
          rationale: v.reason,
          type,
          oldContractValue: { amount: oldValue, currency: cur },
          newContractValue: { amount: value, currency: cur },
          oldContractPeriod: { startDate: day(c.period_start), endDate: day(oldEnd) },
          newContractPeriod: { startDate: day(c.period_start), endDate: day(end) },
        });
      });
    const summary = clean({
      ocid: c.ocid,
      nature: ['construction'],
      title: (c.title as Record<string, string>).en ?? Object.values(c.title as Record<string, string>)[0],
      status: c.status === 'completed' || c.status === 'terminated' ? 'closed' : 'implementation',
      suppliers: [{ id: supplier.id, name: supplier.name }],
      contractValue: { amount: Number(c.value_amount), currency: cur },
      contractPeriod: { startDate: day(c.period_start), endDate: day(end) },
      finalValue: c.final_value_amount == null ? undefined : { amount: Number(c.final_value_amount), currency: cur },
      modifications,
      transactions: pays
        .filter((p) => p.contract_id === c.id)
        .map((p) => ({ id: p.id, date: day(p.paid_on), value: { amount: Number(p.net_amount), currency: p.currency.trim() }, payee: { id: supplier.id, name: supplier.name } })),
      milestones: ms
        .filter((m) => m.contract_id === c.id)
        .map((m) =>
          clean({
            id: m.id,
            title: (m.title as Record<string, string>).en ?? Object.values(m.title as Record<string, string>)[0],
            type: 'delivery',
            dueDate: day(m.due_date),
            dateMet: m.status === 'accepted' ? iso(m.decided_at) : undefined,
            status: MS[m.status] ?? 'scheduled',
          }),
        ),
    });
    const perProject = out.get(c.project_id) ?? new Map();
    perProject.set(c.ocid, { summary, supplier });
    out.set(c.project_id, perProject);
  }
  return out;
}
