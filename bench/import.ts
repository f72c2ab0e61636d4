/**
 * Importing a large zipped Shapefile of hazardous areas (50,000 polygons by
 * default) through Berpa's land import — reading, attribute checks, PostGIS
 * validity and territory checks, insert, status refresh, audit — against
 * `ogr2ogr` (GDAL) loading the same file into a plain table of the same
 * PostGIS database in the same run. Reports features per second for both and
 * their ratio (target ≥ 0.5), and the import's peak heap at two file sizes
 * (it should stay flat: the file is read a record at a time, in batches).
 *
 * Args: --polygons N (default 50000), --ogr2ogr PATH (default /usr/bin/ogr2ogr).
 * Needs PostgreSQL (BENCH_DATABASE_URL or DATABASE_URL).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import type { Ctx } from '../src/lib/context.ts';
import { systemActor } from '../src/modules/auth/permissions.ts';
import { DEMO_FOCUS, inMultiPolygon, loadBoundaryFiles, seeded, starPolygon } from '../src/modules/land/demo.ts';
import { importDocument, importFile } from '../src/modules/land/import.service.ts';
import { benchDatabase, report } from './lib.ts';

const run = promisify(execFile);
type Ring = number[][];
const argOf = (args: string[], name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/**
 * N star-shaped hazard polygons inside the focus districts, written straight
 * to .shp/.shx/.dbf bytes (ESRI layout; outer rings clockwise).
 */
function shapefileOf(districts: { geometry: Ring[][] }[], n: number, seed: number): Uint8Array {
  const rnd = seeded(seed);
  const fields = [
    ['REFERENCE', 12],
    ['CLASS', 3],
    ['HAZ_TYPES', 2],
    ['RECORDED', 10],
  ] as const;
  const recLen = 1 + fields.reduce((s, f) => s + f[1], 0);
  const dbfHeader = 32 + 32 * fields.length + 1;
  const dbf = Buffer.alloc(dbfHeader + recLen * n + 1, 0x20);
  dbf.fill(0, 0, dbfHeader);
  dbf.writeUInt8(3, 0);
  dbf.writeUInt32LE(n, 4);
  dbf.writeUInt16LE(dbfHeader, 8);
  dbf.writeUInt16LE(recLen, 10);
  dbf.writeUInt8(0x57, 29);
  fields.forEach(([name, len], i) => {
    dbf.write(name, 32 + 32 * i, 'latin1');
    dbf.write('C', 32 + 32 * i + 11, 'latin1');
    dbf.writeUInt8(len, 32 + 32 * i + 16);
  });
  dbf.writeUInt8(0x0d, dbfHeader - 1);
  dbf.writeUInt8(0x1a, dbf.length - 1);
  const boxes = districts.map((d) => {
    const pts = d.geometry.flatMap((p) => p[0]);
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of pts) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    return [x0, y0, x1, y1];
  });
  const records: Buffer[] = [];
  const index = Buffer.alloc(8 * n);
  let offset = 100;
  const all = [Infinity, Infinity, -Infinity, -Infinity];
  for (let k = 0, tries = 0; k < n && tries < n * 100; tries++) {
    const d = k % districts.length;
    const [x0, y0, x1, y1] = boxes[d];
    const cx = x0 + rnd() * (x1 - x0);
    const cy = y0 + rnd() * (y1 - y0);
    if (!inMultiPolygon(cx, cy, districts[d].geometry)) continue;
    // Small stars (tens of metres) so that every polygon lies well inside its district.
    const ring = starPolygon(
      cx,
      cy,
      Array.from({ length: 8 }, () => 0.02 + rnd() * 0.05),
    );
    // Whole polygon inside its district, with a margin (district and country outlines differ slightly at the border).
    if (
      !ring.every(([x, y]) =>
        [
          [0, 0],
          [0.003, 0],
          [-0.003, 0],
          [0, 0.003],
          [0, -0.003],
        ].every(([dx, dy]) => inMultiPolygon(x + dx, y + dy, districts[d].geometry)),
      )
    )
      continue;
    const cw = ring.slice(0, -1).reduce((s, p, i) => s + (p[0] * ring[i + 1][1] - ring[i + 1][0] * p[1]), 0) > 0 ? [...ring].reverse() : ring;
    const c = Buffer.alloc(44 + 4 + 16 * cw.length);
    c.writeInt32LE(5, 0);
    const bx = [Math.min(...cw.map((p) => p[0])), Math.min(...cw.map((p) => p[1])), Math.max(...cw.map((p) => p[0])), Math.max(...cw.map((p) => p[1]))];
    bx.forEach((v, i) => c.writeDoubleLE(v, 4 + 8 * i));
    [all[0], all[1], all[2], all[3]] = [Math.min(all[0], bx[0]), Math.min(all[1], bx[1]), Math.max(all[2], bx[2]), Math.max(all[3], bx[3])];
    c.writeInt32LE(1, 36);
    c.writeInt32LE(cw.length, 40);
    c.writeInt32LE(0, 44);
    cw.forEach((p, i) => {
      c.writeDoubleLE(p[0], 48 + 16 * i);
      c.writeDoubleLE(p[1], 56 + 16 * i);
    });
    const rh = Buffer.alloc(8);
    rh.writeInt32BE(k + 1, 0);
    rh.writeInt32BE(c.length / 2, 4);
    records.push(rh, c);
    index.writeInt32BE(offset / 2, 8 * k);
    index.writeInt32BE(c.length / 2, 8 * k + 4);
    offset += 8 + c.length;
    const at = dbfHeader + k * recLen + 1;
    const vals = [`BH-${k}`, rnd() < 0.5 ? 'SHA' : 'CHA', 'AP', `2023-${String(1 + (k % 12)).padStart(2, '0')}-15`];
    let o = at;
    fields.forEach(([, len], i) => {
      dbf.write(vals[i], o, 'latin1');
      o += len;
    });
    k++;
  }
  const header = (bytes: number) => {
    const b = Buffer.alloc(100);
    b.writeInt32BE(9994, 0);
    b.writeInt32BE(bytes / 2, 24);
    b.writeInt32LE(1000, 28);
    b.writeInt32LE(5, 32);
    all.forEach((v, i) => b.writeDoubleLE(v, 36 + 8 * i));
    return b;
  };
  return zipSync({
    'hazards.shp': Buffer.concat([header(offset), ...records]),
    'hazards.shx': Buffer.concat([header(100 + 8 * n), index]),
    'hazards.dbf': dbf,
    'hazards.prj': Buffer.from(WGS84_PRJ),
    'hazards.cpg': Buffer.from('UTF-8'),
  });
}

/**
 * Memory while `fn` runs, above what was in use before it. Peak heap and RSS
 * are sampled every 20 ms; they include garbage not yet collected, so they
 * grow with how long the pass runs. With --expose-gc, the heap still in use
 * after a full collection (every 250 ms) is the memory the pass really holds:
 * that is the figure that must stay flat as the file grows.
 */
async function withPeakHeap<T>(fn: () => Promise<T>): Promise<{ value: T; peakHeapMb: number; peakRssMb: number; retainedHeapMb: number | null }> {
  const gc = (global as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  let retained = base.heapUsed;
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 20);
  const collector = gc
    ? setInterval(() => {
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed);
      }, 250)
    : null;
  try {
    const value = await fn();
    return { value, peakHeapMb: mb(peakHeap - base.heapUsed), peakRssMb: mb(peakRss - base.rss), retainedHeapMb: gc ? mb(retained - base.heapUsed) : null };
  } finally {
    clearInterval(timer);
    if (collector) clearInterval(collector);
  }
}

export default async function importBench(args: string[]) {
  const n = Number(argOf(args, 'polygons') ?? 50_000);
  const ogr2ogr = argOf(args, 'ogr2ogr') ?? '/usr/bin/ogr2ogr';
  const bench = await benchDatabase('import');
  const db = bench.database.db;
  const ctx: Ctx = { db, dbKind: 'postgres', config: loadConfig(), blobs: null as never, actor: systemActor('bench-import'), requestId: 'bench-import' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-bench-import-'));
  try {
    const areas = loadBoundaryFiles();
    await importDocument(ctx, 'areas', areas, { repair: true });
    const focus = areas.features
      .filter((f) => DEMO_FOCUS.includes(String(f.properties.code)))
      .map((f) => ({ geometry: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][] }));

    const small = Math.max(100, Math.floor(n / 4));
    const fileSmall = shapefileOf(focus, small, 7);
    const fileBig = shapefileOf(focus, n, 13);
    const bigPath = path.join(dir, 'hazards.zip');
    fs.writeFileSync(bigPath, fileBig);

    // Warm up (sql.js/proj4 loading, plan caches) on a small file, then measure the small and the big file.
    await importFile(ctx, 'hazards', { bytes: shapefileOf(focus, 200, 3), filename: 'warm.zip' }, { dryRun: true });
    // Memory: the same pass (a dry run) over a file 4× smaller and the full file.
    const a = await withPeakHeap(() => importFile(ctx, 'hazards', { bytes: fileSmall, filename: 'small.zip' }, { dryRun: true }));
    const b = await withPeakHeap(() => importFile(ctx, 'hazards', { bytes: fileBig, filename: 'hazards.zip' }, { dryRun: true }));
    let t = performance.now();
    const done = await importFile(ctx, 'hazards', { bytes: fileBig, filename: 'hazards.zip' });
    const berpaS = (performance.now() - t) / 1000;
    const imported = 'imported' in done ? done.imported : 0;

    // ogr2ogr: the same file, the same database, a plain table, COPY mode.
    const u = new URL(bench.url);
    const pgConn = `PG:host=${u.hostname} port=${u.port || 5432} dbname=${u.pathname.slice(1)} user=${decodeURIComponent(u.username)}${u.password ? ` password=${decodeURIComponent(u.password)}` : ''}`;
    t = performance.now();
    await run(
      ogr2ogr,
      [
        '-f',
        'PostgreSQL',
        pgConn,
        `/vsizip/${bigPath}`,
        '-nln',
        'ogr_hazards',
        '-nlt',
        'MULTIPOLYGON',
        '-lco',
        'GEOMETRY_NAME=geom',
        '-lco',
        'SPATIAL_INDEX=GIST',
        '--config',
        'PG_USE_COPY',
        'YES',
      ],
      { maxBuffer: 16 << 20 },
    );
    const ogrS = (performance.now() - t) / 1000;
    const ogrRows = Number((await sql<{ n: string }>`select count(*)::text as n from ogr_hazards`.execute(db)).rows[0].n);

    const berpaRate = imported / berpaS;
    const ogrRate = ogrRows / ogrS;
    report('import', {
      polygons: n,
      fileBytes: fileBig.length,
      berpa: {
        imported,
        seconds: Math.round(berpaS * 100) / 100,
        featuresPerSecond: Math.round(berpaRate),
        checks: 'attributes, duplicate references, ST_IsValid, district and country territory, status refresh, audit',
      },
      ogr2ogr: { rows: ogrRows, seconds: Math.round(ogrS * 100) / 100, featuresPerSecond: Math.round(ogrRate) },
      ratio: Math.round((berpaRate / ogrRate) * 100) / 100,
      target: 0.5,
      memory: {
        note: 'above the start of a dry run over each file (the same pass as the import, ending in a rollback): peak heap and RSS, and the heap still in use after full collections (retainedHeapMb, needs node --expose-gc); the file bytes themselves are held by the caller',
        small: { polygons: small, fileBytes: fileSmall.length, peakHeapMb: a.peakHeapMb, peakRssMb: a.peakRssMb, retainedHeapMb: a.retainedHeapMb },
        big: { polygons: n, fileBytes: fileBig.length, peakHeapMb: b.peakHeapMb, peakRssMb: b.peakRssMb, retainedHeapMb: b.retainedHeapMb },
      },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await bench.drop();
  }
}
