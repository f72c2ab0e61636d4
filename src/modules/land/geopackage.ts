/**
 * GeoPackage (OGC 12-128, QGIS's default format): an SQLite file read with
 * sql.js (SQLite compiled to WebAssembly, shipped in the package: nothing
 * native, nothing downloaded). One feature table per file, found through
 * gpkg_geometry_columns; its srs_id is looked up in gpkg_spatial_ref_sys.
 */
import initSqlJs from 'sql.js';
import { AppError } from '../../lib/errors.ts';
import { type Crs, crsFromEpsg, crsFromWkt, WGS84 } from './crs.ts';
import { LandErrors } from './errors.ts';
import { readGpkgGeometry, WkbError } from './wkb.ts';

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;
let engine: Promise<SqlJs> | undefined;
const sqlite = () => (engine ??= initSqlJs());

const unreadable = (message: string) => new AppError(LandErrors.badFile, message, { errors: [{ field: 'file', message }] });
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface GpkgLayer {
  name: string;
  /** null: srs_id 0 / -1 ("undefined" systems), so the caller must say. */
  crs: Crs | null;
  features: Iterable<{ type: 'Feature'; id?: unknown; properties: Record<string, unknown>; geometry: unknown }>;
  close(): void;
}

function srsOf(db: InstanceType<SqlJs['Database']>, srsId: number): Crs | null {
  if (srsId === 4326) return WGS84;
  if (srsId === 0 || srsId === -1) return null;
  const r = db.exec('select organization, organization_coordsys_id, definition from gpkg_spatial_ref_sys where srs_id = ?', [srsId]);
  const row = r[0]?.values[0];
  if (!row)
    throw new AppError(LandErrors.wrongCrs, `the GeoPackage names srs_id ${srsId}, which its gpkg_spatial_ref_sys table does not define`, {
      errors: [{ field: 'file', message: `srs_id ${srsId} undefined` }],
    });
  const [org, code, definition] = row as [string, number, string];
  if (String(org).toUpperCase() === 'EPSG') {
    try {
      return crsFromEpsg(Number(code), 'file');
    } catch (e) {
      if (!definition || definition === 'undefined') throw e;
    }
  }
  return crsFromWkt(String(definition ?? ''), `the GeoPackage's definition of srs_id ${srsId}`);
}

/** Errors: land_file_unreadable (not SQLite, no or several feature tables, damaged geometry), land_wrong_crs. */
export async function readGeoPackage(bytes: Uint8Array): Promise<GpkgLayer> {
  if (bytes.length < 100 || Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== 'SQLite format 3\0')
    throw unreadable('the file is not an SQLite database, so it is not a GeoPackage');
  const SQL = await sqlite();
  let db: InstanceType<SqlJs['Database']>;
  let layers: unknown[][];
  try {
    db = new SQL.Database(bytes);
    layers = db.exec('select table_name, column_name, srs_id from gpkg_geometry_columns order by table_name')[0]?.values ?? [];
  } catch (e) {
    throw unreadable(`the file is not a readable GeoPackage: ${(e as Error).message}`);
  }
  if (layers.length === 0) {
    db.close();
    throw unreadable('the GeoPackage holds no feature table (gpkg_geometry_columns is empty)');
  }
  if (layers.length > 1) {
    db.close();
    throw unreadable(`the GeoPackage holds ${layers.length} feature tables (${layers.map((l) => l[0]).join(', ')}); send one layer per file`);
  }
  const [table, column, srsId] = layers[0] as [string, string, number];
  let crs: Crs | null;
  try {
    crs = srsOf(db, Number(srsId));
  } catch (e) {
    db.close();
    throw e;
  }
  function* features() {
    let stmt;
    try {
      stmt = db.prepare(`select * from ${quote(table)}`);
    } catch (e) {
      throw unreadable(`the GeoPackage table ${table} cannot be read: ${(e as Error).message}`);
    }
    const step = (n: number) => {
      try {
        return stmt.step();
      } catch (e) {
        throw unreadable(`the GeoPackage table ${table} cannot be read at row ${n}: ${(e as Error).message}`);
      }
    };
    try {
      for (let n = 1; step(n); n++) {
        const row = stmt.getAsObject();
        const properties: Record<string, unknown> = {};
        let geometry: unknown = null;
        for (const [k, v] of Object.entries(row)) {
          if (k === column) {
            if (v instanceof Uint8Array) {
              try {
                geometry = readGpkgGeometry(v).geometry;
              } catch (e) {
                if (e instanceof WkbError) throw unreadable(`the GeoPackage table ${table}, row ${n}: ${e.message}`);
                throw e;
              }
            }
          } else if (v !== null && !(v instanceof Uint8Array)) properties[k] = v;
        }
        yield { type: 'Feature' as const, properties, geometry };
      }
    } finally {
      stmt.free();
    }
  }
  return { name: table, crs, features: features(), close: () => db.close() };
}
