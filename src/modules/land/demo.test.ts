import turfArea from '@turf/area';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { seedCore } from '../../seed/core-demo.ts';
import type { DemoState } from '../../seed/demo.ts';
import { systemActor } from '../auth/permissions.ts';
import { BOUNDARY_ATTRIBUTION } from './attribution.ts';
import { DEMO_FOCUS, FOCUS_NAMES, loadBoundaryFiles, seedLand } from './demo.ts';

let env: TestEnv;
const state: DemoState = { orgs: {}, users: {}, refs: {} };
beforeAll(async () => {
  env = await testEnv();
  const ctx = env.ctx(systemActor('test-demo'));
  await seedCore(ctx, state, 'irrelevant-demo-password');
  await seedLand(ctx, state, { perDistrict: 12 });
  // Loading 78 real district outlines and building the figures cache is slow on a busy embedded database.
}, 600_000);
afterAll(() => env?.close());

describe('demo land data', () => {
  it('loads all 78 districts and the country outline, marked as demo, with the attribution', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/areas' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.items.filter((a: { level: string }) => a.level === 'district')).toHaveLength(78);
    expect(body.items.filter((a: { level: string }) => a.level === 'country')).toHaveLength(1);
    expect(body.items.every((a: { isDemo: boolean }) => a.isDemo)).toBe(true);
    expect(body.attribution).toBe(BOUNDARY_ATTRIBUTION);
    const agm = body.items.find((a: { code: string }) => a.code === 'AZ-AGM');
    expect(agm.name).toEqual({ az: 'Ağdam', en: 'Aghdam', ko: FOCUS_NAMES['AZ-AGM'].ko, ru: 'Агдам' });
  });

  it("reports each district's area within 0.5% of an independent geodesic computation (@turf/area)", async () => {
    const file = loadBoundaryFiles();
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/areas?level=district' });
    const reported = new Map<string, number>(r.json().items.map((a: { code: string; areaKm2: number }) => [a.code, a.areaKm2]));
    let checked = 0;
    for (const f of file.features.filter((x) => x.properties.level === 'district')) {
      const turfKm2 = turfArea(f as Parameters<typeof turfArea>[0]) / 1e6;
      const ours = reported.get(String(f.properties.code))!;
      expect(Math.abs(ours - turfKm2) / turfKm2, String(f.properties.code)).toBeLessThan(0.005);
      checked++;
    }
    expect(checked).toBe(78);
  });

  it('serves districts as simplified GeoJSON carrying the attribution', async () => {
    const full = await env.app.inject({ method: 'GET', url: '/api/v1/areas/geojson?level=district' });
    const small = await env.app.inject({ method: 'GET', url: '/api/v1/areas/geojson?level=district&simplify=0.005' });
    expect(full.headers['content-type']).toMatch(/application\/geo\+json/);
    const doc = small.json();
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.features).toHaveLength(78);
    expect(doc.attribution).toBe(BOUNDARY_ATTRIBUTION);
    expect(small.body.length).toBeLessThan(full.body.length / 2);
  });

  it('has hazards and releases across the focus districts, a large share still hazardous, releases growing month by month', async () => {
    const s = (await env.app.inject({ method: 'GET', url: '/api/v1/land/summary' })).json();
    const codes = s.districts.map((d: { code: string }) => d.code);
    for (const c of DEMO_FOCUS) expect(codes).toContain(c);
    expect(s.programme.hazardousKm2).toBeGreaterThan(0.3 * (s.programme.hazardousKm2 + s.programme.releasedKm2));
    expect(s.programme.releasedKm2).toBeGreaterThan(0);
    const series = (await env.app.inject({ method: 'GET', url: '/api/v1/land/series' })).json().months;
    expect(series[0].month).toMatch(/^2021-/);
    for (let i = 1; i < series.length; i++) expect(series[i].releasedKm2).toBeGreaterThanOrEqual(series[i - 1].releasedKm2 - 1e-6);
    expect(series[series.length - 1].releasedKm2).toBeCloseTo(s.programme.releasedKm2, 2);
    expect(series.filter((m: { releasedInMonthKm2: number }) => m.releasedInMonthKm2 > 0).length).toBeGreaterThan(12);
  });

  it('agrees with the same figures computed straight in SQL (the demo polygons lie inside their districts)', async () => {
    const s = (await env.app.inject({ method: 'GET', url: '/api/v1/land/summary' })).json();
    const direct = await sql<{ hz: number; rel: number }>`
      select ST_Area(ST_Difference(ST_Union(h.geom, 1e-9), (select ST_Union(geom, 1e-9) from land_release), 1e-9)::geography) / 1e6 as hz,
             (select ST_Area(ST_Union(geom, 1e-9)::geography) / 1e6 from land_release) as rel from hazard_area h where h.is_demo = ${true}`.execute(env.deps.db);
    expect(direct.rows).toHaveLength(1);
    expect(s.programme.hazardousKm2).toBeCloseTo(direct.rows[0].hz, 1);
    expect(s.programme.releasedKm2).toBeCloseTo(direct.rows[0].rel, 1);
  });
});
