/**
 * Turn an uploaded file into a stream of GeoJSON features in WGS 84, 2-D,
 * whatever GIS tool made it: GeoJSON (with or without a byte-order mark,
 * legacy `crs` member honoured), KML / KMZ (Google Earth, QGIS; altitudes
 * dropped), a zipped ESRI Shapefile (.prj reprojected, .cpg / language
 * driver honoured) or a GeoPackage. A file that is not what it claims to be,
 * or whose encoding or coordinate system cannot be understood, is refused
 * here, naming the file.
 */

import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import { AppError } from '../../lib/errors.ts';
import { type Crs, crsFromName, toWgs84, WGS84 } from './crs.ts';
import { decodeStrict, requireEncoding, sniffBom } from './encoding.ts';
import { LandErrors } from './errors.ts';
import { readGeoPackage } from './geopackage.ts';
import { readShapefileLayer } from './shapefile-reader.ts';

export const IMPORT_FORMATS = ['geojson', 'kml', 'kmz', 'shapefile', 'geopackage'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function formatFromName(filename: string): ImportFormat | null {
  const f = filename.toLowerCase();
  if (f.endsWith('.geojson') || f.endsWith('.json')) return 'geojson';
  if (f.endsWith('.kml')) return 'kml';
  if (f.endsWith('.kmz')) return 'kmz';
  if (f.endsWith('.zip') || f.endsWith('.shz')) return 'shapefile';
  if (f.endsWith('.gpkg')) return 'geopackage';
  return null;
}

export interface RawFeature {
  type?: unknown;
  id?: unknown;
  properties?: unknown;
  geometry?: unknown;
}

/** What the import reads: features in WGS 84, plus what the import record states about the source. */
export interface Source {
  format: ImportFormat;
  /** The source coordinate system, as the import record states it. */
  crs: string;
  /** The text encoding the attributes were decoded from, when the format has a choice. */
  encoding: string | null;
  features: Iterable<RawFeature>;
  close?: () => void;
}

export interface SourceOptions {
  /** Shown in messages. */
  filename?: string;
  /** The caller's statement of the coordinate system, for files that do not declare one. */
  crs?: string;
}

const unreadable = (message: string) => new AppError(LandErrors.badFile, message, { errors: [{ field: 'file', message }] });
const fileErrors = (errors: { field: string; message: string }[]) => new AppError(LandErrors.badFeatures, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });

function* reprojected(features: Iterable<RawFeature>, crs: Crs): Generator<RawFeature> {
  for (const f of features) {
    if (typeof f === 'object' && f !== null && 'geometry' in f) yield { ...f, geometry: toWgs84(f.geometry, crs) };
    else yield f;
  }
}

/** The declared crs and the caller's must not both be given: one of them would be silently ignored. */
function pickCrs(declared: Crs | null, given: string | undefined, what: string): Crs {
  if (declared && given) {
    throw new AppError(LandErrors.wrongCrs, `${what} already declares its coordinate system (${declared.label}); leave out crs`, {
      errors: [{ field: 'crs', message: 'the file declares its own' }],
    });
  }
  if (declared) return declared;
  return given ? crsFromName(given) : WGS84;
}

/** Errors: land_file_unreadable, land_bad_encoding, land_wrong_crs, land_features_invalid (top-level shape). */
export async function openUpload(bytes: Uint8Array, format: ImportFormat, opts: SourceOptions = {}): Promise<Source> {
  const file = opts.filename?.split(/[\\/]/).pop() || `the ${format} file`;
  if (format === 'geojson') return geoJsonSource(parseGeoJson(bytes, file), opts, file);
  if (format === 'kml' || format === 'kmz') {
    if (opts.crs && crsFromName(opts.crs).transform) {
      throw new AppError(LandErrors.wrongCrs, 'KML is always WGS 84 longitude/latitude (OGC 07-147); leave out crs', {
        errors: [{ field: 'crs', message: 'not allowed with KML' }],
      });
    }
    const text = format === 'kml' ? bytes : kmzDocument(bytes);
    return { format, crs: WGS84.label, ...kmlFeatures(text, file) };
  }
  if (format === 'shapefile') {
    const layer = readShapefileLayer(bytes);
    if (!layer.crs && !opts.crs) {
      throw new AppError(
        LandErrors.wrongCrs,
        `the Shapefile has no ${layer.name}.prj, so its coordinate system is unknown; export it again with its .prj, or state the system (crs, e.g. EPSG:32638)`,
        { errors: [{ field: 'file', message: 'missing .prj' }] },
      );
    }
    const crs = pickCrs(layer.crs, opts.crs, `${layer.name}.prj`);
    return { format, crs: crs.label, encoding: layer.encoding, features: reprojected(layer.features, crs) };
  }
  const layer = await readGeoPackage(bytes);
  if (!layer.crs && !opts.crs) {
    layer.close();
    throw new AppError(LandErrors.wrongCrs, `the GeoPackage layer ${layer.name} has an undefined coordinate system (srs_id 0 or -1); state it (crs, e.g. EPSG:32638)`, {
      errors: [{ field: 'file', message: 'undefined srs' }],
    });
  }
  const crs = layer.crs ?? crsFromName(opts.crs!);
  return { format, crs: crs.label, encoding: 'utf-8', features: reprojected(layer.features, crs), close: layer.close };
}

/** An already-parsed GeoJSON document (the demo seed, benchmarks). */
export function documentSource(doc: unknown, opts: SourceOptions = {}): Source {
  return geoJsonSource(doc, opts, opts.filename ?? 'the document');
}

function parseGeoJson(bytes: Uint8Array, file: string): unknown {
  const bom = sniffBom(bytes);
  const text = bom ? decodeStrict(bytes.subarray(bom.length), bom.encoding, file) : decodeStrict(bytes, 'utf-8', file);
  try {
    return JSON.parse(text);
  } catch {
    throw unreadable('the file is not valid JSON, so it is not GeoJSON');
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_FEATURES = 1_000_000;

function geoJsonSource(doc: unknown, opts: SourceOptions, file: string): Source {
  if (!isObj(doc)) throw fileErrors([{ field: 'file', message: 'is not a GeoJSON object' }]);
  let declared: Crs | null = null;
  if (doc.crs !== undefined && doc.crs !== null) {
    const c = doc.crs;
    const name = isObj(c) && isObj(c.properties) ? c.properties.name : undefined;
    if (typeof name !== 'string')
      throw new AppError(LandErrors.wrongCrs, `the crs member ${JSON.stringify(c).slice(0, 80)} is not understood; use {"type":"name","properties":{"name":"EPSG:…"}}`, {
        errors: [{ field: 'crs', message: 'not a named crs' }],
      });
    declared = crsFromName(name, 'crs');
  }
  const crs = pickCrs(declared, opts.crs, file);
  const raw = doc.type === 'FeatureCollection' ? doc.features : doc.type === 'Feature' ? [doc] : undefined;
  if (!Array.isArray(raw)) throw fileErrors([{ field: 'type', message: 'must be a FeatureCollection or a Feature' }]);
  if (raw.length > MAX_FEATURES) throw fileErrors([{ field: 'features', message: `has ${raw.length} features; at most ${MAX_FEATURES} per file` }]);
  return { format: 'geojson', crs: crs.label, encoding: null, features: reprojected(raw as RawFeature[], crs) };
}

// ---- KML / KMZ ----

function kmzDocument(bytes: Uint8Array): Uint8Array {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name.toLowerCase().endsWith('.kml') && !f.name.startsWith('__MACOSX/') });
  } catch {
    throw unreadable('the file is not a zip archive, so it is not a KMZ');
  }
  const names = Object.keys(files);
  const main = names.find((n) => n.toLowerCase() === 'doc.kml') ?? names.find((n) => !n.includes('/')) ?? names[0];
  if (!main) throw unreadable('the KMZ holds no .kml document');
  return files[main];
}

/** The XML declaration's encoding (or the BOM's), then a strict decode. */
function decodeXml(bytes: Uint8Array, file: string): { text: string; encoding: string } {
  const bom = sniffBom(bytes);
  if (bom) return { text: decodeStrict(bytes.subarray(bom.length), bom.encoding, file), encoding: bom.encoding };
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  const encoding = declared ? requireEncoding(declared, file, 'the XML declaration') : 'utf-8';
  return { text: decodeStrict(bytes, encoding, file), encoding };
}

function kmlFeatures(bytes: Uint8Array, file: string): { features: Iterable<RawFeature>; encoding: string } {
  const { text, encoding } = decodeXml(bytes, file);
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') throw new Error(msg);
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    throw unreadable(`the file is not well-formed XML, so it is not KML (${(e as Error).message.split('\n')[0]})`);
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'kml') throw unreadable('the XML document has no <kml> root element');
  let fc: { features: RawFeature[] };
  try {
    fc = kml(doc as unknown as Document) as unknown as { features: RawFeature[] };
  } catch (e) {
    throw unreadable(`the KML cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  // KML MultiGeometry arrives as a GeometryCollection; one made only of polygons is a MultiPolygon.
  for (const f of fc.features) {
    const g = f.geometry as { type?: string; geometries?: { type: string; coordinates: unknown }[] } | null;
    if (g?.type === 'GeometryCollection' && g.geometries?.length && g.geometries.every((x) => x.type === 'Polygon' || x.type === 'MultiPolygon')) {
      f.geometry = { type: 'MultiPolygon', coordinates: g.geometries.flatMap((x) => (x.type === 'Polygon' ? [x.coordinates] : (x.coordinates as unknown[]))) };
    }
  }
  // KML is WGS 84 by definition (OGC 07-147); altitudes are dropped.
  return { features: reprojected(fc.features, WGS84), encoding };
}
