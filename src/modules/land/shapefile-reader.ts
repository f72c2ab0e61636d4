/**
 * A zipped ESRI Shapefile layer (.shp + .dbf, with .prj and .cpg) read one
 * record at a time, so that a 50,000-polygon layer never exists as one big
 * array of objects. Pure apart from unzipping. Follows the ESRI whitepaper
 * (1998) and the dBASE III table layout; every read is bounds-checked and a
 * damaged record is refused naming the file and the record.
 */
import { unzipSync } from 'fflate';
import { AppError } from '../../lib/errors.ts';
import { type Crs, crsFromWkt } from './crs.ts';
import { decodeStrict, encodingOfLdid, requireEncoding } from './encoding.ts';
import { LandErrors } from './errors.ts';

const MAX_UNZIPPED = 2 ** 30;
const unreadable = (message: string) => new AppError(LandErrors.badFile, message, { errors: [{ field: 'file', message }] });

export interface ShapefileLayer {
  name: string;
  crs: Crs | null;
  encoding: string;
  features: Iterable<{ type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }>;
}

/** Pick out the one layer's parts; everything else in the zip is never decompressed. */
export function unzipLayer(bytes: Uint8Array): { base: string; files: Record<string, Uint8Array> } {
  let files: Record<string, Uint8Array>;
  let total = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.startsWith('__MACOSX/') || !/\.(shp|shx|dbf|prj|cpg)$/i.test(f.name)) return false;
        total += f.originalSize;
        if (total > MAX_UNZIPPED) throw new Error('too big');
        return true;
      },
    });
  } catch (e) {
    throw unreadable((e as Error).message === 'too big' ? 'the zip unpacks to more than 1 GiB' : 'the file is not a zip archive, so it is not a zipped Shapefile');
  }
  const names = Object.keys(files);
  const shps = names.filter((n) => n.toLowerCase().endsWith('.shp'));
  if (shps.length === 0) throw unreadable('the zip holds no .shp file');
  if (shps.length > 1) throw unreadable(`the zip holds ${shps.length} .shp files; send one layer per file`);
  const base = shps[0].slice(0, -4);
  const out: Record<string, Uint8Array> = {};
  for (const n of names) if (n.slice(0, -4).toLowerCase() === base.toLowerCase()) out[n.slice(-3).toLowerCase()] = files[n];
  return { base: base.split('/').pop()!, files: out };
}

// ---- .shp ----

const SHAPE_NAMES: Record<number, string> = {
  1: 'Point',
  3: 'LineString',
  8: 'MultiPoint',
  11: 'Point',
  13: 'LineString',
  18: 'MultiPoint',
  21: 'Point',
  23: 'LineString',
  28: 'MultiPoint',
  31: 'MultiPatch',
};

type Ring = number[][];
const signedArea = (r: Ring) => {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return s / 2;
};
function inside(ring: Ring, p: number[]) {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Shapefile rings: clockwise = outer, counter-clockwise = hole of the outer ring that contains it. */
function polygonFromRings(rings: Ring[]) {
  const polys: Ring[][] = [];
  const holes: Ring[] = [];
  for (const r of rings) signedArea(r) <= 0 ? polys.push([r]) : holes.push(r);
  for (const h of holes) {
    const owner = polys.find((p) => inside(p[0], h[0]));
    if (owner) owner.push(h);
    else polys.push([h]);
  }
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

function* shpRecords(shp: Uint8Array, file: string): Generator<unknown> {
  if (shp.length < 100) throw unreadable(`${file} is shorter than a Shapefile header`);
  const v = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (v.getInt32(0, false) !== 9994) throw unreadable(`${file} is not a Shapefile (wrong file code)`);
  let at = 100;
  for (let n = 1; at < shp.length; n++) {
    if (at + 12 > shp.length) throw unreadable(`${file}: record ${n} is cut off`);
    const len = v.getInt32(at + 4, false) * 2;
    const end = at + 8 + len;
    if (len < 4 || end > shp.length) throw unreadable(`${file}: record ${n} says it is ${len} bytes long, which does not fit the file`);
    const type = v.getInt32(at + 8, true);
    const c = at + 8;
    at = end;
    if (type === 0) {
      yield null;
      continue;
    }
    if (type !== 5 && type !== 15 && type !== 25) {
      yield { type: SHAPE_NAMES[type] ?? `shape type ${type}`, coordinates: [] };
      continue;
    }
    if (len < 44) throw unreadable(`${file}: polygon record ${n} is too short`);
    const parts = v.getInt32(c + 36, true);
    const points = v.getInt32(c + 40, true);
    if (parts < 1 || points < 0 || 44 + 4 * parts + 16 * points > len)
      throw unreadable(`${file}: polygon record ${n} declares ${parts} parts and ${points} points, which do not fit its ${len} bytes`);
    const starts = Array.from({ length: parts }, (_, i) => v.getInt32(c + 44 + 4 * i, true));
    if (starts.some((s, i) => s < 0 || s > points || (i > 0 && s < starts[i - 1]))) throw unreadable(`${file}: polygon record ${n} has part offsets out of order`);
    const p0 = c + 44 + 4 * parts;
    const rings = starts.map((s, i) => {
      const e = i + 1 < parts ? starts[i + 1] : points;
      return Array.from({ length: e - s }, (_, k) => [v.getFloat64(p0 + 16 * (s + k), true), v.getFloat64(p0 + 16 * (s + k) + 8, true)]);
    });
    yield polygonFromRings(rings);
  }
}

// ---- .dbf ----

interface DbfField {
  name: string;
  type: string;
  offset: number;
  length: number;
}

function dbfTable(dbf: Uint8Array, file: string, encoding: string) {
  if (dbf.length < 33) throw unreadable(`${file} is shorter than a dBASE header`);
  const v = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const count = v.getUint32(4, true);
  const headerLen = v.getUint16(8, true);
  const recordLen = v.getUint16(10, true);
  if (headerLen > dbf.length || headerLen < 33 || recordLen < 1) throw unreadable(`${file} has a damaged header`);
  const fields: DbfField[] = [];
  let offset = 1;
  for (let at = 32; at + 32 <= headerLen && dbf[at] !== 0x0d; at += 32) {
    const raw = dbf.subarray(at, at + 11);
    const nul = raw.indexOf(0);
    const name = decodeStrict(raw.subarray(0, nul < 0 ? 11 : nul), encoding, `${file} (field names)`).trim();
    const length = dbf[at + 16];
    fields.push({ name, type: String.fromCharCode(dbf[at + 11]), offset, length });
    offset += length;
  }
  if (offset > recordLen) throw unreadable(`${file}: its fields (${offset} bytes) do not fit its ${recordLen}-byte records`);
  if (headerLen + count * recordLen > dbf.length) throw unreadable(`${file} says it holds ${count} records but is too short for them`);
  return { count, headerLen, recordLen, fields };
}

function dbfValue(bytes: Uint8Array, f: DbfField, encoding: string, where: string): unknown {
  if (f.type === 'C' || f.type === 'M') {
    let end = bytes.length;
    while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
    return end === 0 ? undefined : decodeStrict(bytes.subarray(0, end), encoding, where).trim();
  }
  const s = Buffer.from(bytes).toString('latin1').trim();
  if (s === '' || /^\*+$/.test(s)) return undefined;
  if (f.type === 'N' || f.type === 'F') {
    const n = Number(s);
    return Number.isFinite(n) ? n : s;
  }
  if (f.type === 'L') return /^[TtYy]$/.test(s) ? true : /^[FfNn]$/.test(s) ? false : undefined;
  if (f.type === 'D' && /^\d{8}$/.test(s)) return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return s;
}

/**
 * The layer of a zipped Shapefile. The .dbf encoding comes from the .cpg,
 * else the language-driver byte, else UTF-8 is expected (and checked).
 * crs is null when there is no .prj. Errors: land_file_unreadable,
 * land_bad_encoding, land_wrong_crs (unreadable .prj).
 */
export function readShapefileLayer(bytes: Uint8Array): ShapefileLayer {
  const { base, files } = unzipLayer(bytes);
  const crs = files.prj ? crsFromWkt(decodeStrict(files.prj, 'utf-8', `${base}.prj`), `${base}.prj`) : null;
  const dbfName = `${base}.dbf`;
  let encoding = 'utf-8';
  if (files.cpg) encoding = requireEncoding(decodeStrict(files.cpg, 'utf-8', `${base}.cpg`), `${base}.cpg`, 'the .cpg');
  else if (files.dbf && files.dbf.length > 29 && files.dbf[29] !== 0) encoding = encodingOfLdid(files.dbf[29]) ?? 'utf-8';
  const table = files.dbf ? dbfTable(files.dbf, dbfName, encoding) : null;
  const shp = files.shp;
  function* features() {
    let n = 0;
    for (const geometry of shpRecords(shp, `${base}.shp`)) {
      const i = n++;
      const properties: Record<string, unknown> = {};
      if (table) {
        if (i >= table.count) throw unreadable(`${dbfName} has ${table.count} records but ${base}.shp has more shapes`);
        const at = table.headerLen + i * table.recordLen;
        if (files.dbf![at] === 0x2a) continue; // deleted record: its shape goes with it
        for (const f of table.fields) {
          const v = dbfValue(files.dbf!.subarray(at + f.offset, at + f.offset + f.length), f, encoding, `${dbfName} (record ${i + 1}, field ${f.name})`);
          if (v !== undefined) properties[f.name] = v;
        }
      }
      yield { type: 'Feature' as const, properties, geometry };
    }
  }
  return { name: base, crs, encoding, features: features() };
}
