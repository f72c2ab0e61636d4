/**
 * The land rules of docs/decisions/0013-land-rules.md: which releases reduce
 * which hazardous area, square-metre precision, a site's district, and where
 * a settlement without a parent code goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection, feature, landEnv, polygon, upload } from '../../../test/fixtures/land/territory.ts';
import type { TestEnv } from '../../../test/helpers/app.ts';
import type { TestUser } from '../../../test/helpers/factories.ts';
import { districtForGeometry } from './service.ts';

let env: TestEnv;
let mine: TestUser;
let admin: TestUser;
const json = (o: unknown) => JSON.stringify(o);

async function hazardByRef(reference: string) {
  const list = (await env.app.inject({ method: 'GET', url: '/api/v1/land/hazard-areas?limit=200' })).json().items as {
    reference: string;
    status: string;
    areaKm2: number;
    remainingKm2: number;
  }[];
  return list.find((h) => h.reference === reference)!;
}
const release = (reference: string, completed_on: string, geometry: unknown, extra: Record<string, unknown> = {}) =>
  feature({ reference, method: 'clearance', completed_on, ...extra }, geometry);

beforeAll(async () => {
  ({ env, mine, admin } = await landEnv());
});
afterAll(() => env?.close());

describe('which releases reduce which hazardous area', () => {
  it('an unlinked release before the hazard was recorded does not reduce it; a linked one does, and so does later work', async () => {
    // Land cleared in 2021, before anyone recorded the hazard over it.
    const old = await upload(env, mine.auth, 'releases', 'old.geojson', json(collection([release('R-OLD', '2021-03-01', polygon(46.1, 39.5, 46.105, 39.51))])));
    expect(old.statusCode, old.body).toBe(201);
    const h = await upload(
      env,
      mine.auth,
      'hazards',
      'h.geojson',
      json(collection([feature({ reference: 'H-RULE', classification: 'CHA', hazard_types: 'ap_mines', recorded_on: '2022-06-01' }, polygon(46.1, 39.5, 46.11, 39.51))])),
    );
    expect(h.statusCode, h.body).toBe(201);
    let hz = await hazardByRef('H-RULE');
    expect(hz.status).toBe('active');
    expect(hz.remainingKm2).toBeCloseTo(hz.areaKm2, 6);

    // Back-dated but linked: the operator says this work was on H-RULE.
    const linked = await upload(
      env,
      mine.auth,
      'releases',
      'l.geojson',
      json(collection([release('R-LINK', '2021-04-01', polygon(46.105, 39.5, 46.1075, 39.51), { hazard_reference: 'H-RULE' })])),
    );
    expect(linked.statusCode, linked.body).toBe(201);
    hz = await hazardByRef('H-RULE');
    expect(hz.status).toBe('partially_released');
    expect(hz.remainingKm2 / hz.areaKm2).toBeCloseTo(0.75, 2);

    // Unlinked work after the hazard was recorded releases the rest, including the land cleared in 2021.
    const later = await upload(env, mine.auth, 'releases', 'n.geojson', json(collection([release('R-NEW', '2023-05-01', polygon(46.1, 39.5, 46.11, 39.51))])));
    expect(later.statusCode, later.body).toBe(201);
    hz = await hazardByRef('H-RULE');
    expect(hz.status).toBe('released');
    expect(hz.remainingKm2).toBeLessThan(1e-6);
  });

  it('the safety gate follows the same rule', async () => {
    await upload(env, mine.auth, 'releases', 'o2.geojson', json(collection([release('R-OLD-2', '2020-01-01', polygon(46.2, 39.5, 46.21, 39.51))])));
    await upload(
      env,
      mine.auth,
      'hazards',
      'h2.geojson',
      json(collection([feature({ reference: 'H-GATE', classification: 'SHA', hazard_types: 'erw', recorded_on: '2022-01-01' }, polygon(46.2, 39.5, 46.21, 39.51))])),
    );
    const site = encodeURIComponent(json({ type: 'Point', coordinates: [46.205, 39.505] }));
    const r = await env.app.inject({ method: 'GET', url: `/api/v1/land/clearance?geometry=${site}` });
    expect(r.json().clear).toBe(false);
  });
});

describe('precision', () => {
  it('reports a 20 m² plot as 0.00002 km², not 0', async () => {
    // 0.00005° × 0.00004° at 39.6°N ≈ 4.29 m × 4.44 m ≈ 19 m².
    const r = await upload(
      env,
      mine.auth,
      'hazards',
      'tiny.geojson',
      json(collection([feature({ reference: 'H-TINY', classification: 'SHA', hazard_types: 'erw', recorded_on: '2022-01-01' }, polygon(46.3, 39.6, 46.30005, 39.60004))])),
    );
    expect(r.statusCode, r.body).toBe(201);
    const hz = await hazardByRef('H-TINY');
    expect(hz.areaKm2).toBeGreaterThan(0.000015);
    expect(hz.areaKm2).toBeLessThan(0.000025);
    const detail = (await env.app.inject({ method: 'GET', url: `/api/v1/land/hazard-areas/${r.json().ids[0]}` })).json();
    expect(detail.areaKm2).toBe(hz.areaKm2);
  });
});

describe('placement', () => {
  it("gives a site's district: the one holding most of it", async () => {
    expect(await districtForGeometry(env.deps.db, { type: 'Point', coordinates: [46.7, 39.5] })).toMatchObject({ code: 'TC-E' });
    expect(await districtForGeometry(env.deps.db, polygon(46.4, 39.5, 46.55, 39.6))).toMatchObject({ code: 'TC-W' });
    expect(await districtForGeometry(env.deps.db, { type: 'Point', coordinates: [10, 50] })).toBeNull();
    await expect(districtForGeometry(env.deps.db, { type: 'Point', coordinates: [500, 50] })).rejects.toThrow(/outside longitude/);
  });

  it('places a settlement without a parent code in the district that holds it, or refuses it', async () => {
    const ok = await upload(
      env,
      admin.auth,
      'areas',
      's.geojson',
      json(collection([feature({ code: 'TC-E-S1', level: 'settlement', name_ru: 'Посёлок' }, polygon(46.7, 39.7, 46.71, 39.71))])),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    const areas = (await env.app.inject({ method: 'GET', url: '/api/v1/areas' })).json().items as { id: string; code: string; parentId: string | null }[];
    expect(areas.find((a) => a.code === 'TC-E-S1')!.parentId).toBe(areas.find((a) => a.code === 'TC-E')!.id);
    const outside = await upload(
      env,
      admin.auth,
      'areas',
      'o.geojson',
      json(collection([feature({ code: 'FAR-S', level: 'settlement', name_en: 'Far' }, polygon(10, 50, 10.01, 50.01))])),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toMatchObject({ field: 'features[0] (id FAR-S).properties.parent_code' });
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/areas' })).json().items.some((a: { code: string }) => a.code === 'FAR-S')).toBe(false);
  });
});
