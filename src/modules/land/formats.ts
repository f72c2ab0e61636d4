/**
 * Turn an uploaded file into a GeoJSON FeatureCollection, whatever GIS tool
 * made it: GeoJSON, KML (Google Earth, QGIS) or a zipped ESRI Shapefile (the
 * usual way mine-action data leaves IMSMA and desktop GIS). No I/O beyond the
 * bytes given. A file that is not what it claims to be is refused here.
 */
import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { unzipSync } from 'fflate';
import * as shapefile from 'shapefile';
import { AppError } from '../../lib/errors.ts';
import { LandErrors } from './errors.ts';

export const IMPORT_FORMATS = ['geojson', 'kml', 'shapefile'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function formatFromName(filename: string): ImportFormat | null {
  const f = filename.toLowerCase();
  if (f.endsWith('.geojson') || f.endsWith('.json')) return 'geojson';
  if (f.endsWith('.kml')) return 'kml';
  if (f.endsWith('.zip') || f.endsWith('.shz')) return 'shapefile';
  return null;
}

const unreadable = (message: string) => new AppError(LandErrors.badFile, message, { errors: [{ field: 'file', message }] });

export async function readUpload(bytes: Uint8Array, format: ImportFormat): Promise<unknown> {
  if (format === 'geojson') return readGeoJson(bytes);
  if (format === 'kml') return readKml(bytes);
  return readZippedShapefile(bytes);
}

function readGeoJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw unreadable('the file is not valid JSON, so it is not GeoJSON');
  }
}

function readKml(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes).toString('utf8');
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(text, 'text/xml');
  } catch (e) {
    throw unreadable(`the file is not well-formed XML, so it is not KML (${(e as Error).message.split('\n')[0]})`);
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'kml') throw unreadable('the XML document has no <kml> root element');
  const fc = kml(doc as unknown as Document) as { features: { geometry: unknown }[] };
  // KML MultiGeometry arrives as a GeometryCollection; polygons-only collections are a MultiPolygon.
  for (const f of fc.features) {
    const g = f.geometry as { type?: string; geometries?: { type: string; coordinates: unknown }[] } | null;
    if (g?.type === 'GeometryCollection' && g.geometries?.length && g.geometries.every((x) => x.type === 'Polygon')) {
      f.geometry = { type: 'MultiPolygon', coordinates: g.geometries.map((x) => x.coordinates) };
    }
  }
  return fc;
}

/** Accept only a geographic WGS84 .prj; a projected system (UTM, Pulkovo…) would put the polygons in the wrong place. */
export function isWgs84Prj(wkt: string): boolean {
  const t = wkt.trim().toUpperCase();
  if (/^EPSG:4326$/.test(t)) return true;
  if (!t.startsWith('GEOGCS[') && !t.startsWith('GEOGCRS[')) return false;
  return /WGS[ _]?(19)?84|WGS_1984/.test(t);
}

async function readZippedShapefile(bytes: Uint8Array): Promise<unknown> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw unreadable('the file is not a zip archive, so it is not a zipped Shapefile');
  }
  const names = Object.keys(files).filter((n) => !n.startsWith('__MACOSX/'));
  const shps = names.filter((n) => n.toLowerCase().endsWith('.shp'));
  if (shps.length === 0) throw unreadable('the zip holds no .shp file');
  if (shps.length > 1) throw unreadable(`the zip holds ${shps.length} .shp files; send one layer per file`);
  const base = shps[0].slice(0, -4);
  const part = (ext: string) => names.find((n) => n.toLowerCase() === `${base}.${ext}`.toLowerCase());
  const prj = part('prj');
  if (!prj) throw new AppError(LandErrors.wrongCrs, `the Shapefile has no ${base}.prj, so its coordinate system is unknown; export it again with its .prj (WGS84, EPSG:4326)`, { errors: [{ field: 'file', message: 'missing .prj' }] });
  const wkt = Buffer.from(files[prj]).toString('utf8');
  if (!isWgs84Prj(wkt)) throw new AppError(LandErrors.wrongCrs, `the Shapefile's .prj is not WGS84 (EPSG:4326): ${wkt.slice(0, 80)}`, { errors: [{ field: 'file', message: '.prj is not WGS84' }] });
  const dbf = part('dbf');
  try {
    return await shapefile.read(files[shps[0]], dbf ? files[dbf] : undefined, { encoding: 'utf-8' });
  } catch (e) {
    throw unreadable(`the .shp file cannot be read: ${(e as Error).message}`);
  }
}
