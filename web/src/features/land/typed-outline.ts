/**
 * An outline typed or pasted instead of drawn (issue 12): one corner per
 * line, longitude then latitude, WGS 84 decimal degrees, separated by spaces
 * or a comma; or a pasted GeoJSON Polygon / MultiPolygon (bare or in a
 * Feature). Longitude first, as GeoJSON and the map's own drawing write it:
 * accepting both orders would guess wrong on points where both read as
 * valid. Pure, so it is tested directly; it never throws.
 */

export type Ring = [number, number][];
export type TypedGeometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** Why the text is not an outline; `line` is 1-based in the text as typed. */
export type OutlineProblem = { code: 'empty'; line: number } | { code: 'pair' | 'range' | 'geojson'; line: number } | { code: 'few'; line: number; count: number };

export type OutlineParse = { ok: true; geometry: TypedGeometry; corners: number } | ({ ok: false } & OutlineProblem);

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const inRange = (lon: number, lat: number) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
const same = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];

/** Corners to a closed ring: repeated neighbours dropped, the first corner repeated at the end. */
function close(corners: Ring): { ring: Ring; distinct: number } {
  const ring: Ring = [];
  for (const c of corners) if (!ring.length || !same(ring[ring.length - 1], c)) ring.push(c);
  if (ring.length > 1 && same(ring[0], ring[ring.length - 1])) ring.pop();
  const distinct = new Set(ring.map((c) => `${c[0]} ${c[1]}`)).size;
  return { ring: [...ring, ring[0]].filter(Boolean) as Ring, distinct };
}

export function parseOutline(text: string): OutlineParse {
  const lines = text.split(/\r\n|\r|\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return { ok: false, code: 'empty', line: 1 };
  return lines[first].trim().startsWith('{') ? fromGeoJson(text, first + 1) : fromLines(lines);
}

function fromLines(lines: string[]): OutlineParse {
  const corners: Ring = [];
  let last = 1;
  for (const [i, raw] of lines.entries()) {
    const parts = raw
      .trim()
      .split(/[\s,;]+/)
      .filter(Boolean);
    if (!parts.length) continue;
    const line = i + 1;
    last = line;
    if (parts.length !== 2 || !parts.every((p) => DECIMAL.test(p))) return { ok: false, code: 'pair', line };
    const [lon, lat] = parts.map(Number);
    if (!inRange(lon, lat)) return { ok: false, code: 'range', line };
    corners.push([lon, lat]);
  }
  const { ring, distinct } = close(corners);
  if (distinct < 3) return { ok: false, code: 'few', line: last, count: distinct };
  return { ok: true, geometry: { type: 'Polygon', coordinates: [ring] }, corners: distinct };
}

/** The line of a JSON syntax error, from the position V8 names in its message. */
function jsonErrorLine(text: string, e: unknown): number {
  const at = /position (\d+)/.exec(String((e as Error)?.message ?? ''));
  return at ? text.slice(0, Number(at[1])).split('\n').length : 1;
}

function fromGeoJson(text: string, line: number): OutlineParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, code: 'geojson', line: jsonErrorLine(text, e) };
  }
  const o = value as { type?: unknown; coordinates?: unknown; geometry?: unknown } | null;
  const g = (o?.type === 'Feature' ? o.geometry : o) as { type?: unknown; coordinates?: unknown } | null;
  const bad = { ok: false, code: 'geojson', line } as const;
  const polygons = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' && Array.isArray(g.coordinates) ? g.coordinates : null;
  if (!polygons?.length) return bad;
  const out: Ring[][] = [];
  let corners = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || !polygon.length) return bad;
    const rings: Ring[] = [];
    for (const r of polygon) {
      if (!Array.isArray(r)) return bad;
      const pts: Ring = [];
      for (const p of r) {
        if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) return bad;
        if (!inRange(p[0], p[1])) return { ok: false, code: 'range', line };
        pts.push([p[0], p[1]]);
      }
      const { ring, distinct } = close(pts);
      if (distinct < 3) return { ok: false, code: 'few', line, count: distinct };
      rings.push(ring);
      corners += distinct;
    }
    out.push(rings);
  }
  const geometry: TypedGeometry = g?.type === 'Polygon' ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
  return { ok: true, geometry, corners };
}
