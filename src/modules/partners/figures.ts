import type { YearSectorRow, YearSectorValueRow } from './country-view.repo.ts';

export interface YearSectorFigure {
  year: number;
  sector: string | null;
  count: number;
  /** One total per currency: amounts in different currencies are never added together. */
  value: { currency: string; amount: number }[];
}

/** Join counts and per-currency values on (year, sector); also the totals over all years and sectors. */
export function byYearAndSector(counts: YearSectorRow[], values: YearSectorValueRow[]) {
  const key = (r: { year: number; sector: string | null }) => `${r.year}|${r.sector ?? ''}`;
  const rows = new Map<string, YearSectorFigure>();
  for (const c of counts) rows.set(key(c), { year: c.year, sector: c.sector, count: c.count, value: [] });
  for (const v of values) {
    const row = rows.get(key(v)) ?? { year: v.year, sector: v.sector, count: 0, value: [] };
    row.value.push({ currency: v.currency, amount: v.amount });
    rows.set(key(v), row);
  }
  const byYearSector = [...rows.values()].sort((a, b) => a.year - b.year || (a.sector ?? '~').localeCompare(b.sector ?? '~'));
  const total = new Map<string, number>();
  for (const v of values) total.set(v.currency, Math.round(((total.get(v.currency) ?? 0) + v.amount) * 100) / 100);
  return {
    count: counts.reduce((n, c) => n + c.count, 0),
    value: [...total.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount })),
    byYearSector,
  };
}
