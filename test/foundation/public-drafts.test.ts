import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/seed/demo.ts';
import { type TestEnv, testEnv } from '../helpers/app.ts';

/**
 * Drafts appear nowhere public: on the demo programme (which has a draft
 * tender linked to a project), every GET route of the OpenAPI document is
 * called anonymously with each record id or code that fits its path, and no
 * answer may contain a draft tender's id, OCID or title.
 */
let env: TestEnv;
let drafts: { id: string; ocid: string; titles: string[] }[];
const pools: Record<string, string[]> = {};

beforeAll(async () => {
  env = await testEnv();
  await seedDemo(env.deps);
  const db = env.database.db;
  const rows = (await sql<{ id: string; ocid: string; title: Record<string, string> }>`select id, ocid, title from tender where status = 'draft'`.execute(db)).rows;
  drafts = rows.map((r) => ({ id: r.id, ocid: r.ocid, titles: Object.values(r.title).filter((x) => x.length > 8) }));
  // The case the issue found: a draft linked to a project must not show on that project's page.
  const linked = (await sql<{ n: number }>`select count(*)::int as n from tender_project tp join tender t on t.id = tp.tender_id where t.status = 'draft'`.execute(db)).rows[0].n;
  if (!linked && rows.length) await sql`insert into tender_project (tender_id, project_id) select ${rows[0].id}::uuid, id from project order by code limit 1`.execute(db);
  const ids = async (q: string) => (await sql<{ v: string }>`${sql.raw(q)}`.execute(db)).rows.map((r) => String(r.v));
  pools.projects = await ids('select id::text as v from project');
  pools.tenders = await ids('select id::text as v from tender');
  pools.organisations = await ids('select id::text as v from organisation');
  pools.countries = await ids('select distinct country as v from organisation union select distinct country from partner_period');
  pools.areas = await ids("select code as v from area where level = 'district'");
  pools.ocids = await ids('select ocid as v from tender');
}, 600_000);
afterAll(() => env?.close());

function candidates(path: string, param: string): string[] {
  if (path.includes('/tenders/') || path.includes('/ocds/')) return param.includes('ocid') ? pools.ocids : pools.tenders;
  if (path.includes('/records/') || path.includes('/releases/')) return pools.ocids;
  if (path.includes('/projects/')) return pools.projects;
  if (path.includes('/organisations/')) return pools.organisations;
  if (path.includes('/countries/')) return pools.countries;
  if (path.includes('/areas/') || path.includes('/districts/')) return pools.areas;
  return [...pools.projects.slice(0, 3), ...pools.tenders];
}

describe('drafts on the public API', () => {
  it('the demo has a draft tender to look for', () => {
    expect(drafts.length).toBeGreaterThan(0);
  });

  it('no anonymous GET answers with a draft tender’s id, OCID or title', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const leaks: string[] = [];
    let calls = 0;
    let ok = 0;
    for (const path of Object.keys(doc.paths).sort()) {
      if (!doc.paths[path].get) continue;
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      // One parameter: every candidate; several: the first candidates only (nested sub-resources of one record).
      const values = names.length === 0 ? [''] : candidates(path, names[0]);
      for (const v of values) {
        const url = path.replace(/\{([^}]+)\}/g, () => encodeURIComponent(v));
        const r = await env.app.inject({ method: 'GET', url });
        calls++;
        if (r.statusCode >= 500) leaks.push(`${url}: HTTP ${r.statusCode}`);
        if (r.statusCode !== 200) continue;
        ok++;
        const body = r.body;
        for (const d of drafts) {
          for (const needle of [d.id, d.ocid, ...d.titles]) if (body.includes(needle)) leaks.push(`${url} shows draft ${d.ocid} (${needle.slice(0, 40)})`);
        }
      }
    }
    for (const url of ['/api/v1/tenders?status=draft', '/api/v1/tenders?limit=100', '/api/v1/projects?limit=200&facets=true', '/api/v1/ocds/releases?limit=100']) {
      const r = await env.app.inject({ method: 'GET', url });
      for (const d of drafts) for (const needle of [d.id, d.ocid, ...d.titles]) if (r.body.includes(needle)) leaks.push(`${url} shows draft ${d.ocid}`);
    }
    expect(ok, `of ${calls} calls`).toBeGreaterThan(50);
    expect(leaks).toEqual([]);
  }, 600_000);
});
