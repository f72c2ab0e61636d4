/**
 * Pure checks on GeoJSON (RFC 7946) before anything reaches the database:
 * shape, coordinate ranges, closed rings, declared CRS. Validity in the OGC
 * sense (self-intersection) is judged by PostGIS in the repository, because
 * only it gives the same answer the figures will later rely on.
 */
import type { FieldError } from '../../lib/errors.ts';

export type Position = number[];
export interface PolygonGeom {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeom {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export interface MultiPolygonFeature {
  /** Where the feature came from, for error messages: `features[3]` or `features[3] (id HA-12)`. */
  label: string;
  properties: Record<string, unknown>;
  geometry: MultiPolygonGeom;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkRing(ring: unknown, where: string): string | null {
  if (!Array.isArray(ring)) return `${where} is not an array of positions`;
  if (ring.length === 0) return `${where} is empty`;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    // A third (altitude) or fourth (measure) value is allowed and dropped: Google Earth writes altitudes everywhere.
    if (!Array.isArray(p) || p.length < 2 || p.length > 4 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      return `${where}[${i}] is not a position [longitude, latitude]`;
    }
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
      const projected = Math.abs(p[0]) > 1000 || Math.abs(p[1]) > 1000;
      return `${where}[${i}] = [${p[0]}, ${p[1]}] is outside longitude −180…180 / latitude −90…90${projected ? ' (it looks like projected metres: declare the coordinate system, e.g. crs EPSG:32638)' : ''}`;
    }
  }
  if (ring.length < 4) return `${where} has ${ring.length} positions; a ring needs at least 4`;
  const a = ring[0] as number[];
  const b = ring[ring.length - 1] as number[];
  if (a[0] !== b[0] || a[1] !== b[1]) return `${where} is not closed (its first and last positions differ)`;
  return null;
}

function checkPolygonCoords(coords: unknown, where: string): string | null {
  if (!Array.isArray(coords) || coords.length === 0) return `${where} is empty`;
  for (let r = 0; r < coords.length; r++) {
    const e = checkRing(coords[r], `${where}[${r}]`);
    if (e) return e;
  }
  return null;
}

const flat = (poly: Position[][]) => poly.map((ring) => ring.map((p) => (p.length === 2 ? p : [p[0], p[1]])));

/** Polygon or MultiPolygon, well-formed; returned as a 2-D MultiPolygon. */
export function toMultiPolygon(geometry: unknown): { geometry?: MultiPolygonGeom; error?: string } {
  if (!isObj(geometry)) return { error: 'has no geometry' };
  if (geometry.type === 'Polygon') {
    const e = checkPolygonCoords(geometry.coordinates, 'coordinates');
    return e ? { error: e } : { geometry: { type: 'MultiPolygon', coordinates: [flat(geometry.coordinates as Position[][])] } };
  }
  if (geometry.type === 'MultiPolygon') {
    const c = geometry.coordinates;
    if (!Array.isArray(c) || c.length === 0) return { error: 'is an empty MultiPolygon' };
    for (let i = 0; i < c.length; i++) {
      const e = checkPolygonCoords(c[i], `coordinates[${i}]`);
      if (e) return { error: e };
    }
    return { geometry: { type: 'MultiPolygon', coordinates: (c as Position[][][]).map(flat) } };
  }
  return { error: `is a ${String(geometry.type)}; only Polygon and MultiPolygon are accepted` };
}

export function featureLabel(index: number, f: unknown): string {
  const p = isObj(f) && isObj(f.properties) ? f.properties : {};
  const id = (isObj(f) ? f.id : undefined) ?? p.reference ?? p.code ?? p.REFERENCE ?? p.CODE;
  if (id === undefined || id === null || id === '') return `features[${index}]`;
  // The id is the file's text: control characters escaped (a field name is one printable line) and the length bounded.
  const shown = JSON.stringify(String(id)).slice(1, -1);
  return `features[${index}] (id ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown})`;
}

/** Whether `c` stands in a string under `v` (a value or, for objects, a key). */
const holds = (v: unknown, c: string): boolean =>
  typeof v === 'string' ? v.includes(c) : Array.isArray(v) ? v.some((x) => holds(x, c)) : isObj(v) ? Object.entries(v).some(([k, x]) => k.includes(c) || holds(x, c)) : false;

/**
 * One feature of a file → a polygon feature, or the problems with it, each
 * naming the feature. Attributes holding U+FFFD are refused: that character
 * is what a wrong decoding leaves behind, and it must never be stored; so are
 * attributes holding U+0000, which PostgreSQL cannot store.
 */
export function readFeature(index: number, f: unknown): { feature?: MultiPolygonFeature; errors: FieldError[] } {
  const label = featureLabel(index, f);
  if (!isObj(f) || f.type !== 'Feature') return { errors: [{ field: label, message: 'is not a GeoJSON Feature' }] };
  const errors: FieldError[] = [];
  const properties = isObj(f.properties) ? f.properties : {};
  for (const [k, v] of Object.entries(properties)) {
    // The field is named as the file spells it, control characters escaped (a field name is one printable line).
    const field = `${label}.properties.${JSON.stringify(k).slice(1, -1)}`;
    if (holds(v, '\uFFFD')) errors.push({ field, message: 'holds U+FFFD replacement characters: the file was saved or decoded with the wrong text encoding' });
    // PostgreSQL text cannot hold U+0000: refused here, naming the attribute, instead of failing the insert.
    if (k.includes('\u0000') || holds(v, '\u0000')) errors.push({ field, message: 'contains a NUL character (U+0000), which cannot be stored' });
  }
  const g = toMultiPolygon(f.geometry);
  if (g.error) errors.push({ field: `${label}.geometry`, message: g.error });
  return errors.length ? { errors } : { feature: { label, properties, geometry: g.geometry! }, errors };
}

/** Parse a geometry given by a caller (the safety gate): any GeoJSON geometry type, checked for shape and ranges. */
export function readAnyGeometry(text: string): { geometry?: Record<string, unknown>; error?: string } {
  let g: unknown;
  try {
    g = JSON.parse(text);
  } catch {
    return { error: 'is not valid JSON' };
  }
  if (!isObj(g)) return { error: 'is not a GeoJSON geometry object' };
  if (g.type === 'Feature') g = g.geometry;
  if (!isObj(g)) return { error: 'has no geometry' };
  const t = g.type;
  const c = g.coordinates;
  const pos = (p: unknown, w: string) => checkRing([p, p, p, p], w);
  let err: string | null = null;
  if (t === 'Point') err = pos(c, 'coordinates');
  else if (t === 'LineString' || t === 'MultiPoint')
    err = Array.isArray(c) && c.length > 0 ? (c.map((p, i) => pos(p, `coordinates[${i}]`)).find(Boolean) ?? null) : 'coordinates is empty';
  else if (t === 'Polygon' || t === 'MultiPolygon') err = toMultiPolygon(g).error ?? null;
  else return { error: `is a ${String(t)}; use Point, MultiPoint, LineString, Polygon or MultiPolygon` };
  return err ? { error: err } : { geometry: g };
}
