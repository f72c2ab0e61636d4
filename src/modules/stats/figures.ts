/** Pure arithmetic for the dashboard figures. */

export function bidHistogram(counts: number[]) {
  const byBids = new Map<number, number>();
  for (const c of counts) byBids.set(c, (byBids.get(c) ?? 0) + 1);
  const histogram = [...byBids.entries()].sort((a, b) => a[0] - b[0]).map(([bids, tenders]) => ({ bids, tenders }));
  const averageBidsPerTender = counts.length ? Math.round((counts.reduce((s, c) => s + c, 0) / counts.length) * 10) / 10 : null;
  return { openedTenders: counts.length, averageBidsPerTender, histogram };
}

/** The headline amount: in the programme's main currency; never a sum across currencies. */
export function headline(rows: { currency: string; amount: number }[], currencies: string[]) {
  const main = currencies.find((c) => rows.some((r) => r.currency === c)) ?? rows[0]?.currency;
  const row = rows.find((r) => r.currency === main);
  return row ? { amount: row.amount, currency: row.currency } : null;
}

export interface Money {
  currency: string;
  amount: number;
}

/** Rows of (key, currency, amount) → per key, a list of amounts by currency (sorted by currency; never summed across currencies). */
export function moneyByKey<T extends { currency: string | null; amount: number | null }>(rows: T[], key: (r: T) => string): Map<string, Money[]> {
  const out = new Map<string, Money[]>();
  for (const r of rows) {
    if (r.currency === null || r.amount === null) continue;
    const list = out.get(key(r)) ?? [];
    const same = list.find((m) => m.currency === r.currency);
    if (same) same.amount = Math.round((same.amount + r.amount) * 100) / 100;
    else list.push({ currency: r.currency, amount: Math.round(r.amount * 100) / 100 });
    out.set(key(r), list);
  }
  for (const list of out.values()) list.sort((a, b) => a.currency.localeCompare(b.currency));
  return out;
}
