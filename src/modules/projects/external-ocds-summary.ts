/**
 * What a project page and the OC4IDS package show of a contracting process
 * published elsewhere, read from its compiled OCDS release. Pure; tolerant
 * of any shape (the compiled release is another publisher's data).
 */
type J = Record<string, unknown>;
const obj = (x: unknown): J | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as J) : undefined);
const objs = (x: unknown): J[] => (Array.isArray(x) ? x.map(obj).filter((o): o is J => !!o) : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);
const money = (x: unknown) => {
  const v = obj(x);
  return v && typeof v.amount === 'number' && typeof v.currency === 'string' ? { amount: v.amount, currency: v.currency } : null;
};

export interface ExternalProcessSummary {
  ocid: string;
  title: string | null;
  description: string | null;
  /** OC4IDS contractingProcessStatus. */
  status: 'pre-award' | 'active' | 'closed';
  buyer: string | null;
  procurementMethod: string | null;
  tenderValue: { amount: number; currency: string } | null;
  numberOfTenderers: number | null;
  suppliers: { id: string; name: string }[];
  contractValue: { amount: number; currency: string } | null;
  contractPeriod: { startDate: string | null; endDate: string | null } | null;
  publisher: string | null;
  releaseCount: number;
  lastDate: string | null;
}

const CLOSED_TENDER = new Set(['cancelled', 'unsuccessful', 'withdrawn']);
const ENDED_CONTRACT = new Set(['cancelled', 'terminated']);

function status(c: J): ExternalProcessSummary['status'] {
  const contracts = objs(c.contracts);
  if (contracts.length && contracts.every((k) => ENDED_CONTRACT.has(String(k.status)))) return 'closed';
  if (contracts.length || objs(c.awards).some((a) => a.status === 'active')) return 'active';
  if (CLOSED_TENDER.has(String(obj(c.tender)?.status))) return 'closed';
  return 'pre-award';
}

export function summarise(compiled: J, meta: { ocid: string; publisher: unknown; releaseCount: number; lastDate: string | null }): ExternalProcessSummary {
  const tender = obj(compiled.tender);
  const parties = new Map(objs(compiled.parties).map((p) => [String(p.id), p]));
  const suppliers = new Map<string, { id: string; name: string }>();
  for (const a of objs(compiled.awards)) {
    if (a.status === 'cancelled' || a.status === 'unsuccessful') continue;
    for (const s of objs(a.suppliers)) {
      const id = str(s.id) ?? (typeof s.id === 'number' ? String(s.id) : undefined);
      const name = str(s.name) ?? str(parties.get(String(s.id))?.name);
      if (id && name) suppliers.set(id, { id, name });
    }
  }
  const contracts = objs(compiled.contracts).filter((k) => !ENDED_CONTRACT.has(String(k.status)));
  const values = contracts.map((k) => money(k.value)).filter((v): v is { amount: number; currency: string } => !!v);
  const oneCurrency = values.length > 0 && values.every((v) => v.currency === values[0].currency);
  const periods = contracts.map((k) => obj(k.period)).filter((p): p is J => !!p);
  const starts = periods
    .map((p) => str(p.startDate))
    .filter((x): x is string => !!x)
    .sort();
  const ends = periods
    .map((p) => str(p.endDate))
    .filter((x): x is string => !!x)
    .sort();
  return {
    ocid: meta.ocid,
    title: str(tender?.title) ?? null,
    description: str(tender?.description) ?? null,
    status: status(compiled),
    buyer: str(obj(compiled.buyer)?.name) ?? str(parties.get(String(obj(compiled.buyer)?.id))?.name) ?? null,
    procurementMethod: str(tender?.procurementMethod) ?? null,
    tenderValue: money(tender?.value),
    numberOfTenderers: typeof tender?.numberOfTenderers === 'number' ? tender.numberOfTenderers : null,
    suppliers: [...suppliers.values()],
    contractValue: oneCurrency ? { amount: Math.round(values.reduce((a, v) => a + v.amount, 0) * 100) / 100, currency: values[0].currency } : null,
    contractPeriod: starts.length || ends.length ? { startDate: starts[0] ?? null, endDate: ends[ends.length - 1] ?? null } : null,
    publisher: str(obj(meta.publisher)?.name) ?? null,
    releaseCount: meta.releaseCount,
    lastDate: meta.lastDate,
  };
}

const METHODS = new Set(['open', 'selective', 'limited', 'direct']);
const isDateTime = (s: string | null) => !!s && !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s);

/** The OC4IDS contractingProcesses entry (summary only, fields the OC4IDS schema accepts). */
export function toContractingProcess(s: ExternalProcessSummary): J {
  const tender: J = {};
  if (s.procurementMethod && METHODS.has(s.procurementMethod)) tender.procurementMethod = s.procurementMethod;
  if (s.tenderValue) tender.costEstimate = s.tenderValue;
  if (s.numberOfTenderers !== null) tender.numberOfTenderers = s.numberOfTenderers;
  const period: J = {};
  if (isDateTime(s.contractPeriod?.startDate ?? null)) period.startDate = s.contractPeriod!.startDate;
  if (isDateTime(s.contractPeriod?.endDate ?? null)) period.endDate = s.contractPeriod!.endDate;
  const summary: J = { ocid: s.ocid, status: s.status };
  if (s.title) summary.title = s.title;
  if (s.description) summary.description = s.description;
  if (Object.keys(tender).length) summary.tender = tender;
  if (s.suppliers.length) summary.suppliers = s.suppliers;
  if (s.contractValue) summary.contractValue = s.contractValue;
  if (Object.keys(period).length) summary.contractPeriod = period;
  return { id: s.ocid, summary };
}
