/**
 * Coordinate reference systems of uploaded files → a transform to WGS 84
 * longitude/latitude (proj4). Pure. proj4 itself knows only a handful of
 * EPSG codes, so the systems used on the territory and by mine-action
 * operators are bundled here: every WGS 84 / UTM zone, Pulkovo 1942 and its
 * Gauss–Krüger zones (with and without the zone-number prefix on the
 * easting). Anything else is accepted as WKT (a .prj, a GeoPackage srs
 * definition) when proj4 can read it; otherwise the file is refused.
 */
import proj4, { type Converter } from 'proj4';
import { AppError } from '../../lib/errors.ts';
import { LandErrors } from './errors.ts';

/**
 * Pulkovo 1942 → WGS 84: the seven-parameter shift PROJ/GDAL apply by
 * default for these codes (EPSG:1267, "Pulkovo 1942 to WGS 84 (17)"), so
 * that Berpa and desktop GIS put the same file in the same place; good to a
 * few metres, below the precision of the source maps.
 */
const PULKOVO = '+ellps=krass +towgs84=25,-141,-78.5,0,0.35,0.736,0 +units=m +no_defs';

function bundled(code: number): string | null {
  if (code >= 32601 && code <= 32660) return `+proj=utm +zone=${code - 32600} +datum=WGS84 +units=m +no_defs`;
  if (code >= 32701 && code <= 32760) return `+proj=utm +zone=${code - 32700} +south +datum=WGS84 +units=m +no_defs`;
  if (code === 4284) return `+proj=longlat ${PULKOVO.replace(' +units=m', '')}`;
  // Pulkovo 1942 / Gauss-Kruger zone N (easting prefixed with the zone number), zones 2–32.
  if (code >= 28402 && code <= 28432) {
    const z = code - 28400;
    return `+proj=tmerc +lat_0=0 +lon_0=${6 * z - 3} +k=1 +x_0=${z * 1_000_000 + 500_000} +y_0=0 ${PULKOVO}`;
  }
  // Pulkovo 1942 / Gauss-Kruger NN (central meridian only, no zone prefix), zones 2–32.
  if (code >= 28462 && code <= 28492) return `+proj=tmerc +lat_0=0 +lon_0=${6 * (code - 28460) - 3} +k=1 +x_0=500000 +y_0=0 ${PULKOVO}`;
  return null;
}

export type Transform = (p: number[]) => number[];
export interface Crs {
  /** What the import record states as the source system: `EPSG:32638`, or `WKT "<name>"`. */
  label: string;
  /** null: already WGS 84 longitude/latitude. */
  transform: Transform | null;
}

export const WGS84: Crs = { label: 'EPSG:4326', transform: null };
const WGS84_CODES = new Set([4326, 4979, 4978]);

const refuse = (message: string, field = 'crs') => new AppError(LandErrors.wrongCrs, message, { errors: [{ field, message }] });

function converter(def: string): Transform {
  const p = proj4(def, 'EPSG:4326');
  return (pos) => {
    const out = p.forward([pos[0], pos[1]]);
    return [out[0], out[1]];
  };
}

/** An EPSG code → Crs. Errors: land_wrong_crs (code unknown here and to proj4). */
export function crsFromEpsg(code: number, field = 'crs'): Crs {
  if (WGS84_CODES.has(code)) return WGS84;
  const name = `EPSG:${code}`;
  const def = bundled(code) ?? (proj4.defs(name) ? name : null);
  if (!def) throw refuse(`${name} is not a coordinate system Berpa knows; send the file with a .prj (WKT), or reproject it to WGS 84 (EPSG:4326)`, field);
  return { label: name, transform: converter(def) };
}

/**
 * A CRS name as GeoJSON's legacy `crs` member, a form field or a GeoPackage
 * writes it: `EPSG:32638`, `urn:ogc:def:crs:EPSG::32638`,
 * `http://www.opengis.net/def/crs/EPSG/0/32638`, `CRS84`, or a bare number.
 * Errors: land_wrong_crs.
 */
export function crsFromName(name: string, field = 'crs'): Crs {
  const n = name.trim();
  if (/^(urn:ogc:def:crs:)?OGC:(1\.3:|:)?CRS84$/i.test(n) || /^CRS84$/i.test(n) || /\/def\/crs\/OGC\/1\.3\/CRS84$/i.test(n)) return WGS84;
  const m = /^(?:urn:ogc:def:crs:EPSG:[\d.]*:|EPSG:{1,2}|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/)?(\d{3,6})$/i.exec(n);
  if (!m) throw refuse(`the coordinate system "${n.slice(0, 80)}" is not understood; give an EPSG code such as EPSG:32638`, field);
  return crsFromEpsg(Number(m[1]), field);
}

/** The EPSG code a WKT names for itself (its last top-level AUTHORITY/ID), if any. */
function ownEpsgCode(wkt: string): number | null {
  const m = /(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(wkt.trim());
  return m ? Number(m[1]) : null;
}

/** ESRI .prj files name Pulkovo systems without an EPSG code and often without TOWGS84: map the names to the bundled codes. */
function esriPulkovoCode(name: string): number | null {
  if (/^GCS_Pulkovo_1942$/i.test(name)) return 4284;
  const m = /^Pulkovo_1942_GK_Zone_(\d{1,2})(N?)$/i.exec(name);
  if (!m || Number(m[1]) < 2 || Number(m[1]) > 32) return null;
  return (m[2] ? 28460 : 28400) + Number(m[1]);
}

const wktName = (wkt: string) => /^[A-Z_]+\[\s*"([^"]{0,120})"/i.exec(wkt.trim())?.[1] ?? 'unnamed';

/**
 * A .prj (ESRI WKT, WKT1 or WKT2) → Crs. The system's own EPSG code is used
 * when it names one this module bundles (the bundled Pulkovo shift is then
 * applied even if the WKT omits TOWGS84). Errors: land_wrong_crs naming `file`.
 */
export function crsFromWkt(wkt: string, file: string): Crs {
  const text = wkt.replace(/^\uFEFF/, '').trim();
  if (!text) throw refuse(`${file} is empty, so the coordinate system is unknown`, 'file');
  const code = ownEpsgCode(text) ?? esriPulkovoCode(wktName(text));
  if (code !== null && (WGS84_CODES.has(code) || bundled(code))) return crsFromEpsg(code, 'file');
  let p: Converter;
  let def: { projName?: string; datumCode?: string };
  try {
    def = new proj4.Proj(text) as unknown as typeof def;
    p = proj4(text, 'EPSG:4326');
  } catch {
    throw refuse(`${file} cannot be understood as a coordinate system (WKT); export it again, or reproject the data to WGS 84 (EPSG:4326)`, 'file');
  }
  if (!def.projName) throw refuse(`${file} does not describe a usable coordinate system`, 'file');
  if (def.projName === 'longlat' && def.datumCode === 'wgs84') return { label: `WKT "${wktName(text)}"`, transform: null };
  return {
    label: code !== null ? `EPSG:${code}` : `WKT "${wktName(text)}"`,
    transform: (pos) => {
      const out = p.forward([pos[0], pos[1]]);
      return [out[0], out[1]];
    },
  };
}

/** Apply a transform to every position of a GeoJSON geometry, dropping Z and M (2-D out). */
export function mapPositions(geometry: unknown, f: (p: number[]) => number[]): unknown {
  const walk = (c: unknown): unknown => {
    if (!Array.isArray(c)) return c;
    if (c.length > 0 && typeof c[0] === 'number') return c.length >= 2 && c.every((n) => typeof n === 'number') ? f(c as number[]) : c;
    return c.map(walk);
  };
  if (typeof geometry !== 'object' || geometry === null) return geometry;
  const g = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (Array.isArray(g.geometries)) return { ...g, geometries: g.geometries.map((x) => mapPositions(x, f)) };
  return 'coordinates' in g ? { ...g, coordinates: walk(g.coordinates) } : g;
}

/** Reproject (when needed) and make 2-D. */
export function toWgs84(geometry: unknown, crs: Crs): unknown {
  const t = crs.transform;
  return mapPositions(geometry, t ? (p) => t(p) : (p) => [p[0], p[1]]);
}
