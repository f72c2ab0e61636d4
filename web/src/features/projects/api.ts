import { num, str } from '../../app/ui.tsx';

/** The fields the portal shows from a project, whichever way the API names them. */
export function projectSummary(p: Record<string, unknown>) {
  const sector = Array.isArray(p.sector) ? (p.sector as string[]) : typeof p.sector === 'string' ? [p.sector] : [];
  return {
    id: str(p, 'id') ?? '',
    code: str(p, 'code', 'oc4idsId', 'identifier'),
    title: p.title,
    description: p.description,
    sector,
    status: str(p, 'status') ?? '',
    budget: num(p, 'budget.amount', 'budget.amount.amount', 'budgetAmount'),
    currency: str(p, 'budget.currency', 'budget.amount.currency', 'budgetCurrency') ?? 'AZN',
    district: (p.district as { name?: unknown; code?: string; id?: string } | undefined) ?? null,
    districtName: p.districtName,
  };
}
