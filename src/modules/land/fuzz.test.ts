/**
 * Malformed input never reaches an internal error: fast-check generates
 * broken GeoJSON, KML, KMZ, Shapefiles and GeoPackages. Each must get a 4xx
 * problem+json whose errors name a field or feature (or import cleanly, when
 * a mutation happens to leave a valid file), never a 5xx; and the CLI must
 * print the same message without a stack trace.
 */

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeoPackage } from '../../../test/fixtures/land/geopackage-writer.ts';
import { zippedShapefile } from '../../../test/fixtures/land/shapefile-writer.ts';
import { box, collection, feature, polygon, TERRITORY, upload } from '../../../test/fixtures/land/territory.ts';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';
import { type ImportFormat, openUpload } from './formats.ts';
import { readFeature } from './geojson.ts';

let env: TestEnv;
let mine: TestUser;
const RUNS = Number(process.env.BERPA_FUZZ_RUNS ?? 25);

beforeAll(async () => {
  // Hundreds of uploads from one address in a minute: lift the upload limit (a setting); the rest stay as shipped.
  const shipped = loadConfig({ NODE_ENV: 'test' }).rateLimits;
  env = await testEnv({ rateLimits: { ...shipped, upload: { max: 1_000_000, windowSeconds: 60 } } });
  mine = await makeUser(env.deps, { roles: ['mine_action'] });
  const admin = await makeUser(env.deps, { roles: ['admin'] });
  expect((await upload(env, admin.auth, 'areas', 't.geojson', JSON.stringify(TERRITORY))).statusCode).toBe(201);
});
afterAll(() => env?.close());

// ---- valid seeds, then ways to break them ----

const props = (i: number) => ({ reference: `FZ-${i}`, classification: 'SHA', hazard_types: 'ap_mines', recorded_on: '2022-01-05' });
const goodGeoJson = JSON.stringify(collection([feature(props(1), polygon(46.1, 39.1, 46.11, 39.11)), feature(props(2), polygon(46.6, 39.1, 46.61, 39.11))]));
const goodKml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>a</name>
<ExtendedData><Data name="reference"><value>FZ-K</value></Data><Data name="classification"><value>SHA</value></Data><Data name="hazard_types"><value>erw</value></Data><Data name="recorded_on"><value>2022-01-05</value></Data></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>46.1,39.1,0 46.11,39.1,0 46.11,39.11,0 46.1,39.11,0 46.1,39.1,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`;
const shpFeatures = [{ rings: [box(46.1, 39.1, 46.11, 39.11)[0]], attributes: { REFERENCE: 'FZ-S', CLASS: 'SHA', HAZ_TYPES: 'AP', RECORDED: '2022-01-05' } }];

/** Byte-level damage: flips, truncation, insertion. */
const damage = (bytes: Uint8Array) =>
  fc.oneof(
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = Uint8Array.from(bytes);
      for (const [at, v] of flips) b[at % b.length] = v;
      return b;
    }),
    fc.nat({ max: bytes.length - 1 }).map((n) => bytes.subarray(0, n)),
    fc
      .tuple(fc.nat({ max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 40 }))
      .map(([at, ins]) => Uint8Array.from([...bytes.subarray(0, at), ...ins, ...bytes.subarray(at)])),
  );

/** Structural damage to GeoJSON: random values where features, geometries, coordinates and properties go. */
const brokenGeoJson = fc
  .oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({
        type: fc.constantFrom('FeatureCollection', 'Feature', 'Polygon', 'x'),
        features: fc.array(
          fc.oneof(
            fc.anything(),
            fc.record({
              type: fc.constantFrom('Feature', 'feature'),
              properties: fc.oneof(fc.constant(props(9)), fc.dictionary(fc.string(), fc.jsonValue())),
              geometry: fc.oneof(
                fc.jsonValue(),
                fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'GeometryCollection'), coordinates: fc.jsonValue() }),
                fc.record({
                  type: fc.constant('Polygon'),
                  coordinates: fc.array(fc.array(fc.array(fc.oneof(fc.double(), fc.integer({ min: -200, max: 200 })), { maxLength: 4 }), { maxLength: 6 }), { maxLength: 2 }),
                }),
              ),
            }),
          ),
          { maxLength: 4 },
        ),
        crs: fc.option(fc.jsonValue(), { nil: undefined }),
      })
      .map((d) => JSON.stringify(d)),
  )
  .map((s) => Buffer.from(s));

const brokenKml = fc.oneof(
  damage(Buffer.from(goodKml)),
  fc
    .tuple(fc.constantFrom('coordinates', 'value', 'name'), fc.string())
    .map(([tag, junk]) => Buffer.from(goodKml.replace(new RegExp(`<${tag}>[^<]*`), `<${tag}>${junk.replace(/[<&]/g, '')}`))),
);

const brokenShapefile = fc.oneof(
  damage(zippedShapefile(shpFeatures)),
  fc.tuple(fc.constantFrom('layer.shp', 'layer.dbf', 'layer.prj', 'layer.cpg'), fc.nat()).chain(([name, seed]) => {
    const files = unzipSync(zippedShapefile(shpFeatures, { cpg: 'UTF-8' }));
    return damage(files[name]).map((b) => zipSync({ ...files, [name]: b, _seed: new Uint8Array([seed & 255]) }));
  }),
);

async function assertProblem(format: ImportFormat, name: string, bytes: Uint8Array) {
  const r = await upload(env, mine.auth, 'hazards', name, bytes, { format });
  if (r.statusCode === 201) return; // the damage left a valid file
  expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
  expect(r.statusCode, r.body).toBeLessThan(500);
  expect(String(r.headers['content-type'])).toMatch(/application\/problem\+json/);
  const body = r.json();
  expect(body.errors?.length, r.body).toBeGreaterThan(0);
  for (const e of body.errors) expect(e.field, r.body).toMatch(/^(file|crs|format|type|features|features\[\d+\].*|\/body\/.*)$/);
}

describe('reading (pure): only AppErrors with a 4xx status, never anything else', () => {
  /** Open and read every feature, as the import does before PostGIS. */
  async function readAll(bytes: Uint8Array, format: ImportFormat) {
    try {
      const s = await openUpload(bytes, format, { filename: `fuzz.${format}` });
      let i = 0;
      for (const f of s.features) readFeature(i++, f);
      s.close?.();
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.status).toBeLessThan(500);
      expect(e.errors?.length).toBeGreaterThan(0);
    }
  }
  it('GeoJSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(brokenGeoJson, damage(Buffer.from(goodGeoJson))), (b) => readAll(b, 'geojson')),
      { numRuns: RUNS * 20 },
    );
  });
  it('KML and KMZ', async () => {
    await fc.assert(
      fc.asyncProperty(brokenKml, (b) => readAll(b, 'kml')),
      { numRuns: RUNS * 20 },
    );
    await fc.assert(
      fc.asyncProperty(damage(zipSync({ 'doc.kml': Buffer.from(goodKml) })), (b) => readAll(b, 'kmz')),
      { numRuns: RUNS * 4 },
    );
  });
  it('Shapefile', async () => {
    await fc.assert(
      fc.asyncProperty(brokenShapefile, (b) => readAll(b, 'shapefile')),
      { numRuns: RUNS * 20 },
    );
  });
  it('GeoPackage', async () => {
    const gpkg = await writeGeoPackage([{ polygons: [box(46.1, 39.1, 46.11, 39.11)], attributes: props(5) }]);
    await fc.assert(
      fc.asyncProperty(damage(gpkg), (b) => readAll(b, 'geopackage')),
      { numRuns: RUNS * 4 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 120 }), async (blob) =>
        readAll(await writeGeoPackage([{ polygons: [], attributes: props(6) }], { rawBlob: () => Uint8Array.from([0x47, 0x50, ...blob]) }), 'geopackage'),
      ),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('through the API: 4xx problem+json naming the field or feature, never 5xx', () => {
  it('GeoJSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(brokenGeoJson, damage(Buffer.from(goodGeoJson))), (b) => assertProblem('geojson', 'f.geojson', b)),
      { numRuns: RUNS },
    );
  });
  // Valid features whose attributes are replaced by any text, NUL and replacement characters included: damage the
  // structural generator seldom reaches, since its random attributes are refused before anything is inserted.
  it('GeoJSON: any text in any attribute of a valid feature', async () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('\u0000', 'a\u0000b', '\uFFFD', '2022-01-05\u0000', 'ap_mines\u0000'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('reference', 'name', 'notes', 'classification', 'hazard_types', 'recorded_on', 'extra\u0000'), text), (edits) => {
        const p = { ...props(1000 + ++n), ...edits };
        return assertProblem('geojson', 'f.geojson', Buffer.from(JSON.stringify(collection([feature(p, polygon(46.1, 39.1, 46.11, 39.11))]))));
      }),
      { numRuns: RUNS * 2 },
    );
  });
  it('GeoJSON: a NUL in an attribute or the file name is refused naming it, and nothing is written', async () => {
    const before = await env.deps.db
      .selectFrom('hazard_area')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const k of ['reference', 'name', 'notes']) {
      const p = { ...props(2000), [k]: 'a\u0000b' };
      const r = await upload(env, mine.auth, 'hazards', 'nul.geojson', JSON.stringify(collection([feature(p, polygon(46.1, 39.1, 46.11, 39.11))])));
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().errors, r.body).toContainEqual(expect.objectContaining({ field: expect.stringMatching(new RegExp(`^features\\[0\\].*\\.properties\\.${k}$`)) }));
    }
    const named = await upload(env, mine.auth, 'hazards', 'a\u0000b.geojson', JSON.stringify(collection([feature(props(2001), polygon(46.1, 39.1, 46.11, 39.11))])));
    expect(named.statusCode, named.body).toBe(400);
    expect(named.json().errors).toContainEqual({ field: '/body/file', message: 'the file name contains a NUL character' });
    const after = await env.deps.db
      .selectFrom('hazard_area')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
  it('KML', async () => {
    await fc.assert(
      fc.asyncProperty(brokenKml, (b) => assertProblem('kml', 'f.kml', b)),
      { numRuns: RUNS },
    );
  });
  it('Shapefile', async () => {
    await fc.assert(
      fc.asyncProperty(brokenShapefile, (b) => assertProblem('shapefile', 'f.zip', b)),
      { numRuns: RUNS },
    );
  });
  it('GeoPackage', async () => {
    const gpkg = await writeGeoPackage([{ polygons: [box(46.1, 39.1, 46.11, 39.11)], attributes: props(7) }]);
    await fc.assert(
      fc.asyncProperty(damage(gpkg), (b) => assertProblem('geopackage', 'f.gpkg', b)),
      { numRuns: RUNS },
    );
  });
});

describe('the CLI prints the same message, without a stack trace', () => {
  const run = promisify(execFile);
  it('for a malformed GeoJSON (one spawn: each opens an embedded database)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-cli-'));
    const files = {
      'bad.geojson': Buffer.from(
        JSON.stringify(
          collection([
            feature(props(1), {
              type: 'Polygon',
              coordinates: [
                [
                  [46.1, 39.1],
                  [46.2, 39.1],
                  [46.1, 39.1],
                ],
              ],
            }),
          ]),
        ),
      ),
    };
    // The message the API gives for the same bytes.
    const expected: Record<string, string> = {};
    for (const [name, bytes] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), bytes);
      const r = await upload(env, mine.auth, 'hazards', name, bytes);
      expect(r.statusCode).toBe(400);
      expected[name] = r.json().detail;
    }
    const cliEnv = { ...process.env, BERPA_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', NODE_ENV: 'test' };
    for (const name of Object.keys(files)) {
      const out = await run(process.execPath, ['bin/berpa.mjs', 'import', 'hazards', path.join(dir, name)], { env: cliEnv }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(out.code, out.stderr).toBe(3);
      expect(out.stderr).toContain(expected[name]);
      expect(out.stderr).toContain('  features[0] (id FZ-1).geometry: coordinates[0] has 3 positions; a ring needs at least 4');
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }, 600_000);
});
