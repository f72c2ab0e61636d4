/**
 * Correcting one hazardous area or one release with a reason: the status of
 * the hazards concerned follows, the audit keeps the reason with the before
 * and after, and only mine-action roles may correct.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection, feature, landEnv, polygon, upload } from '../../../test/fixtures/land/territory.ts';
import type { TestEnv } from '../../../test/helpers/app.ts';
import { makeUser, type TestUser } from '../../../test/helpers/factories.ts';

let env: TestEnv;
let mine: TestUser;
let operator: TestUser;
const json = (o: unknown) => JSON.stringify(o);
const patch = (url: string, payload: unknown, user: TestUser) => env.app.inject({ method: 'PATCH', url, payload: payload as object, headers: { authorization: user.auth } });
const hazard = async (id: string) => (await env.app.inject({ method: 'GET', url: `/api/v1/land/hazard-areas/${id}` })).json();

beforeAll(async () => {
  ({ env, mine } = await landEnv());
  operator = await makeUser(env.deps, { roles: ['operator'] });
});
afterAll(() => env?.close());

describe('corrections with a reason', () => {
  it('corrects a hazard outline and a release date; statuses follow; each is audited with its reason', async () => {
    const h = await upload(
      env,
      mine.auth,
      'hazards',
      'h.geojson',
      json(collection([feature({ reference: 'H-COR', classification: 'SHA', hazard_types: 'erw', recorded_on: '2024-01-10' }, polygon(46.1, 39.5, 46.11, 39.51))])),
    );
    expect(h.statusCode, h.body).toBe(201);
    const hid = h.json().ids[0];
    const r = await upload(
      env,
      mine.auth,
      'releases',
      'r.geojson',
      json(collection([feature({ reference: 'R-COR', method: 'clearance', completed_on: '2024-03-01' }, polygon(46.1, 39.5, 46.105, 39.51))])),
    );
    expect(r.statusCode, r.body).toBe(201);
    const rid = r.json().ids[0];
    expect((await hazard(hid)).status).toBe('partially_released');

    // The surveyed outline was wrong: the hazard is only the half that was cleared.
    const c = await patch(
      `/api/v1/land/hazard-areas/${hid}`,
      { reason: 'outline re-surveyed in March', geometry: polygon(46.1, 39.5, 46.105, 39.51), classification: 'CHA' },
      mine,
    );
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ classification: 'CHA', status: 'released' });

    // The release date was mistyped: before the hazard was recorded, and it is not linked, so it no longer reduces it (0013).
    const d = await patch(`/api/v1/land/releases/${rid}`, { reason: 'date mistyped in the field report', completedOn: '2023-12-01' }, mine);
    expect(d.statusCode, d.body).toBe(200);
    expect((await hazard(hid)).status).toBe('active');
    // Linked to it, the work counts whatever the dates.
    const l = await patch(`/api/v1/land/releases/${rid}`, { reason: 'the team worked on H-COR', hazardReference: 'H-COR' }, mine);
    expect(l.statusCode, l.body).toBe(200);
    expect((await hazard(hid)).status).toBe('released');

    const events = await sql<{
      action: string;
      reason: string | null;
    }>`select action, reason from audit_event where entity_id in (${hid}, ${rid}) and action like 'land.%_correct' order by id`.execute(env.database.db);
    expect(events.rows).toEqual([
      { action: 'land.hazard_correct', reason: 'outline re-surveyed in March' },
      { action: 'land.release_correct', reason: 'date mistyped in the field report' },
      { action: 'land.release_correct', reason: 'the team worked on H-COR' },
    ]);
  });

  it('refuses without a reason, outside the territory, an unknown hazard, or for a role that may not correct', async () => {
    const h = await upload(
      env,
      mine.auth,
      'hazards',
      'h2.geojson',
      json(collection([feature({ reference: 'H-COR2', classification: 'SHA', hazard_types: 'erw', recorded_on: '2024-01-10' }, polygon(46.6, 39.5, 46.61, 39.51))])),
    );
    const hid = h.json().ids[0];
    const noReason = await patch(`/api/v1/land/hazard-areas/${hid}`, { name: 'x' }, mine);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors.map((e: { field: string }) => e.field)).toContain('/body/reason');
    const outside = await patch(`/api/v1/land/hazard-areas/${hid}`, { reason: 'moved', geometry: polygon(10, 50, 10.01, 50.01) }, mine);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toMatchObject({ field: '/body/geometry' });
    const bowtie = await patch(
      `/api/v1/land/hazard-areas/${hid}`,
      {
        reason: 'moved',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [46.6, 39.5],
              [46.61, 39.51],
              [46.61, 39.5],
              [46.6, 39.51],
              [46.6, 39.5],
            ],
          ],
        },
      },
      mine,
    );
    expect(bowtie.statusCode).toBe(400);
    expect(bowtie.json().errors[0].message).toContain('not valid');
    const forbidden = await patch(`/api/v1/land/hazard-areas/${hid}`, { reason: 'not mine to change', name: 'x' }, operator);
    expect(forbidden.statusCode).toBe(403);
    const missing = await patch('/api/v1/land/hazard-areas/00000000-0000-4000-8000-000000000000', { reason: 'nothing there', name: 'x' }, mine);
    expect(missing.statusCode).toBe(404);
    expect((await hazard(hid)).name).toBe('H-COR2');
  });
});
