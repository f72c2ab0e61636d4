import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeOrg, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import type { ProjectInputT } from './schema.ts';
import { makeArea, projectInput } from './test-helpers.ts';

let env: TestEnv;
let op: TestUser;
let admin: TestUser;
let company: TestUser;
let auditor: TestUser;
let fuz: string;
let zan: string;

const post = (url: string, payload: unknown, user?: TestUser) =>
  env.app.inject({ method: 'POST', url, payload: payload as object, headers: user ? { authorization: user.auth } : {} });
const get = (url: string, user?: TestUser) => env.app.inject({ method: 'GET', url, headers: user ? { authorization: user.auth } : {} });
const make = async (o: Partial<ProjectInputT>) => {
  const r = await post('/api/v1/projects', projectInput(o), op);
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
};
const countProjects = async () => Number((await sql<{ n: string }>`select count(*) as n from project`.execute(env.database.db)).rows[0].n);

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
  admin = await makeUser(env.deps, { roles: ['admin'] });
  company = await makeUser(env.deps, { roles: ['company'] });
  auditor = await makeUser(env.deps, { roles: ['auditor'] });
  fuz = await makeArea(env.deps, 'T-FUZ', [46.9, 39.4, 47.4, 39.8]);
  zan = await makeArea(env.deps, 'T-ZAN', [46.4, 38.9, 46.9, 39.3]);
});
afterAll(() => env?.close());

describe('recording projects', () => {
  it('creates a project with funding, outputs and an OC4IDS id, and audits it', async () => {
    const org = await makeOrg(env.deps, { country: 'KR' });
    const p = await make({
      code: 'REC-1',
      districtId: fuz,
      funding: [
        { sourceType: 'government', country: 'AZ', amount: 600_000, currency: 'AZN' },
        { sourceType: 'partner_country', country: 'KR', organisationId: org.id, amount: 400_000, currency: 'AZN' },
      ],
      outputs: [{ metric: 'roadKm', unit: 'km', planned: 12.5 }],
      plannedPeriod: { startDate: '2024-01-01', endDate: '2025-06-30' },
    });
    expect(p).toMatchObject({ code: 'REC-1', oc4idsId: 'oc4ids-brpdem-REC-1', status: 'identification', districtId: fuz, location: { type: 'Point' } });
    expect(p.funding).toHaveLength(2);
    expect(p.outputs[0]).toMatchObject({ metric: 'roadKm', planned: 12.5, achieved: null });
    const audit = await env.database.db.selectFrom('audit_event').select('action').where('entity_id', '=', p.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['project.create']);
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const before = await countProjects();
    const cases: [Partial<ProjectInputT> & Record<string, unknown>, string][] = [
      [{ sector: ['roads'] }, '/body/sector/0'],
      [{ type: 'demolition' }, '/body/type'],
      [{ budget: { amount: 5, currency: 'ABC' } }, '/body/budget/currency'],
      [{ budget: { amount: -5, currency: 'AZN' } }, '/body/budget/amount'],
      [{ budget: { amount: 1e16, currency: 'AZN' } }, '/body/budget/amount'],
      [{ plannedPeriod: { startDate: '2025-01-01', endDate: '2024-01-01' } }, '/body/plannedPeriod/endDate'],
      [{ colour: 'red' }, '/body/colour'],
      [{ districtId: '00000000-0000-4000-8000-000000000000' }, '/body/districtId'],
      [{ location: { type: 'Point', coordinates: [500, 39] } }, '/body/location/coordinates'],
    ];
    for (const [o, field] of cases) {
      const r = await post('/api/v1/projects', projectInput(o as Partial<ProjectInputT>), op);
      expect(r.statusCode, JSON.stringify(o)).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const dup = await post('/api/v1/projects', projectInput({ code: 'REC-1' }), op);
    expect(dup.statusCode).toBe(409);
    expect(await countProjects()).toBe(before);
  });

  it('lets only operators and admins record, and only operators change status', async () => {
    expect((await post('/api/v1/projects', projectInput(), undefined)).statusCode).toBe(401);
    expect((await post('/api/v1/projects', projectInput(), company)).statusCode).toBe(403);
    expect((await post('/api/v1/projects', projectInput(), auditor)).statusCode).toBe(403);
    const p = await make({});
    expect((await post(`/api/v1/projects/${p.id}/status`, { status: 'preparation', reason: 'scoped' }, admin)).statusCode).toBe(403);
    expect((await post(`/api/v1/projects/${p.id}/status`, { status: 'preparation', reason: 'scoped' }, company)).statusCode).toBe(403);
    const patched = await env.app.inject({
      method: 'PATCH',
      url: `/api/v1/projects/${p.id}`,
      payload: { budget: { amount: 2_000_000, currency: 'AZN' } },
      headers: { authorization: company.auth },
    });
    expect(patched.statusCode).toBe(403);
  });

  it('moves through the life cycle, auditing each step, and refuses skips', async () => {
    const p = await make({});
    const skip = await post(`/api/v1/projects/${p.id}/status`, { status: 'completion', reason: 'skip' }, op);
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('project_bad_transition');
    for (const s of ['preparation', 'implementation', 'completion']) {
      const r = await post(`/api/v1/projects/${p.id}/status`, { status: s, reason: `now ${s}` }, op);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().status).toBe(s);
    }
    expect((await post(`/api/v1/projects/${p.id}/status`, { status: 'cancelled', reason: 'too late' }, op)).statusCode).toBe(409);
    const audit = await env.database.db
      .selectFrom('audit_event')
      .select(['action', 'before', 'after', 'reason'])
      .where('entity_id', '=', p.id)
      .where('action', '=', 'project.status')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => (a.after as { status: string }).status)).toEqual(['preparation', 'implementation', 'completion']);
    expect(audit[2].reason).toBe('now completion');
  });

  it('edits a project (a patch), keeping what it does not mention', async () => {
    const p = await make({ outputs: [{ metric: 'homes', unit: 'units', planned: 10 }] });
    const r = await env.app.inject({
      method: 'PATCH',
      url: `/api/v1/projects/${p.id}`,
      payload: { outputs: [{ metric: 'homes', unit: 'units', planned: 10, achieved: 4 }] },
      headers: { authorization: op.auth },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ code: p.code, title: p.title, outputs: [{ metric: 'homes', achieved: 4 }] });
    const bad = await env.app.inject({
      method: 'PATCH',
      url: `/api/v1/projects/${p.id}`,
      payload: { actualPeriod: { startDate: '2024-02-01', endDate: '2024-01-01' } },
      headers: { authorization: op.auth },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('derives the district from the site (else the location) when none is given, and again when the site moves', async () => {
    // Mostly in T-ZAN, a sliver in T-FUZ: the district holding most of it wins.
    const site = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [46.8, 39.0],
          [46.91, 39.0],
          [46.91, 39.1],
          [46.8, 39.1],
          [46.8, 39.0],
        ],
      ],
    };
    const bySite = await make({ site, location: { type: 'Point', coordinates: [46.85, 39.05] } });
    expect(bySite.districtId).toBe(zan);
    const byPoint = await make({ location: { type: 'Point', coordinates: [47.1, 39.6] } });
    expect(byPoint.districtId).toBe(fuz);
    const given = await make({ site, location: { type: 'Point', coordinates: [46.85, 39.05] }, districtId: fuz });
    expect(given.districtId, 'a district given is kept').toBe(fuz);
    const nowhere = await make({ location: { type: 'Point', coordinates: [45.0, 40.5] } });
    expect(nowhere.districtId).toBeNull();

    const moved = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [47.0, 39.5],
          [47.01, 39.5],
          [47.01, 39.51],
          [47.0, 39.51],
          [47.0, 39.5],
        ],
      ],
    };
    const r = await env.app.inject({ method: 'PATCH', url: `/api/v1/projects/${bySite.id}`, payload: { site: moved }, headers: { authorization: op.auth } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().districtId).toBe(fuz);
    const kept = await env.app.inject({ method: 'PATCH', url: `/api/v1/projects/${given.id}`, payload: { outputs: [] }, headers: { authorization: op.auth } });
    expect(kept.json().districtId, 'an edit that does not move the site keeps the district').toBe(fuz);
  });

  it('feeds sites of projects under way or finished to the land figures view', async () => {
    const site = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [47.0, 39.5],
          [47.01, 39.5],
          [47.01, 39.51],
          [47.0, 39.51],
          [47.0, 39.5],
        ],
      ],
    };
    const building = await make({ status: 'implementation', site, districtId: fuz });
    const planned = await make({ status: 'preparation', site });
    const rows = await sql<{
      project_id: string;
      status: string;
      district_id: string;
      t: string;
    }>`select project_id, status, district_id, ST_GeometryType(geom) as t from land_project_site`.execute(env.database.db);
    const ids = rows.rows.map((r) => r.project_id);
    expect(ids).toContain(building.id);
    expect(ids).not.toContain(planned.id);
    expect(rows.rows.find((r) => r.project_id === building.id)).toMatchObject({ status: 'implementation', district_id: fuz, t: 'ST_MultiPolygon' });
  });

  it('attaches documents and shows each only to those its access level allows', async () => {
    const p = await make({});
    const docs: Record<string, string> = {};
    for (const level of ['open', 'limited', 'restricted']) {
      const d = await env.database.db
        .insertInto('document')
        .values({ sha256: 'a'.repeat(64), title: `photo ${level}`, document_type: 'picture', media_type: 'image/jpeg', size_bytes: 10 })
        .returning('id')
        .executeTakeFirstOrThrow();
      docs[level] = d.id;
      const r = await post(`/api/v1/projects/${p.id}/documents`, { documentId: d.id, kind: level === 'open' ? 'photoComplete' : 'photoDamaged', accessLevel: level }, op);
      expect(r.statusCode, r.body).toBe(200);
    }
    expect((await post(`/api/v1/projects/${p.id}/documents`, { documentId: docs.open, kind: 'selfie' }, op)).statusCode).toBe(400);
    expect((await post(`/api/v1/projects/${p.id}/documents`, { documentId: docs.open, kind: 'photoBefore' }, company)).statusCode).toBe(403);
    const seen = async (u?: TestUser) =>
      (await get(`/api/v1/projects/${p.id}`, u))
        .json()
        .documents.map((d: { accessLevel: string }) => d.accessLevel)
        .sort();
    expect(await seen()).toEqual(['open']);
    expect(await seen(company)).toEqual(['open']);
    expect(await seen(auditor)).toEqual(['limited', 'open', 'restricted']);
  });
});
