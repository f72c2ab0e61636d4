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

/** CRS names that mean WGS84 lon/lat; anything else declared in a legacy `crs` member is refused. */
const WGS84_NAMES = [/EPSG::?4326$/i, /OGC:1\.3:CRS84$/i, /OGC::CRS84$/i, /^CRS84$/i, /^EPSG:4326$/i];

export function checkDeclaredCrs(doc: Record<string, unknown>): string | null {
  const crs = doc.crs;
  if (crs === undefined || crs === null) return null;
  const name = isObj(crs) && isObj(crs.properties) ? crs.properties.name : undefined;
  if (typeof name === 'string' && WGS84_NAMES.some((re) => re.test(name))) return null;
  return `declares the coordinate reference system ${JSON.stringify(name ?? crs)}; only WGS84 (EPSG:4326) longitude, latitude is accepted`;
}

function checkRing(ring: unknown, where: string): string | null {
  if (!Array.isArray(ring)) return `${where} is not an array of positions`;
  if (ring.length === 0) return `${where} is empty`;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      return `${where}[${i}] is not a position [longitude, latitude]`;
    }
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return `${where}[${i}] = [${p[0]}, ${p[1]}] is outside longitude −180…180 / latitude −90…90`;
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

/** Polygon or MultiPolygon, well-formed; returned as a MultiPolygon. */
export function toMultiPolygon(geometry: unknown): { geometry?: MultiPolygonGeom; error?: string } {
  if (!isObj(geometry)) return { error: 'has no geometry' };
  if (geometry.type === 'Polygon') {
    const e = checkPolygonCoords(geometry.coordinates, 'coordinates');
    return e ? { error: e } : { geometry: { type: 'MultiPolygon', coordinates: [geometry.coordinates as Position[][]] } };
  }
  if (geometry.type === 'MultiPolygon') {
    const c = geometry.coordinates;
    if (!Array.isArray(c) || c.length === 0) return { error: 'is an empty MultiPolygon' };
    for (let i = 0; i < c.length; i++) {
      const e = checkPolygonCoords(c[i], `coordinates[${i}]`);
      if (e) return { error: e };
    }
    return { geometry: { type: 'MultiPolygon', coordinates: c as Position[][][] } };
  }
  return { error: `is a ${String(geometry.type)}; only Polygon and MultiPolygon are accepted` };
}

export function featureLabel(index: number, f: unknown): string {
  const p = isObj(f) && isObj(f.properties) ? f.properties : {};
  const id = (isObj(f) ? f.id : undefined) ?? p.reference ?? p.code ?? p.REFERENCE ?? p.CODE;
  return id !== undefined && id !== null && id !== '' ? `features[${index}] (id ${String(id)})` : `features[${index}]`;
}

/**
 * A FeatureCollection (or one Feature) → polygon features, or the list of
 * every problem, each naming its feature. All-or-nothing: one bad feature
 * rejects the file.
 */
export function readFeatureCollection(doc: unknown, maxFeatures = 100_000): { features: MultiPolygonFeature[]; errors: FieldError[]; crsError?: string } {
  const errors: FieldError[] = [];
  if (!isObj(doc)) return { features: [], errors: [{ field: 'file', message: 'is not a GeoJSON object' }] };
  const crsError = checkDeclaredCrs(doc) ?? undefined;
  if (crsError) return { features: [], errors: [{ field: 'crs', message: crsError }], crsError };
  const raw = doc.type === 'FeatureCollection' ? doc.features : doc.type === 'Feature' ? [doc] : undefined;
  if (!Array.isArray(raw)) return { features: [], errors: [{ field: 'type', message: 'must be a FeatureCollection or a Feature' }] };
  if (raw.length === 0) return { features: [], errors: [{ field: 'features', message: 'is empty' }] };
  if (raw.length > maxFeatures) return { features: [], errors: [{ field: 'features', message: `has ${raw.length} features; at most ${maxFeatures} per file` }] };
  const features: MultiPolygonFeature[] = [];
  raw.forEach((f, i) => {
    const label = featureLabel(i, f);
    if (!isObj(f) || f.type !== 'Feature') {
      errors.push({ field: label, message: 'is not a GeoJSON Feature' });
      return;
    }
    const g = toMultiPolygon(f.geometry);
    if (g.error) errors.push({ field: `${label}.geometry`, message: g.error });
    else features.push({ label, properties: isObj(f.properties) ? f.properties : {}, geometry: g.geometry! });
  });
  return { features, errors };
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
  else if (t === 'LineString' || t === 'MultiPoint') err = Array.isArray(c) && c.length > 0 ? c.map((p, i) => pos(p, `coordinates[${i}]`)).find(Boolean) ?? null : 'coordinates is empty';
  else if (t === 'Polygon' || t === 'MultiPolygon') err = toMultiPolygon(g).error ?? null;
  else return { error: `is a ${String(t)}; use Point, MultiPoint, LineString, Polygon or MultiPolygon` };
  return err ? { error: err } : { geometry: g };
}
