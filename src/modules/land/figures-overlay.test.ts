/**
 * The shapes that broke the land figures cache on PostgreSQL 15 + PostGIS
 * 3.3 (GEOS 3.11): "Overlay input is mixed-dimension" in ST_Union and
 * ST_Difference. The first three polygons are the pieces found in the
 * 20,000-polygon benchmark (a sliver survey whose vertex lies 2e-9° from a
 * clearance's edge: the 1e-9 grid union keeps a collapsed LINESTRING). Then
 * polygons that meet only along a line or at a point, a needle sliver, a
 * stored multipolygon whose parts overlap (invalid), and a release across a
 * cell edge. The cached figures must build and agree with the direct union.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme } from '../../../test/helpers/factories.ts';
import type { HazardRecord, ReleaseRecord } from './features.ts';
import * as fr from './figures.repo.ts';
import { summary } from './figures.service.ts';
import * as repo from './repo.ts';

type Ring = number[][];
const mp = (...rings: Ring[]) => ({ type: 'MultiPolygon' as const, coordinates: rings.map((r) => [r]) });
const box = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

const FOUND_HAZARD: Ring = [
  [46.802361768, 39.814122773],
  [46.803049, 39.814073],
  [46.80331245, 39.813926526],
  [46.8034366, 39.813900898],
  [46.803386004, 39.813885631],
  [46.8, 39.812863932],
  [46.8, 39.814139305],
  [46.8, 39.814293826],
  [46.801076439, 39.814215864],
  [46.801697, 39.81426],
  [46.802361768, 39.814122773],
];
const FOUND_SURVEY: Ring = [
  [46.800671, 39.813502],
  [46.801835482, 39.813417773],
  [46.800337406, 39.812965741],
  [46.800671, 39.813502],
];
const FOUND_CLEARANCE: Ring = [
  [46.801697, 39.8143],
  [46.803514445, 39.813924387],
  [46.8, 39.812863932],
  [46.8, 39.814178957],
  [46.801697, 39.8143],
];

const hazard = (reference: string, geometry: HazardRecord['geometry'], recordedOn = '2024-01-10'): HazardRecord => ({
  reference,
  name: reference,
  classification: 'SHA',
  hazardTypes: ['ap_mines'],
  recordedOn,
  geometry,
  label: reference,
});
const release = (reference: string, method: ReleaseRecord['method'], geometry: ReleaseRecord['geometry'], completedOn = '2024-03-10'): ReleaseRecord => ({
  reference,
  method,
  completedOn,
  devices: [],
  geometry,
  label: reference,
});

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  const db = env.deps.db;
  // One district around the found cell (0.05° cells: x 936, y 796), and its neighbours.
  await repo.upsertAreas(db, [{ code: 'OV', level: 'district', name: { en: 'Overlay' }, geometry: mp(box(46.79, 39.79, 46.86, 39.86)), label: 'OV' }], {
    isDemo: false,
    repair: false,
  });
  const hazards = [hazard('found', mp(FOUND_HAZARD)), hazard('square', mp(box(46.81, 39.82, 46.82, 39.83))), hazard('corner', mp(box(46.83, 39.83, 46.84, 39.84)), '2024-02-10')];
  const releases = [
    release('found-survey', 'non_technical_survey', mp(FOUND_SURVEY)),
    release('found-clearance', 'clearance', mp(FOUND_CLEARANCE)),
    // Shares only an edge with `square`, and only a corner with `corner`.
    release('edge', 'technical_survey', mp(box(46.82, 39.82, 46.83, 39.83))),
    release('point', 'clearance', mp(box(46.84, 39.84, 46.845, 39.845))),
    // A needle: 1e-10° wide, collapses at the 1e-9 grid.
    release(
      'needle',
      'technical_survey',
      mp([
        [46.812, 39.822],
        [46.818, 39.822],
        [46.818, 39.8220000001],
        [46.812, 39.822],
      ]),
    ),
    // Across the cell edge at 46.85°E.
    release('across', 'clearance', mp(box(46.845, 39.805, 46.855, 39.815)), '2024-04-10'),
  ];
  const hIds = await repo.insertHazards(db, hazards, { repair: false, isDemo: false, orgId: null });
  const rIds = await repo.insertReleases(db, releases, { repair: false, isDemo: false, orgId: null });
  // A stored multipolygon whose two parts overlap: invalid, as an unrepaired older import could leave it.
  const [bad] = await repo.insertHazards(db, [hazard('overlapping-parts', mp(box(46.805, 39.83, 46.808, 39.833)))], { repair: false, isDemo: false, orgId: null });
  await sql`update hazard_area set geom = ST_GeomFromText('MULTIPOLYGON(((46.805 39.83,46.808 39.83,46.808 39.833,46.805 39.833,46.805 39.83)),((46.807 39.832,46.81 39.832,46.81 39.835,46.807 39.835,46.807 39.832)))', 4326) where id = ${bad}::uuid`.execute(
    db,
  );
  await repo.refreshHazardStatus(db, { hazardIds: [...hIds, bad] });
  await fr.markDirty(db, 'hazard_area', [...hIds, bad]);
  await fr.markDirty(db, 'land_release', rIds);
}, 60_000);
afterAll(async () => {
  await env?.close();
});

describe('land figures over the shapes that broke the overlay', () => {
  it('builds the cache and agrees with the union computed straight', async () => {
    const s = await summary(env.ctx());
    const d = s.districts.find((x) => x.code === 'OV')!;
    const direct = (
      await sql<{ hz: number; rel: number }>`
        with a as (select geom from area where code = 'OV'),
        h as (select ST_Union(ST_MakeValid(x.geom)) g from hazard_area x),
        r as (select ST_Union(x.geom) g from land_release x)
        select ST_Area(ST_Intersection(ST_Difference(h.g, r.g), a.geom)::geography) / 1e6 as hz,
               ST_Area(ST_Intersection(r.g, a.geom)::geography) / 1e6 as rel from h, r, a`.execute(env.deps.db)
    ).rows[0];
    expect(d.hazardousKm2).toBeGreaterThan(0);
    expect(Math.abs(d.hazardousKm2 - direct.hz)).toBeLessThan(0.002);
    expect(Math.abs(d.releasedKm2 - direct.rel)).toBeLessThan(0.002);
    // The edge and corner releases take nothing from their neighbours.
    const square = await env.deps.db.selectFrom('hazard_area').select(['status', 'remaining_km2', 'area_km2']).where('reference', '=', 'square').executeTakeFirstOrThrow();
    expect(square.status).toBe('active');
    expect(Math.abs(square.remaining_km2 - square.area_km2)).toBeLessThan(1e-6);
  });

  it('recomputes after one more release over the found pieces', async () => {
    const [id] = await repo.insertReleases(env.deps.db, [release('found-again', 'technical_survey', mp(FOUND_SURVEY), '2024-05-10')], {
      repair: false,
      isDemo: false,
      orgId: null,
    });
    await repo.refreshHazardStatus(env.deps.db, { releaseIds: [id] });
    await fr.markDirty(env.deps.db, 'land_release', [id]);
    const s = await summary(env.ctx());
    expect(s.districts.find((x) => x.code === 'OV')!.releasedKm2).toBeGreaterThan(0);
  });
});
