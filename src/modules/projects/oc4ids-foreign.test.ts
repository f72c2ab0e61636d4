import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { loadSchemaValidator } from '../../lib/standards.ts';
import { makeArea, uploadFile } from './test-helpers.ts';

/**
 * Another publisher's OC4IDS package, kept whole: what Berpa models is
 * stored in its columns, the rest with the project, and the export carries
 * both. standards/oc4ids has no worked example, so the package below is
 * written after the schema's own field descriptions, using fields Berpa does
 * not model (parties with contact points, approval dates, asset lifetime,
 * related projects, documents, process summaries, environment, …).
 */
let env: TestEnv;
let op: TestUser;
const pkgSchema = loadSchemaValidator('oc4ids/schema/project-package-schema.json');

const foreign = () => ({
  uri: 'https://transparency.example.org/oc4ids/projects.json',
  publishedDate: '2025-05-01T09:00:00Z',
  publisher: { name: 'Ministry of Transport (example)', scheme: 'XI-MOT', uid: '1' },
  version: '0.9',
  projects: [
    {
      id: 'oc4ids-bu3kcz-0001',
      updated: '2025-04-30T12:00:00Z',
      language: 'en',
      identifiers: [{ id: 'MOT-2023-17', scheme: 'XI-MOT-PROJECT' }],
      title: 'Horadiz–Aghband highway, section 2',
      description: 'Four-lane highway section with two bridges.',
      purpose: 'Reconnect the southern districts.',
      status: 'implementation',
      type: 'construction',
      sector: ['transport', 'transport.road'],
      additionalClassifications: [{ scheme: 'COFOG', id: '04.5.1', description: 'Road transport' }],
      publicAuthority: { id: 'XI-MOT-1', name: 'Ministry of Transport (example)' },
      parties: [
        {
          id: 'XI-MOT-1',
          name: 'Ministry of Transport (example)',
          identifier: { scheme: 'XI-MOT', id: '1', legalName: 'Ministry of Transport' },
          address: { streetAddress: '1 Example Avenue', locality: 'Baku', countryName: 'Azerbaijan' },
          contactPoint: { name: 'Projects office', email: 'projects@example.org' },
          roles: ['publicAuthority'],
        },
        { id: 'XI-CON-9', name: 'Road Builders LLC (example)', roles: ['supplier'] },
      ],
      locations: [
        {
          id: 'location',
          description: 'Highway corridor',
          geometry: {
            type: 'LineString',
            coordinates: [
              [46.95, 39.45],
              [47.2, 39.6],
            ],
          },
          address: { locality: 'Horadiz', countryName: 'Azerbaijan' },
        },
      ],
      budget: { amount: { amount: 120000000, currency: 'AZN' }, approvalDate: '2023-01-20T00:00:00Z', description: 'State investment programme 2023' },
      period: { startDate: '2023-03-01T00:00:00Z', endDate: '2026-12-31T00:00:00Z' },
      assetLifetime: { durationInDays: 10950 },
      identificationPeriod: { startDate: '2022-01-01T00:00:00Z', endDate: '2022-06-30T00:00:00Z' },
      implementationPeriod: { startDate: '2023-04-15T00:00:00Z' },
      documents: [{ id: 'doc-1', documentType: 'projectScope', title: 'Project scope', url: 'https://transparency.example.org/docs/scope.pdf', format: 'application/pdf' }],
      contractingProcesses: [
        {
          id: 'ocds-xyz123-T-17',
          summary: {
            ocid: 'ocds-xyz123-T-17',
            title: 'Works contract, section 2',
            status: 'active',
            tender: { procurementMethod: 'open', numberOfTenderers: 4 },
            suppliers: [{ id: 'XI-CON-9', name: 'Road Builders LLC (example)' }],
          },
        },
      ],
      relatedProjects: [{ id: '1', scheme: 'oc4ids', identifier: 'oc4ids-bu3kcz-0000', relationship: 'parent', title: 'Southern corridor programme' }],
      environment: { hasImpactAssessment: true },
    },
  ],
});

/** Every leaf of `a` found at the same place in `b` (arrays of objects with ids matched by id); the paths that are not. */
function lostPaths(a: unknown, b: unknown, at = ''): string[] {
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return [at];
    return a.flatMap((x, i) => {
      const id = (x as { id?: unknown })?.id;
      const match = id !== undefined ? b.find((y) => (y as { id?: unknown })?.id === id) : b[i];
      return lostPaths(x, match, `${at}/${id ?? i}`);
    });
  }
  if (typeof a === 'object' && a !== null) {
    if (typeof b !== 'object' || b === null) return [at];
    return Object.entries(a).flatMap(([k, v]) => lostPaths(v, (b as Record<string, unknown>)[k], `${at}/${k}`));
  }
  return a === b ? [] : [at];
}

const upload = (pkg: unknown, qs = '') => uploadFile(env.app, `/api/v1/projects/import${qs}`, 'package.json', Buffer.from(JSON.stringify(pkg)), op.auth);
const exported = async (id: string) =>
  (await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=oc4ids' })).json().projects.find((p: { id: string }) => p.id === id);

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
  await makeArea(env.deps, 'FOR-COUNTRY', [44, 38, 51, 42], 'country');
});
afterAll(() => env?.close());

describe("another publisher's OC4IDS", () => {
  it('is valid OC4IDS to begin with', () => {
    expect(pkgSchema.validate(foreign()).errors).toEqual([]);
  });

  it('round-trips without losing a field: modelled ones in columns, the rest kept and exported again', async () => {
    const pkg = foreign();
    const dry = await upload(pkg, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    const plan = dry.json().rows[0];
    expect(plan).toMatchObject({ row: 1, code: 'oc4ids-bu3kcz-0001', action: 'create', replaced: ['/updated'] });
    expect(plan.kept).toEqual(
      expect.arrayContaining([
        '/identifiers/MOT-2023-17',
        '/publicAuthority',
        '/parties',
        '/budget/approvalDate',
        '/assetLifetime',
        '/documents',
        '/relatedProjects',
        '/environment',
        '/locations/location/address',
        '/contractingProcesses/ocds-xyz123-T-17/summary/title',
      ]),
    );
    expect(plan.flags).toEqual(['public authority XI-MOT-1 is not registered here: kept as published']);
    expect(await exported('oc4ids-bu3kcz-0001')).toBeUndefined();

    const r = await upload(pkg);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ created: 1, errors: [] });
    const normalised: string[] = r.json().rows[0].normalised;
    const out = await exported('oc4ids-bu3kcz-0001');
    expect(out.id).toBe('oc4ids-bu3kcz-0001');
    const lost = lostPaths(pkg.projects[0], out).filter((p) => p !== '/updated');
    // Whatever differs is a value Berpa stores in its own form, and the import said so.
    for (const p of lost)
      expect(
        normalised.some((n) => p === n || p.startsWith(`${n}/`)),
        p,
      ).toBe(true);
    expect(lost).toEqual([]);
    const again = await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=oc4ids' });
    expect(pkgSchema.validate(again.json()).errors).toEqual([]);

    // Berpa's own export imported back changes nothing.
    const re = await uploadFile(env.app, '/api/v1/projects/import', 'again.json', again.rawPayload, op.auth);
    expect(re.statusCode, re.body).toBe(200);
    expect(re.json()).toMatchObject({ created: 0, updated: 1 });
    const { updated: _u1, ...before } = out;
    const { updated: _u2, ...after } = await exported('oc4ids-bu3kcz-0001');
    expect(after).toEqual(before);
  });

  it('keeps its fields when an operator edits the project, and the edit wins', async () => {
    const id = (await env.app.inject({ method: 'GET', url: '/api/v1/projects?q=Horadiz' })).json().items[0].id;
    const patch = await env.app.inject({
      method: 'PATCH',
      url: `/api/v1/projects/${id}`,
      payload: { title: { en: 'Horadiz–Aghband highway, section 2 (revised)' } },
      headers: { authorization: op.auth },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const out = await exported('oc4ids-bu3kcz-0001');
    expect(out.title).toBe('Horadiz–Aghband highway, section 2 (revised)');
    expect(out.assetLifetime).toEqual({ durationInDays: 10950 });
  });

  it('refuses wrong types anywhere with a 4xx naming the JSON pointer, and lists codelist values', async () => {
    const bad = foreign();
    const p = bad.projects[0] as Record<string, unknown>;
    Object.assign(p, {
      id: 'oc4ids-bu3kcz-0002',
      title: ['not', 'text'],
      sector: 'transport',
      status: 'finished',
      locations: 'near the river',
      identifiers: { id: 1 },
      parties: [7],
      budget: { amount: { amount: 'lots', currency: 5 } },
    });
    const r = await upload({ ...bad, projects: [p, 3] });
    expect(r.statusCode).toBe(422);
    const fields = r.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        '/projects/0/title',
        '/projects/0/sector',
        '/projects/0/locations',
        '/projects/0/identifiers',
        '/projects/0/parties/0',
        '/projects/0/budget/amount/amount',
        '/projects/0/status',
        '/projects/1',
      ]),
    );
    const status = r.json().errors.find((e: { field: string }) => e.field === '/projects/0/status');
    expect(status.message).toMatch(/must be one of: identification, preparation, implementation, completion, .*cancelled/);
    expect((await upload({ projects: 'none' })).statusCode).toBe(400);
    expect((await upload([1, 2])).statusCode).toBe(400);
    expect(await exported('oc4ids-bu3kcz-0002')).toBeUndefined();
  });

  it('refuses a project outside the programme territory', async () => {
    const far = foreign();
    Object.assign(far.projects[0], { id: 'oc4ids-bu3kcz-0003', locations: [{ id: 'location', geometry: { type: 'Point', coordinates: [2.35, 48.85] } }] });
    const r = await upload(far);
    expect(r.statusCode).toBe(422);
    expect(r.json().rows).toContainEqual(
      expect.objectContaining({ row: 1, column: 'projects/location', pointer: '/projects/0/locations', message: expect.stringMatching(/outside the programme territory/) }),
    );
  });
});
