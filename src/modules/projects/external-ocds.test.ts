import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { loadSchemaValidator, STANDARDS_DIR } from '../../lib/standards.ts';
import { compileReleases } from '../ocds/merge.ts';
import { makeArea, projectInput, uploadFile } from './test-helpers.ts';

/**
 * OCDS from another publisher, followed on a project: the official worked
 * example (standards/ocds/examples, seven releases of one process) as a
 * release package and as a record package.
 */
let env: TestEnv;
let op: TestUser;
let projectId: string;
let projectCode: string;
const example = JSON.parse(fs.readFileSync(path.join(STANDARDS_DIR, 'ocds/examples/record-embedded-releases.json'), 'utf8'));
const OCID = 'ocds-213czf-000-00001';
const releases = (): Record<string, unknown>[] => structuredClone(example.records[0].releases);
const releasePackage = (rs = releases()) => ({
  uri: 'https://procurement.example.org/releases.json',
  publishedDate: '2014-02-02T13:02:00Z',
  publisher: example.publisher,
  version: '1.1',
  releases: rs,
});
const upload = (doc: unknown, qs = '') => uploadFile(env.app, `/api/v1/projects/import/ocds${qs}`, 'ocds.json', Buffer.from(JSON.stringify(doc)), op.auth);
const stored = async () =>
  (
    await sql<{
      compiled: Record<string, unknown>;
      release_count: number;
      project_id: string;
    }>`select compiled, release_count, project_id from project_external_process where ocid = ${OCID}`.execute(env.database.db)
  ).rows[0];
const oc4idsSchema = loadSchemaValidator('oc4ids/schema/project-package-schema.json');

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
  await makeArea(env.deps, 'OCDS-DIST', [46.9, 39.4, 47.4, 39.8]);
  const created = await env.app.inject({
    method: 'POST',
    url: '/api/v1/projects',
    payload: projectInput({ location: { type: 'Point', coordinates: [47.1, 39.6] } }),
    headers: { authorization: op.auth },
  });
  expect(created.statusCode, created.body).toBe(201);
  projectId = created.json().id;
  projectCode = created.json().code;
});
afterAll(() => env?.close());

describe('OCDS import', () => {
  it('dry-runs a multi-release package: the plan, nothing written', async () => {
    const r = await upload(releasePackage(), `?project=${projectCode}&dryRun=true`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      dryRun: true,
      wouldImport: true,
      kind: 'releasePackage',
      errors: [],
      processes: [{ ocid: OCID, action: 'create', projectId, projectCode, newReleases: 7, knownReleases: 0, title: 'Planned cycle lane improvements' }],
    });
    expect(await stored()).toBeUndefined();
  });

  it('links the process, compiled with the OCDS merge rules, and shows it on the project and in OC4IDS', async () => {
    const r = await upload(releasePackage(), `?project=${projectCode}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().processes[0]).toMatchObject({ action: 'create', newReleases: 7 });
    const s = await stored();
    expect(s.release_count).toBe(7);
    expect(s.compiled).toEqual(compileReleases(releases() as never));
    const view = (await env.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}` })).json();
    expect(view.externalProcesses).toEqual([
      expect.objectContaining({
        ocid: OCID,
        title: 'Planned cycle lane improvements',
        status: 'active',
        buyer: 'London Borough of Barnet',
        procurementMethod: 'open',
        suppliers: [{ id: expect.any(String), name: 'AnyCorp Cycle Provision' }],
        publisher: 'Open Data Services Co-operative Limited',
        releaseCount: 7,
        lastDate: '2011-01-10T09:30:00Z',
      }),
    ]);
    const pkg = (await env.app.inject({ method: 'GET', url: `/api/v1/oc4ids/projects/${projectId}` })).json();
    expect(oc4idsSchema.validate(pkg).errors).toEqual([]);
    expect(pkg.projects[0].contractingProcesses).toEqual([
      expect.objectContaining({ id: OCID, summary: expect.objectContaining({ ocid: OCID, status: 'active', title: 'Planned cycle lane improvements' }) }),
    ]);
  });

  it('adds newer releases, skips known ones, refuses a known release id with other content', async () => {
    expect((await upload(releasePackage(), `?project=${projectCode}`)).json().processes[0]).toMatchObject({ action: 'unchanged', newReleases: 0, knownReleases: 7 });
    const later = { ...releases()[6], id: `${OCID}-07-implementation`, date: '2011-06-01T10:00:00Z', tag: ['implementationUpdate'] };
    const r = await upload(releasePackage([later]));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().processes[0]).toMatchObject({ action: 'update', projectId, newReleases: 1, knownReleases: 7 });
    expect((await stored()).release_count).toBe(8);
    const changed = releases();
    (changed[1].tender as Record<string, unknown>).title = 'Something else';
    const bad = await upload(releasePackage(changed));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ field: '/releases/1/id', message: expect.stringMatching(/imported before with other content/) }]);
    expect((await stored()).release_count).toBe(8);
  });

  it('takes a record package and links by planning.budget.projectID', async () => {
    const rec = structuredClone(example);
    const ocid = 'ocds-213czf-000-00002';
    rec.records[0].ocid = ocid;
    rec.records[0].releases = rec.records[0].releases.map((r: Record<string, unknown>) => ({ ...r, ocid, id: String(r.id).replace('00001', '00002') }));
    const oc4idsId = (await env.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}` })).json().oc4idsId;
    (rec.records[0].releases[0].planning.budget as Record<string, unknown>).projectID = oc4idsId;
    const r = await uploadFile(env.app, '/api/v1/projects/import/ocds', 'record.json', Buffer.from(JSON.stringify(rec)), op.auth);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ kind: 'recordPackage', processes: [{ ocid, action: 'create', projectId, newReleases: 7 }] });
    const view = (await env.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}` })).json();
    expect(view.externalProcesses.map((p: { ocid: string }) => p.ocid)).toEqual([OCID, ocid]);
  });

  it('refuses malformed packages with 4xx naming the pointer, unlinkable processes and its own OCIDs', async () => {
    const broken = releasePackage();
    (broken.releases[0] as Record<string, unknown>).date = 42;
    delete (broken.releases[2] as Record<string, unknown>).ocid;
    const r = await upload(broken, `?project=${projectCode}`);
    expect(r.statusCode).toBe(422);
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['/releases/0/date', '/releases/2']));
    const other = releasePackage(releases().map((x) => ({ ...x, ocid: 'ocds-213czf-000-00003', planning: undefined })));
    const unlinked = await upload(JSON.parse(JSON.stringify(other)));
    expect(unlinked.statusCode).toBe(422);
    expect(unlinked.json().errors[0]).toEqual({ field: '/releases/0/planning/budget/projectID', message: expect.stringMatching(/pass project=ID/) });
    const own = await upload(releasePackage(releases().map((x) => ({ ...x, ocid: 'ocds-brpdem-T-1' }))), `?project=${projectCode}`);
    expect(own.statusCode).toBe(422);
    expect(own.json().errors[0].message).toMatch(/this platform's own/);
    expect((await upload({ releases: 'x' })).statusCode).toBe(422);
    expect((await upload({ hello: 1 })).statusCode).toBe(400);
    expect((await uploadFile(env.app, '/api/v1/projects/import/ocds', 'x.json', Buffer.from('{"releases": ['), op.auth)).statusCode).toBe(400);
    expect((await upload(releasePackage(), '?project=NO-SUCH')).json().errors[0]).toMatchObject({ field: 'project' });
    expect(
      Number(
        (
          await sql<{
            n: string;
          }>`select count(*) as n from project_external_process where ocid like 'ocds-213czf-000-0000_' and ocid not in (${OCID}, 'ocds-213czf-000-00002')`.execute(env.database.db)
        ).rows[0].n,
      ),
    ).toBe(0);
  });
});
