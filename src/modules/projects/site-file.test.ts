import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { makeArea, uploadFile } from './test-helpers.ts';

/** POST /api/v1/projects/site-file: a site from a GIS file, with its district; nothing written. */
let env: TestEnv;
let op: TestUser, company: TestUser;
let districtId: string;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
  company = await makeUser(env.deps, { roles: ['company'] });
  districtId = await makeArea(env.deps, 'SITE-D', [46.9, 39.4, 47.3, 39.8]);
}, 240_000);
afterAll(() => env?.close());

const url = '/api/v1/projects/site-file';
const square = [
  [
    [47.0, 39.5],
    [47.1, 39.5],
    [47.1, 39.6],
    [47.0, 39.6],
    [47.0, 39.5],
  ],
];

describe('a project site from a file', () => {
  it('reads the polygons of a GeoJSON file into one MultiPolygon with a marker and the district; points are left out', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square } },
        { type: 'Feature', properties: { name: 'gate' }, geometry: { type: 'Point', coordinates: [47.05, 39.55] } },
      ],
    };
    const r = await uploadFile(env.app, url, 'site.geojson', Buffer.from(JSON.stringify(fc)), op.auth);
    expect(r.statusCode, r.body).toBe(200);
    const b = r.json();
    expect(b.site.type).toBe('MultiPolygon');
    expect(b.site.coordinates).toHaveLength(1);
    expect(b.location).toEqual({ type: 'Point', coordinates: [47.05, 39.55] });
    expect(b.district).toEqual({ id: districtId, code: 'SITE-D' });
    expect(b.features).toBe(2);
  });

  it('reads KML (altitudes dropped)', async () => {
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>47.0,39.5,120 47.1,39.5,120 47.1,39.6,120 47.0,39.6,120 47.0,39.5,120</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`;
    const r = await uploadFile(env.app, url, 'site.kml', Buffer.from(kml), op.auth);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().site.coordinates[0][0][0]).toEqual([47.0, 39.5]);
  });

  it('refuses, naming the file field: no polygon, broken JSON, an unknown extension, out-of-range coordinates; and companies', async () => {
    const onlyPoint = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [47, 39] } }] };
    const a = await uploadFile(env.app, url, 'p.geojson', Buffer.from(JSON.stringify(onlyPoint)), op.auth);
    expect(a.statusCode).toBe(400);
    expect(a.json().errors[0].field).toBe('/body/file');
    expect((await uploadFile(env.app, url, 'p.geojson', Buffer.from('{not json'), op.auth)).statusCode).toBe(400);
    expect((await uploadFile(env.app, url, 'p.txt', Buffer.from('x'), op.auth)).statusCode).toBe(415);
    const far = {
      type: 'Polygon',
      coordinates: [
        [
          [470, 39.5],
          [471, 39.5],
          [471, 39.6],
          [470, 39.5],
        ],
      ],
    };
    const c = await uploadFile(env.app, url, 'far.geojson', Buffer.from(JSON.stringify({ type: 'Feature', properties: {}, geometry: far })), op.auth);
    expect(c.statusCode).toBe(400);
    expect(
      (
        await uploadFile(
          env.app,
          url,
          'site.geojson',
          Buffer.from(JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square } })),
          company.auth,
        )
      ).statusCode,
    ).toBe(403);
  });
});
