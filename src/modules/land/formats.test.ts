/**
 * Real-world files: every format with success and refusal, text encodings,
 * reprojection, dry runs and the import record. Fixtures are made here from
 * plain data (shapefile-writer, geopackage-writer), never committed binaries.
 */
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGeoPackage } from '../../../test/fixtures/land/geopackage-writer.ts';
import { PULKOVO_GK8_PRJ, UTM38N_PRJ, zippedShapefile } from '../../../test/fixtures/land/shapefile-writer.ts';
import { box, collection, feature, landEnv, polygon, TERRITORY, upload } from '../../../test/fixtures/land/territory.ts';
import type { TestEnv } from '../../../test/helpers/app.ts';
import type { TestUser } from '../../../test/helpers/factories.ts';

let env: TestEnv;
let mine: TestUser;
let admin: TestUser;
const json = (o: unknown) => JSON.stringify(o);
const hz = (reference: string, extra: Record<string, unknown> = {}) => ({ reference, classification: 'SHA', hazard_types: 'ap_mines', recorded_on: '2022-01-05', ...extra });

async function hazard(reference: string) {
  return env.deps.db.selectFrom('hazard_area').select(['name', 'reference']).where('reference', '=', reference).executeTakeFirst();
}
async function hazardCount() {
  const r = await env.deps.db
    .selectFrom('hazard_area')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
/** The hazard's stored outline, first vertex, as [lon, lat]. */
async function firstVertex(reference: string): Promise<number[]> {
  const { rows } = await (await import('kysely')).sql<{ x: number; y: number }>`
    select ST_X(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1)) as x, ST_Y(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1)) as y
    from hazard_area where reference = ${reference}`.execute(env.deps.db);
  return [rows[0].x, rows[0].y];
}
/** Metres between two lon/lat points (equirectangular: fine at these distances). */
const metres = (a: number[], b: number[]) => Math.hypot((a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * 110_574);

async function expectRefused(r: { statusCode: number; headers: Record<string, unknown>; json: () => any; body: string }, code: string, detail: RegExp) {
  expect(r.statusCode, r.body).toBe(400);
  expect(String(r.headers['content-type'])).toMatch(/problem\+json/);
  expect(r.json().code).toBe(code);
  expect(r.json().detail).toMatch(detail);
}

beforeAll(async () => {
  ({ env, mine, admin } = await landEnv());
});
afterAll(() => env?.close());

describe('GeoJSON', () => {
  it('accepts a byte-order mark and 3-D coordinates', async () => {
    const ring = box(46.1, 39.05, 46.11, 39.06)[0].map(([x, y]) => [x, y, 250.5]);
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(json(collection([feature(hz('BOM-1', { name: 'Ağdam düzü' }), { type: 'Polygon', coordinates: [ring] })]))),
    ]);
    const r = await upload(env, mine.auth, 'hazards', 'bom.geojson', bytes);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ imported: 1, sourceCrs: 'EPSG:4326' });
    expect((await hazard('BOM-1'))?.name).toBe('Ağdam düzü');
  });

  it('reprojects a legacy crs member (Web Mercator)', async () => {
    // EPSG:3857 of 46.2°E 39.05°N and 46.21°E 39.06°N (x = R·λ, y = R·ln tan(π/4 + φ/2)).
    const R = 6378137;
    const m = (lon: number, lat: number) => [(R * lon * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
    const ring = [m(46.2, 39.05), m(46.21, 39.05), m(46.21, 39.06), m(46.2, 39.06), m(46.2, 39.05)];
    const doc = { ...collection([feature(hz('WM-1'), { type: 'Polygon', coordinates: [ring] })]), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } };
    const r = await upload(env, mine.auth, 'hazards', 'wm.geojson', json(doc));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().sourceCrs).toBe('EPSG:3857');
    expect(metres(await firstVertex('WM-1'), [46.2, 39.05])).toBeLessThan(0.01);
  });

  it('refuses invalid UTF-8, naming the file and the encoding', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"'),
      Buffer.from([0xc0, 0xe3, 0xe4, 0xe0, 0xec]),
      Buffer.from('"},"geometry":null}]}'),
    ]);
    const r = await upload(env, mine.auth, 'hazards', 'cp1251.geojson', bytes);
    await expectRefused(r, 'land_bad_encoding', /cp1251\.geojson.*UTF-8/);
    expect(r.json().errors).toEqual([{ field: 'file', message: 'cp1251.geojson is not valid UTF-8' }]);
  });

  it('points out projected coordinates given without a crs, and accepts the crs stated by the importer', async () => {
    const ring = [
      [600000, 4400000],
      [600100, 4400000],
      [600100, 4400100],
      [600000, 4400100],
      [600000, 4400000],
    ];
    const doc = json(collection([feature(hz('UTM-GJ'), { type: 'Polygon', coordinates: [ring] })]));
    const r = await upload(env, mine.auth, 'hazards', 'utm.geojson', doc);
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].message).toMatch(/projected metres/);
    const ok = await upload(env, mine.auth, 'hazards', 'utm.geojson', doc, { crs: 'EPSG:32638' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().sourceCrs).toBe('EPSG:32638');
  });
});

describe('KML and KMZ', () => {
  const placemark = (ref: string, name: string, x: number, alt = true) => `
  <Placemark><name>${name}</name>
    <ExtendedData><Data name="reference"><value>${ref}</value></Data><Data name="classification"><value>CHA</value></Data>
      <Data name="hazard_types"><value>ap_mines</value></Data><Data name="recorded_on"><value>2021-07-01</value></Data></ExtendedData>
    <MultiGeometry>
      <Polygon><altitudeMode>clampToGround</altitudeMode><outerBoundaryIs><LinearRing><coordinates>${[
        [x, 39.2],
        [x + 0.01, 39.2],
        [x + 0.01, 39.21],
        [x, 39.21],
        [x, 39.2],
      ]
        .map((p) => p.join(',') + (alt ? ',0' : ''))
        .join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>${[
        [x, 39.22],
        [x + 0.01, 39.22],
        [x + 0.01, 39.23],
        [x, 39.23],
        [x, 39.22],
      ]
        .map((p) => p.join(',') + (alt ? ',12.5' : ''))
        .join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon>
    </MultiGeometry>
  </Placemark>`;
  const kmlDoc = (decl: string, body: string) => `<?xml version="1.0" encoding="${decl}"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${body}</Document></kml>`;

  it('reads a Google Earth KML (altitudes, MultiGeometry) declared Windows-1251', async () => {
    const bytes = iconv.encode(kmlDoc('windows-1251', placemark('GE-1', 'Минное поле у реки', 46.6)), 'windows-1251');
    const r = await upload(env, mine.auth, 'hazards', 'google-earth.kml', bytes);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ imported: 1, encoding: 'windows-1251', sourceCrs: 'EPSG:4326' });
    expect((await hazard('GE-1'))?.name).toBe('Минное поле у реки');
  });

  it('refuses a KML declared UTF-8 whose bytes are Windows-1251', async () => {
    const bytes = iconv.encode(kmlDoc('UTF-8', placemark('GE-2', 'Минное поле', 46.62)), 'windows-1251');
    const r = await upload(env, mine.auth, 'hazards', 'mislabelled.kml', bytes);
    await expectRefused(r, 'land_bad_encoding', /mislabelled\.kml.*UTF-8/);
    expect(await hazard('GE-2')).toBeUndefined();
  });

  it('refuses an encoding it does not know', async () => {
    const r = await upload(env, mine.auth, 'hazards', 'x.kml', kmlDoc('x-klingon', placemark('GE-3', 'a', 46.64)));
    await expectRefused(r, 'land_bad_encoding', /x-klingon/);
  });

  it('reads a KMZ (zipped doc.kml with its images)', async () => {
    const kmz = zipSync({ 'doc.kml': Buffer.from(kmlDoc('UTF-8', placemark('KMZ-1', 'Sahə', 46.66, false))), 'files/icon.png': new Uint8Array([0x89, 0x50]) });
    const r = await upload(env, mine.auth, 'hazards', 'survey.kmz', kmz);
    expect(r.statusCode, r.body).toBe(201);
    expect((await hazard('KMZ-1'))?.name).toBe('Sahə');
  });

  it('refuses a KMZ without a KML, and one that is not a zip', async () => {
    await expectRefused(await upload(env, mine.auth, 'hazards', 'e.kmz', zipSync({ 'a.txt': Buffer.from('x') })), 'land_file_unreadable', /no \.kml/);
    await expectRefused(await upload(env, mine.auth, 'hazards', 'e.kmz', 'not a zip'), 'land_file_unreadable', /not a zip/);
  });
});

describe('Shapefile encodings and coordinate systems', () => {
  const attrs = (ref: string, name: string) => ({ REFERENCE: ref, NAME: name, CLASS: 'SHA', HAZ_TYPES: 'AP', RECORDED: '2023-02-03' });

  it('honours a .cpg of 1251 (Russian names)', async () => {
    const zip = zippedShapefile([{ rings: [box(46.6, 39.4, 46.61, 39.41)[0]], attributes: attrs('CPG-1', 'Поле Агдам') }], { cpg: '1251', encoding: 'windows-1251' });
    const r = await upload(env, mine.auth, 'hazards', 'cpg.zip', zip);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().encoding).toBe('cp1251');
    expect((await hazard('CPG-1'))?.name).toBe('Поле Агдам');
  });

  it('honours the language-driver byte when there is no .cpg (0xC9 = Windows-1251)', async () => {
    const zip = zippedShapefile([{ rings: [box(46.62, 39.4, 46.63, 39.41)[0]], attributes: attrs('LDID-1', 'Деревня Шуша') }], { ldid: 0xc9, encoding: 'windows-1251' });
    const r = await upload(env, mine.auth, 'hazards', 'ldid.zip', zip);
    expect(r.statusCode, r.body).toBe(201);
    expect((await hazard('LDID-1'))?.name).toBe('Деревня Шуша');
  });

  it('refuses a .dbf declared UTF-8 that holds Windows-1251, naming the file and the encoding', async () => {
    const zip = zippedShapefile([{ rings: [box(46.64, 39.4, 46.65, 39.41)[0]], attributes: attrs('BAD-ENC', 'Поле') }], { cpg: 'UTF-8', encoding: 'windows-1251', name: 'fields' });
    const r = await upload(env, mine.auth, 'hazards', 'fields.zip', zip);
    await expectRefused(r, 'land_bad_encoding', /fields\.dbf.*UTF-8/);
    expect(r.json().errors[0].message).toMatch(/fields\.dbf/);
    expect(await hazard('BAD-ENC')).toBeUndefined();
  });

  it('refuses bytes that have no character in the declared code page (no U+FFFD stored)', async () => {
    // 0x98 is unassigned in Windows-1251.
    const zip = zippedShapefile([{ rings: [box(46.66, 39.4, 46.67, 39.41)[0]], attributes: attrs('FFFD', 'x') }], { cpg: 'CP1251' });
    const patched = await import('fflate').then(({ unzipSync }) => {
      const files = unzipSync(zip);
      const dbf = files['layer.dbf'];
      dbf[dbf.lastIndexOf(0x78)] = 0x98;
      return zipSync(files);
    });
    await expectRefused(await upload(env, mine.auth, 'hazards', 'fffd.zip', patched), 'land_bad_encoding', /replacement characters/);
    expect(await hazard('FFFD')).toBeUndefined();
  });

  it('reprojects UTM 38N: a known point lands within 1 m of its longitude/latitude', async () => {
    // Reference: GDAL 3 / PROJ (`gdaltransform -s_srs EPSG:32638 -t_srs EPSG:4326`): 600000 E 4400000 N → 46.1671518753458, 39.7440395629511.
    const ring = [
      [600000, 4400000],
      [600000, 4400500],
      [600500, 4400500],
      [600500, 4400000],
      [600000, 4400000],
    ];
    const r = await upload(env, mine.auth, 'hazards', 'utm.zip', zippedShapefile([{ rings: [ring], attributes: attrs('UTM-1', 'u') }], { prj: UTM38N_PRJ }));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().sourceCrs).toBe('WKT "WGS_1984_UTM_Zone_38N"');
    const v = await firstVertex('UTM-1');
    expect(metres(v, [46.1671518753458, 39.7440395629511])).toBeLessThan(1);
    const rec = await env.deps.db.selectFrom('land_import').selectAll().where('id', '=', r.json().importId).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ kind: 'hazards', format: 'shapefile', source_crs: 'WKT "WGS_1984_UTM_Zone_38N"', feature_count: 1, created_count: 1 });
  });

  it('reprojects Pulkovo 1942 / Gauss-Krüger zone 8 from an ESRI .prj, with the datum shift', async () => {
    // Reference: `gdaltransform -s_srs EPSG:28408 -t_srs EPSG:4326`: 8600000 E 4400000 N → 46.1651836385756, 39.7273875476451.
    const ring = [
      [8600000, 4400000],
      [8600000, 4400400],
      [8600400, 4400400],
      [8600400, 4400000],
      [8600000, 4400000],
    ];
    const r = await upload(env, mine.auth, 'hazards', 'gk.zip', zippedShapefile([{ rings: [ring], attributes: attrs('GK-1', 'g') }], { prj: PULKOVO_GK8_PRJ }));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().sourceCrs).toBe('EPSG:28408');
    expect(metres(await firstVertex('GK-1'), [46.1651836385756, 39.7273875476451])).toBeLessThan(1);
  });

  it('uses the crs stated for a Shapefile without .prj, and refuses a stated crs that contradicts a .prj', async () => {
    const ring = [
      [300000, 4420000],
      [300000, 4420300],
      [300300, 4420300],
      [300300, 4420000],
      [300000, 4420000],
    ];
    const noPrj = zippedShapefile([{ rings: [ring], attributes: attrs('Z39-1', 'z') }], { prj: null });
    await expectRefused(await upload(env, mine.auth, 'hazards', 'z.zip', noPrj), 'land_wrong_crs', /no layer\.prj/);
    // Reference: `gdaltransform -s_srs EPSG:32639`: 300000 E 4420000 N → 48.6602786368761, 39.9064974345347 (outside the test territory, so check the message)
    const r = await upload(env, mine.auth, 'hazards', 'z.zip', noPrj, { crs: 'EPSG:32639' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('land_outside_territory');
    const both = await upload(env, mine.auth, 'hazards', 'z.zip', zippedShapefile([{ rings: [ring], attributes: attrs('Z39-1', 'z') }], { prj: UTM38N_PRJ }), {
      crs: 'EPSG:32639',
    });
    await expectRefused(both, 'land_wrong_crs', /already declares/);
  });
});

describe('GeoPackage', () => {
  const sq = (x: number, y: number, d = 0.01) => [box(x, y, x + d, y + d)[0]];

  it('reads a GeoPackage layer (WGS 84, with Z)', async () => {
    const gpkg = await writeGeoPackage([
      {
        polygons: [sq(46.7, 39.5).map((r) => r.map(([x, y]) => [x, y, 400]))],
        attributes: { reference: 'GP-1', classification: 'CHA', hazard_types: 'erw', recorded_on: '2024-03-01', name: 'Qərbi sahə' },
      },
      {
        polygons: [sq(46.72, 39.5), sq(46.74, 39.5)],
        attributes: { reference: 'GP-2', classification: 'SHA', hazard_types: 'av_mines', recorded_on: '2024-03-02', name: 'İki sahə' },
      },
    ]);
    const r = await upload(env, mine.auth, 'hazards', 'qgis.gpkg', gpkg);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ imported: 2, sourceCrs: 'EPSG:4326' });
    expect((await hazard('GP-2'))?.name).toBe('İki sahə');
  });

  it('reprojects a GeoPackage in UTM 38N (srs_id from gpkg_spatial_ref_sys)', async () => {
    const ring = [
      [610000, 4400000],
      [610000, 4400300],
      [610300, 4400300],
      [610300, 4400000],
      [610000, 4400000],
    ];
    const gpkg = await writeGeoPackage([{ polygons: [[ring]], attributes: { reference: 'GP-UTM', classification: 'SHA', hazard_types: 'erw', recorded_on: '2024-03-01' } }], {
      srsId: 32638,
      srs: { organization: 'EPSG', code: 32638, definition: UTM38N_PRJ },
    });
    const r = await upload(env, mine.auth, 'hazards', 'utm.gpkg', gpkg);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().sourceCrs).toBe('EPSG:32638');
  });

  it('refuses a file that is not SQLite, one with several layers, an undefined srs and a damaged geometry', async () => {
    const base = { polygons: [sq(46.7, 39.6)], attributes: { reference: 'GP-X', classification: 'SHA', hazard_types: 'erw', recorded_on: '2024-03-01' } };
    await expectRefused(await upload(env, mine.auth, 'hazards', 'x.gpkg', 'hello'), 'land_file_unreadable', /not an SQLite database/);
    await expectRefused(
      await upload(env, mine.auth, 'hazards', 'x.gpkg', await writeGeoPackage([base], { extraTables: ['roads'] })),
      'land_file_unreadable',
      /2 feature tables \(layer, roads\)/,
    );
    await expectRefused(await upload(env, mine.auth, 'hazards', 'x.gpkg', await writeGeoPackage([base], { srsId: -1 })), 'land_wrong_crs', /undefined coordinate system/);
    const damaged = await writeGeoPackage([base], { rawBlob: () => new Uint8Array([0x47, 0x50, 0, 1, 0xe6, 0x10, 0, 0, 1, 6, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]) });
    await expectRefused(await upload(env, mine.auth, 'hazards', 'x.gpkg', damaged), 'land_file_unreadable', /row 1/);
    expect(await hazard('GP-X')).toBeUndefined();
  });
});

describe('dry run', () => {
  it('says per feature what would be created or refused, with the GeoJSON preview, and writes nothing', async () => {
    const before = await hazardCount();
    const imports = await env.deps.db
      .selectFrom('land_import')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const file = collection([
      feature(hz('DRY-1'), polygon(46.3, 39.8, 46.31, 39.81)),
      feature(hz('BOM-1'), polygon(46.3, 39.82, 46.31, 39.83)),
      feature(hz('DRY-3', { classification: 'maybe' }), polygon(46.3, 39.84, 46.31, 39.85)),
      feature(hz('DRY-4', { recorded_on: 'yesterday' }), null),
    ]);
    const m = (await import('../../../test/fixtures/land/territory.ts')).multipart('dry.geojson', json(file));
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/land/imports/hazards?dryRun=true', headers: { ...m.headers, authorization: mine.auth }, payload: m.payload });
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json();
    expect(p).toMatchObject({ dryRun: true, features: 4, wouldCreate: 1, wouldUpdate: 0, refused: 3, sourceCrs: 'EPSG:4326', previewTruncated: false });
    expect(p.preview.type).toBe('FeatureCollection');
    expect(p.preview.features.map((f: { properties: { action: string } }) => f.properties.action)).toEqual(['create', 'refuse', 'refuse', 'refuse']);
    // A feature with no geometry still has its attributes checked.
    expect(p.preview.features[3].properties.errors.map((e: { field: string }) => e.field)).toEqual([
      'features[3] (id DRY-4).geometry',
      'features[3] (id DRY-4).properties.recorded_on',
    ]);
    expect(p.preview.features[0].geometry.type).toBe('MultiPolygon');
    expect(p.preview.features[1].properties.errors[0]).toMatchObject({ field: 'features[1] (id BOM-1).properties.reference', message: 'BOM-1 is already recorded' });
    expect(p.preview.features[2].properties.errors[0].field).toBe('features[2] (id DRY-3).properties.classification');
    expect(await hazardCount()).toBe(before);
    const after = await env.deps.db
      .selectFrom('land_import')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(imports.n));
  });

  it('says which areas would be updated', async () => {
    const m = (await import('../../../test/fixtures/land/territory.ts')).multipart('t.geojson', json(TERRITORY));
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/land/imports/areas?dryRun=true', headers: { ...m.headers, authorization: admin.auth }, payload: m.payload });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ wouldCreate: 0, wouldUpdate: 3, refused: 0 });
  });
});
