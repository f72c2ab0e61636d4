import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { loadSchemaValidator } from '../../lib/standards.ts';
import { seedCore } from '../../seed/core-demo.ts';
import type { DemoState } from '../../seed/demo.ts';
import { systemActor } from '../auth/permissions.ts';
import { seedProjects } from './demo.ts';
import { DEMO_PROJECTS } from './demo-data.ts';
import { makeArea } from './test-helpers.ts';

let env: TestEnv;
let op: TestUser;
const state: DemoState = { orgs: {}, users: {}, refs: {} };
const pkgSchema = loadSchemaValidator('oc4ids/schema/project-package-schema.json');

function upload(filename: string, data: Buffer) {
  const boundary = `----berpa${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/json\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return env.app.inject({
    method: 'POST',
    url: '/api/v1/projects/import',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: op.auth },
  });
}

/** The package without what legitimately changes on every export. */
const stable = (pkg: { projects: Record<string, unknown>[] }) => pkg.projects.map(({ updated: _u, ...p }) => p);

beforeAll(async () => {
  env = await testEnv();
  const ctx = env.ctx(systemActor('test-seed'));
  await seedCore(ctx, state, 'test-password-123');
  // Districts of the demo, as small boxes (the Land module imports the real boundaries).
  let i = 0;
  for (const code of new Set(DEMO_PROJECTS.map((p) => p.district))) await makeArea(env.deps, code, [44 + i, 38, 44.9 + i++, 39]);
  await seedProjects(ctx, state);
  op = await makeUser(env.deps, { roles: ['operator'] });
});
afterAll(() => env?.close());

describe('OC4IDS', () => {
  it('has the shared validator reject what the schema forbids', () => {
    expect(pkgSchema.validate({ uri: 'x' }).ok).toBe(false);
    const bad = pkgSchema.validate({
      uri: 'https://e.test/p',
      publishedDate: '2024-01-01T00:00:00Z',
      publisher: { name: 'x' },
      version: '0.9',
      projects: [{ id: 'p', status: 'finished' }],
    });
    expect(bad.ok).toBe(false);
    expect(bad.errors.some((e) => e.path === '/projects/0/status')).toBe(true);
  });

  it('publishes every demo project as valid OC4IDS 0.9, in all four languages', async () => {
    expect(state.refs.projects).toHaveLength(DEMO_PROJECTS.length);
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/oc4ids/projects?limit=1000' });
    expect(r.statusCode).toBe(200);
    const pkg = r.json();
    const result = pkgSchema.validate(pkg);
    expect(result.errors).toEqual([]);
    expect(pkg.projects).toHaveLength(DEMO_PROJECTS.length);
    for (const id of state.refs.projects) {
      const one = await env.app.inject({ method: 'GET', url: `/api/v1/oc4ids/projects/${id}` });
      expect(pkgSchema.validate(one.json()).errors, id).toEqual([]);
    }
    const airport = pkg.projects.find((p: { id: string }) => p.id === 'oc4ids-brpdem-FUZ-AIR-001');
    expect(airport).toMatchObject({
      title: 'Fuzuli International Airport',
      title_az: 'Füzuli Beynəlxalq Hava Limanı',
      title_ko: '푸줄리 국제공항',
      title_ru: 'Международный аэропорт Физули',
      status: 'completion',
      sector: ['transport', 'transport.air'],
    });
    expect(airport.locations.map((l: { id: string }) => l.id)).toEqual(['location', 'site', 'district']);
    const korean = pkg.projects.filter((p: { budget: { budgetBreakdowns?: { budgetBreakdown: { fundingCountry?: string }[] }[] } }) =>
      p.budget.budgetBreakdowns?.[0].budgetBreakdown.some((b) => b.fundingCountry === 'KR'),
    );
    expect(korean.length).toBeGreaterThanOrEqual(3);
  });

  it('pages the package with links.next', async () => {
    const first = (await env.app.inject({ method: 'GET', url: '/api/v1/oc4ids/projects?limit=5' })).json();
    expect(first.projects).toHaveLength(5);
    const next = new URL(first.links.next);
    const second = (await env.app.inject({ method: 'GET', url: `${next.pathname}${next.search}` })).json();
    expect(second.projects[0].id > first.projects[4].id).toBe(true);
    expect(pkgSchema.validate(second).ok).toBe(true);
  });

  it('round-trips: the exported package imported back restores the projects exactly', async () => {
    const exported = await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=oc4ids' });
    const pkg = exported.json();
    expect(pkgSchema.validate(pkg).errors).toEqual([]);
    // Change a project, then restore it from the package.
    const id = state.refs.projects[0];
    const patch = await env.app.inject({ method: 'PATCH', url: `/api/v1/projects/${id}`, payload: { title: { en: 'Changed' }, outputs: [] }, headers: { authorization: op.auth } });
    expect(patch.statusCode).toBe(200);
    const changed = (await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=oc4ids' })).json();
    expect(stable(changed)).not.toEqual(stable(pkg));
    const r = await upload('package.json', exported.rawPayload);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ created: 0, updated: DEMO_PROJECTS.length, errors: [] });
    const after = (await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=oc4ids' })).json();
    expect(stable(after)).toEqual(stable(pkg));
  });

  it('rejects a package with bad projects, naming project and field', async () => {
    const pkg = {
      version: '0.9',
      projects: [{ id: 'oc4ids-brpdem-NEW-1', title: 'x', status: 'finished', sector: ['transport'], type: 'construction', budget: { amount: { amount: 5, currency: 'XXX1' } } }],
    };
    const r = await upload('bad.json', Buffer.from(JSON.stringify(pkg)));
    expect(r.statusCode).toBe(422);
    const cols = r.json().rows.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(cols).toEqual(expect.arrayContaining(['1:projects/status', '1:projects/location']));
  });
});
