/**
 * Land figures, the pure part.
 *
 * Why grid cells: the figures are unions of many polygons, and a union of
 * 50,000 polygons takes seconds. The territory is cut into pieces — each
 * district clipped to a CELL_DEG × CELL_DEG grid cell — whose figures are
 * cached per month. Pieces do not overlap, so the programme's figures are
 * plain sums, and one new release recomputes only the few cells it touches.
 *
 * Overlaps within a piece are removed by union before measuring; where
 * releases of different kinds overlap, the land counts once, under the
 * strongest method (cleared > reduced > cancelled).
 */
export const CELL_DEG = 0.05;
/** "Recompute everything in this cell" marker for land_dirty_cell.from_month. */
export const FROM_THE_START = '1900-01-01';

export interface Figures {
  hazardousKm2: number;
  cancelledKm2: number;
  reducedKm2: number;
  clearedKm2: number;
}

export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export interface CellRow extends Figures {
  districtId: string;
  month: string;
}

export interface CellRowWithDelta extends CellRow {
  d: Figures;
}

const ZERO: Figures = { hazardousKm2: 0, cancelledKm2: 0, reducedKm2: 0, clearedKm2: 0 };

/**
 * Each row's change since the previous row of the same piece (or since the
 * last row kept before the recomputed months, or zero).
 */
export function withDeltas(rows: CellRow[], previous: Map<string, Figures>): CellRowWithDelta[] {
  const sorted = [...rows].sort((a, b) => a.districtId.localeCompare(b.districtId) || a.month.localeCompare(b.month));
  const last = new Map(previous);
  return sorted.map((r) => {
    const p = last.get(r.districtId) ?? ZERO;
    last.set(r.districtId, r);
    return {
      ...r,
      d: {
        hazardousKm2: r.hazardousKm2 - p.hazardousKm2,
        cancelledKm2: r.cancelledKm2 - p.cancelledKm2,
        reducedKm2: r.reducedKm2 - p.reducedKm2,
        clearedKm2: r.clearedKm2 - p.clearedKm2,
      },
    };
  });
}

/** Months from `from` to `to` inclusive, first days, as YYYY-MM-01. */
export function monthRange(from: string, to: string, max = 600): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (let i = 0; i < max; i++) {
    const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (s > end) break;
    out.push(`${s}-01`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** km² to the square metre (6 decimals): a 20 m² plot is 0.00002 km², not 0. */
export const roundKm2 = (n: number) => Math.round(n * 1e6) / 1e6;
