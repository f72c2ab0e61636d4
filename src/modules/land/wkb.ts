/**
 * Well-known binary (OGC / ISO, as GeoPackage stores it) → GeoJSON geometry,
 * 2-D. Pure. Z and M values are read and dropped; both the ISO type codes
 * (1003 = Polygon Z) and the EWKB flag bits are understood. Every read is
 * bounds-checked so that a damaged blob is an error, never a crash or a
 * runaway allocation.
 */
export class WkbError extends Error {}

const NAMES = ['Geometry', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'] as const;

class Reader {
  private pos: number;
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    start: number,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number) {
    if (this.pos + n > this.bytes.length) throw new WkbError(`the geometry blob ends early (byte ${this.pos} of ${this.bytes.length})`);
  }
  u8() {
    this.need(1);
    return this.bytes[this.pos++];
  }
  u32(le: boolean) {
    this.need(4);
    const v = this.view.getUint32(this.pos, le);
    this.pos += 4;
    return v;
  }
  f64(le: boolean) {
    this.need(8);
    const v = this.view.getFloat64(this.pos, le);
    this.pos += 8;
    return v;
  }
  /** A count, refused when the rest of the blob could not possibly hold that many items. */
  count(le: boolean, minItemBytes: number) {
    const n = this.u32(le);
    if (n * minItemBytes > this.bytes.length - this.pos) throw new WkbError(`the geometry blob claims ${n} parts but is too short for them`);
    return n;
  }
}

function geometry(r: Reader, depth: number): { type: string; coordinates?: unknown; geometries?: unknown[] } {
  if (depth > 8) throw new WkbError('the geometry is nested too deeply');
  const order = r.u8();
  if (order > 1) throw new WkbError(`byte-order mark ${order} is neither 0 nor 1`);
  const le = order === 1;
  const raw = r.u32(le);
  let base = raw & 0x0fff_ffff;
  let dims = (raw & 0x8000_0000 ? 1 : 0) + (raw & 0x4000_0000 ? 1 : 0);
  if (raw & 0x2000_0000) r.u32(le); // EWKB SRID: the GeoPackage header is authoritative
  if (base >= 1000) {
    const iso = Math.floor(base / 1000);
    if (iso > 3) throw new WkbError(`unknown geometry type code ${raw}`);
    dims = iso === 3 ? 2 : 1;
    base %= 1000;
  }
  if (base < 1 || base > 7) throw new WkbError(`unknown geometry type code ${raw}`);
  const width = 2 + dims;
  const point = () => {
    const p = [r.f64(le), r.f64(le)];
    for (let i = 2; i < width; i++) r.f64(le);
    return p;
  };
  const points = () => {
    const n = r.count(le, 8 * width);
    return Array.from({ length: n }, point);
  };
  const rings = () => Array.from({ length: r.count(le, 4) }, points);
  const type = NAMES[base];
  switch (base) {
    case 1: {
      const p = point();
      // An empty point is written as NaN, NaN.
      return { type, coordinates: p.every(Number.isNaN) ? [] : p };
    }
    case 2:
      return { type, coordinates: points() };
    case 3:
      return { type, coordinates: rings() };
    default: {
      const n = r.count(le, 5);
      const parts = Array.from({ length: n }, () => geometry(r, depth + 1));
      if (base === 7) return { type, geometries: parts };
      const want = NAMES[base - 3];
      const bad = parts.find((p) => p.type !== want);
      if (bad) throw new WkbError(`a ${type} holds a ${bad.type}`);
      return { type, coordinates: parts.map((p) => p.coordinates) };
    }
  }
}

export function readWkb(bytes: Uint8Array, start = 0) {
  return geometry(new Reader(bytes, start), 0);
}

/**
 * A GeoPackage geometry blob (GeoPackage 1.3 §2.1.3): "GP", version, flags,
 * srs_id, optional envelope, then WKB. Returns null for an empty geometry.
 */
export function readGpkgGeometry(blob: Uint8Array): { srsId: number; geometry: ReturnType<typeof readWkb> | null } {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new WkbError('the geometry is not a GeoPackage blob (no "GP" header)');
  const flags = blob[3];
  if (flags & 0x20) throw new WkbError('extended GeoPackage geometry types are not supported');
  const le = (flags & 1) === 1;
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 7];
  if (envelope === undefined) throw new WkbError(`invalid envelope code ${(flags >> 1) & 7} in the GeoPackage header`);
  const srsId = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getInt32(4, le);
  if (flags & 0x10) return { srsId, geometry: null };
  if (8 + envelope >= blob.length) throw new WkbError('the GeoPackage geometry has a header but no WKB');
  return { srsId, geometry: readWkb(blob, 8 + envelope) };
}
