import { unzipSync, zipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UTM38N_PRJ, zippedShapefile } from '../../../test/fixtures/land/shapefile-writer.ts';
import { box, collection, feature, landEnv, polygon, upload } from '../../../test/fixtures/land/territory.ts';
import type { TestEnv } from '../../../test/helpers/app.ts';
import type { TestUser } from '../../../test/helpers/factories.ts';

let env: TestEnv;
let mine: TestUser;
const json = (o: unknown) => JSON.stringify(o);

async function counts() {
  const h = await env.deps.db
    .selectFrom('hazard_area')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const r = await env.deps.db
    .selectFrom('land_release')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { hazards: Number(h.n), releases: Number(r.n) };
}

const hazardProps = (reference: string) => ({ reference, classification: 'SHA', hazard_types: 'ap_mines', recorded_on: '2022-01-05' });

beforeAll(async () => {
  ({ env, mine } = await landEnv());
});
afterAll(() => env?.close());

describe('importing good files', () => {
  it('imports GeoJSON', async () => {
    const r = await upload(env, mine.auth, 'hazards', 'a.geojson', json(collection([feature(hazardProps('G-1'), polygon(46.1, 39.1, 46.11, 39.11))])));
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ kind: 'hazards', imported: 1 });
  });

  it('labels each imported area with its district: the one holding it, else the one holding most of it', async () => {
    const r = await upload(
      env,
      mine.auth,
      'hazards',
      'districts.geojson',
      json(
        collection([
          feature(hazardProps('D-W'), polygon(46.1, 39.5, 46.11, 39.51)),
          feature(hazardProps('D-E'), polygon(46.8, 39.5, 46.81, 39.51)),
          feature(hazardProps('D-X'), polygon(46.45, 39.6, 46.6, 39.61)),
        ]),
      ),
    );
    expect(r.statusCode, r.body).toBe(201);
    const rel = await upload(
      env,
      mine.auth,
      'releases',
      'r.geojson',
      json(collection([feature({ reference: 'D-RL', method: 'clearance', completed_on: '2023-01-01' }, polygon(46.8, 39.5, 46.805, 39.505))])),
    );
    expect(rel.statusCode, rel.body).toBe(201);
    const q = async (table: 'hazard_area' | 'land_release') =>
      (
        await sql<{
          reference: string;
          code: string;
        }>`select x.reference, a.code from ${sql.table(table)} x join area a on a.id = x.district_id where x.reference like 'D-%' order by x.reference`.execute(env.deps.db)
      ).rows;
    expect(await q('hazard_area')).toEqual([
      { reference: 'D-E', code: 'TC-E' },
      { reference: 'D-W', code: 'TC-W' },
      { reference: 'D-X', code: 'TC-E' },
    ]);
    expect(await q('land_release')).toEqual([{ reference: 'D-RL', code: 'TC-E' }]);
  });

  it('imports KML (placemarks with extended data, MultiGeometry)', async () => {
    const coords = (x: number) => `${x},39.2 ${x + 0.01},39.2 ${x + 0.01},39.21 ${x},39.21 ${x},39.2`;
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Orchard</name>
    <ExtendedData><Data name="reference"><value>K-1</value></Data><Data name="classification"><value>CHA</value></Data>
      <Data name="hazard_types"><value>ap_mines,av_mines</value></Data><Data name="recorded_on"><value>2021-07-01</value></Data></ExtendedData>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(46.1)}</coordinates></LinearRing></outerBoundaryIs></Polygon>
  </Placemark>
  <Placemark><name>Two fields</name>
    <ExtendedData><Data name="reference"><value>K-2</value></Data><Data name="classification"><value>SHA</value></Data>
      <Data name="hazard_types"><value>erw</value></Data><Data name="recorded_on"><value>2021-08-01</value></Data></ExtendedData>
    <MultiGeometry>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(46.2)}</coordinates></LinearRing></outerBoundaryIs></Polygon>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(46.3)}</coordinates></LinearRing></outerBoundaryIs></Polygon>
    </MultiGeometry>
  </Placemark>
</Document></kml>`;
    const r = await upload(env, mine.auth, 'hazards', 'survey.kml', kml);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().imported).toBe(2);
    const list = (await env.app.inject({ method: 'GET', url: '/api/v1/land/hazard-areas?limit=200' })).json().items;
    expect(list.find((h: { reference: string }) => h.reference === 'K-1')).toMatchObject({ name: 'Orchard', classification: 'CHA', hazardTypes: ['ap_mines', 'av_mines'] });
  });

  it('imports a zipped Shapefile with a WGS84 .prj (short column names)', async () => {
    const zip = zippedShapefile([
      { rings: [box(46.6, 39.3, 46.61, 39.31)[0]], attributes: { REFERENCE: 'S-1', CLASS: 'CHA', HAZ_TYPES: 'AP', RECORDED: '2023-02-03' } },
      {
        rings: [box(46.7, 39.3, 46.72, 39.32)[0], box(46.705, 39.305, 46.71, 39.31)[0]],
        attributes: { REFERENCE: 'S-2', CLASS: 'SHA', HAZ_TYPES: 'cluster', RECORDED: '2023-02-04' },
      },
    ]);
    const r = await upload(env, mine.auth, 'hazards', 'ims-export.zip', zip);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().imported).toBe(2);
    const list = (await env.app.inject({ method: 'GET', url: '/api/v1/land/hazard-areas?limit=200' })).json().items;
    const s2 = list.find((h: { reference: string }) => h.reference === 'S-2');
    // The hole is kept: 0.02° square minus a 0.005° square.
    expect(s2.areaKm2 / list.find((h: { reference: string }) => h.reference === 'S-1').areaKm2).toBeCloseTo((0.0004 - 0.000025) / 0.0001, 1);
  });

  it('repairs a self-intersecting polygon only when asked to', async () => {
    const bowtie = collection([
      feature(hazardProps('B-1'), {
        type: 'Polygon',
        coordinates: [
          [
            [46.1, 39.4],
            [46.12, 39.42],
            [46.12, 39.4],
            [46.1, 39.42],
            [46.1, 39.4],
          ],
        ],
      }),
    ]);
    const refused = await upload(env, mine.auth, 'hazards', 'b.geojson', json(bowtie));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'features[0] (id B-1).geometry' });
    expect(refused.json().errors[0].message).toMatch(/Self-intersection/);
    const repaired = await upload(env, mine.auth, 'hazards', 'b.geojson', json(bowtie), { repair: 'true' });
    expect(repaired.statusCode, repaired.body).toBe(201);
  });

  it('exports hazards as RFC 7946 GeoJSON that imports again', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/land/hazard-areas/geojson' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.features.length).toBeGreaterThanOrEqual(6);
    expect(doc.features.every((f: { geometry: { type: string } }) => f.geometry.type === 'MultiPolygon')).toBe(true);
    expect(doc).not.toHaveProperty('crs');
  });
});

describe('refusing broken files: a clear error naming the feature, nothing imported', () => {
  const cases: [string, string, string | Uint8Array, number, string, RegExp][] = [
    ['not JSON', 'x.geojson', '{"type": "FeatureCollection", ', 400, 'land_file_unreadable', /not valid JSON/],
    ['a zip that is not a zip', 'x.zip', 'PK not really', 400, 'land_file_unreadable', /not a zip/],
    ['a KML that is not XML', 'x.kml', '<kml><Placemark>', 400, 'land_file_unreadable', /XML/],
    ['a KML with another root', 'x.kml', '<?xml version="1.0"?><gpx></gpx>', 400, 'land_file_unreadable', /<kml>/],
    ['an unknown extension', 'x.dwg', 'abc', 400, 'land_file_unreadable', /format/],
    [
      'a Shapefile without .prj',
      'x.zip',
      zippedShapefile([{ rings: [box(46.1, 39.1, 46.2, 39.2)[0]], attributes: { REFERENCE: 'P-1' } }], { prj: null }),
      400,
      'land_wrong_crs',
      /\.prj/,
    ],
    [
      'a Shapefile whose .prj cannot be understood',
      'x.zip',
      zippedShapefile([{ rings: [box(46.1, 39.1, 46.2, 39.2)[0]], attributes: { REFERENCE: 'P-1' } }], { prj: 'PROJCS["x"]' }),
      400,
      'land_wrong_crs',
      /layer\.prj cannot be understood/,
    ],
    [
      'a Shapefile in UTM with degrees in it',
      'x.zip',
      zippedShapefile([{ rings: [box(46.1, 39.1, 46.2, 39.2)[0]], attributes: { REFERENCE: 'P-1', CLASS: 'SHA', HAZ_TYPES: 'AP', RECORDED: '2023-02-03' } }], { prj: UTM38N_PRJ }),
      400,
      'land_outside_territory',
      /outside every district/,
    ],
    ['a zip without a .shp', 'x.zip', zipSync({ 'readme.txt': Buffer.from('hello') }), 400, 'land_file_unreadable', /no \.shp/],
  ];
  for (const [what, name, bytes, status, code, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await counts();
      const r = await upload(env, mine.auth, 'hazards', name, bytes);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.json().code).toBe(code);
      expect(r.json().detail).toMatch(message);
      expect(await counts()).toEqual(before);
    });
  }

  it('names every bad feature and imports none of the good ones', async () => {
    const before = await counts();
    const file = collection([
      feature(hazardProps('OK-1'), polygon(46.1, 39.6, 46.11, 39.61)),
      feature(hazardProps('UNCLOSED'), {
        type: 'Polygon',
        coordinates: [
          [
            [46.1, 39.6],
            [46.11, 39.6],
            [46.11, 39.61],
            [46.1, 39.61],
          ],
        ],
      }),
      feature(hazardProps('EMPTY'), { type: 'MultiPolygon', coordinates: [] }),
      feature(hazardProps('POINT'), { type: 'Point', coordinates: [46.1, 39.6] }),
      feature({ ...hazardProps('NOCLASS'), classification: 'maybe' }, polygon(46.1, 39.7, 46.11, 39.71)),
      feature({ ...hazardProps('NODATE'), recorded_on: '2022-02-30' }, polygon(46.1, 39.7, 46.11, 39.71)),
      feature(hazardProps('OK-1'), polygon(46.2, 39.6, 46.21, 39.61)),
    ]);
    const r = await upload(env, mine.auth, 'hazards', 'mixed.geojson', json(file));
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('land_features_invalid');
    const fields = r.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'features[1] (id UNCLOSED).geometry',
        'features[2] (id EMPTY).geometry',
        'features[3] (id POINT).geometry',
        'features[4] (id NOCLASS).properties.classification',
        'features[5] (id NODATE).properties.recorded_on',
        'features[6] (id OK-1).properties.reference',
      ]),
    );
    expect(r.json().errors.find((e: { field: string }) => e.field.includes('UNCLOSED')).message).toMatch(/not closed/);
    expect(await counts()).toEqual(before);
  });

  it('refuses features outside the territory, and recognises swapped latitude/longitude', async () => {
    const before = await counts();
    const outside = await upload(env, mine.auth, 'hazards', 'o.geojson', json(collection([feature(hazardProps('FAR'), polygon(10, 50, 10.1, 50.1))])));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe('land_outside_territory');
    expect(outside.json().errors[0]).toMatchObject({ field: 'features[0] (id FAR).geometry' });
    const swapped = {
      type: 'Polygon',
      coordinates: [
        [
          [39.1, 46.1],
          [39.1, 46.11],
          [39.11, 46.11],
          [39.11, 46.1],
          [39.1, 46.1],
        ],
      ],
    };
    const latlon = await upload(env, mine.auth, 'hazards', 's.geojson', json(collection([feature(hazardProps('SWAP'), swapped)])));
    expect(latlon.statusCode).toBe(400);
    expect(latlon.json().errors[0].message).toMatch(/latitude, longitude/);
    const straddling = await upload(env, mine.auth, 'hazards', 'x.geojson', json(collection([feature(hazardProps('EDGE'), polygon(46.95, 39.5, 47.05, 39.6))])));
    expect(straddling.statusCode).toBe(400);
    expect(straddling.json().errors[0].message).toMatch(/outside the programme territory/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a declared CRS it cannot understand', async () => {
    const doc = { ...collection([feature(hazardProps('C-1'), polygon(46.1, 39.1, 46.2, 39.2))]), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::99999' } } };
    const r = await upload(env, mine.auth, 'hazards', 'c.geojson', json(doc));
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('land_wrong_crs');
    expect(r.json().detail).toMatch(/EPSG:99999/);
  });

  it('refuses a duplicate reference and a release naming an unknown hazard, atomically', async () => {
    const before = await counts();
    const dup = await upload(env, mine.auth, 'hazards', 'd.geojson', json(collection([feature(hazardProps('G-1'), polygon(46.3, 39.3, 46.31, 39.31))])));
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0].message).toMatch(/already recorded/);
    const rel = await upload(
      env,
      mine.auth,
      'releases',
      'r.geojson',
      json(
        collection([
          feature({ reference: 'RL-OK', method: 'clearance', completed_on: '2023-01-01' }, polygon(46.1, 39.1, 46.105, 39.105)),
          feature({ reference: 'RL-BAD', method: 'clearance', completed_on: '2023-01-01', hazard_reference: 'NOPE' }, polygon(46.1, 39.1, 46.105, 39.105)),
        ]),
      ),
    );
    expect(rel.statusCode).toBe(400);
    expect(rel.json().errors[0]).toMatchObject({ field: 'features[1] (id RL-BAD).properties.hazard_reference' });
    expect(await counts()).toEqual(before);
  });

  it('validates the upload form itself', async () => {
    const r = await upload(env, mine.auth, 'hazards', 'a.geojson', '{}', { format: 'dxf', colour: 'red' });
    expect(r.statusCode).toBe(400);
    expect(
      r
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['/body/colour', '/body/format']);
    const kind = await upload(env, mine.auth, 'hazards' as never, 'a.geojson', '{}');
    expect(kind.statusCode).toBe(400);
    const wrongKind = await env.app.inject({ method: 'POST', url: '/api/v1/land/imports/mines', headers: { authorization: mine.auth } });
    expect(wrongKind.statusCode).toBe(400);
  });
});

describe('a file of several batches (1,000 features each), read while the batch before it is written', () => {
  // 2,500 small squares on a grid over both districts (TC-W west of 46.5, TC-E east of it).
  const square = (i: number) => {
    const x = 46.02 + (i % 50) * 0.019;
    const y = 39.05 + Math.floor(i / 50) * 0.018;
    return polygon(x, y, x + 0.004, y + 0.004);
  };
  const grid = (prefix: string) => Array.from({ length: 2500 }, (_, i) => feature(hazardProps(`${prefix}-${i}`), square(i)));

  it('refuses the whole file for problems found in its second and third batches, naming each feature', async () => {
    const before = await counts();
    const features = grid('MB-BAD');
    const bowtie = [
      [46.1, 39.4],
      [46.104, 39.404],
      [46.104, 39.4],
      [46.1, 39.404],
      [46.1, 39.4],
    ];
    features[1500] = feature(hazardProps('MB-BAD-1500'), { type: 'Polygon', coordinates: [bowtie] });
    features[2100] = feature(hazardProps('MB-BAD-2100'), polygon(47.5, 39.5, 47.504, 39.504));
    features[2300] = feature(hazardProps('MB-BAD-10'), polygon(46.3, 39.3, 46.304, 39.304));
    const r = await upload(env, mine.auth, 'hazards', 'batches.geojson', json(collection(features)));
    expect(r.statusCode, r.body).toBe(400);
    const fields = r.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['features[1500] (id MB-BAD-1500).geometry', 'features[2100] (id MB-BAD-2100).geometry', 'features[2300] (id MB-BAD-10).properties.reference']),
    );
    expect(fields).toHaveLength(3);
    expect(await counts()).toEqual(before);
  });

  it('imports a good file whole, each feature with its district and area', async () => {
    const before = await counts();
    const r = await upload(env, mine.auth, 'hazards', 'batches.geojson', json(collection(grid('MB'))));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ imported: 2500, created: 2500 });
    expect((await counts()).hazards).toBe(before.hazards + 2500);
    const rows = (
      await sql<{ code: string; n: number; unlabelled: number; tiny: number }>`
        select a.code, count(*)::int as n, count(*) filter (where h.remaining_km2 is null)::int as unlabelled,
          count(*) filter (where h.area_km2 < 0.1 or h.area_km2 > 0.25)::int as tiny
        from hazard_area h join area a on a.id = h.district_id where h.reference like 'MB-%' group by a.code order by a.code`.execute(env.deps.db)
    ).rows;
    // 26 of each row's 50 columns lie west of 46.5 (the 26th ends at 46.499); a 0.004° square here is about 0.15 km².
    expect(rows).toEqual([
      { code: 'TC-E', n: 1200, unlabelled: 0, tiny: 0 },
      { code: 'TC-W', n: 1300, unlabelled: 0, tiny: 0 },
    ]);
  });

  it('refuses a Shapefile that breaks off in its second batch, with the first batch in the database at that moment; nothing is kept', async () => {
    const before = await counts();
    const shp = Array.from({ length: 1800 }, (_, i) => ({
      rings: square(i).coordinates,
      attributes: { REFERENCE: `MB-CUT-${i}`, CLASS: 'SHA', HAZ_TYPES: 'AP', RECORDED: '2023-02-03' },
    }));
    const files = unzipSync(zippedShapefile(shp, { name: 'cut' }));
    // The .shp ends in the middle of record 1,500 (each record here is 8 + 128 bytes after the 100-byte header).
    files['cut.shp'] = files['cut.shp'].slice(0, 100 + 1500 * 136 + 60);
    const r = await upload(env, mine.auth, 'hazards', 'cut.zip', zipSync(files));
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().detail).toMatch(/cut\.shp: record 1501 /);
    expect(await counts()).toEqual(before);
    const after = await upload(env, mine.auth, 'hazards', 'after.geojson', json(collection([feature(hazardProps('MB-AFTER'), polygon(46.2, 39.2, 46.204, 39.204))])));
    expect(after.statusCode, after.body).toBe(201);
  });
});
