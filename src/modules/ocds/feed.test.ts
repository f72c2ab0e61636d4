import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { loadSchemaValidator } from '../../lib/standards.ts';
import { systemActor } from '../auth/permissions.ts';
import { sequencePending, storeRelease } from './service.ts';

/**
 * The feed machinery on fixture releases (no tender tables involved):
 * paging, `since`, records, schema validity, and — the point — that a
 * release committing late is never skipped by a poller.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env?.close());

const ctx = { actor: systemActor('ocds-test'), requestId: 'ocds-test' };
const releasePackage = () => loadSchemaValidator('ocds/schema/release-package-schema.json');
const recordPackage = () => loadSchemaValidator('ocds/schema/record-package-schema.json');
let n = 0;
const ocid = (tag: string) => `ocds-test00-${tag}-${++n}`;

function body(i: number, extra: Record<string, unknown> = {}) {
  return {
    initiationType: 'tender',
    parties: [{ id: 'AZ-VOEN-1', name: 'Agency', roles: ['buyer'] }],
    tender: { id: `t-${i}`, title: `Tender ${i}`, status: 'active', value: { amount: 1000 + i, currency: 'AZN' } },
    ...extra,
  };
}

async function publish(o: string, tags: string[], b: Record<string, unknown>) {
  return env.deps.db.transaction().execute((trx) => storeRelease(trx, ctx, o, tags, b));
}

type Pkg = { releases: { id: string; ocid: string; date: string; tag: string[] }[]; links?: { next?: string } };
async function get(url: string): Promise<Pkg> {
  const r = await env.app.inject({ method: 'GET', url });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

/** Follow `links.next` from a first URL until the end; every id seen, in order. */
async function drain(first: string): Promise<Pkg['releases']> {
  const out: Pkg['releases'] = [];
  let url: string | undefined = first;
  for (let i = 0; url && i < 1000; i++) {
    const p = await get(url);
    out.push(...p.releases);
    url = p.links?.next && p.releases.length ? p.links.next.replace(/^https?:\/\/[^/]+/, '') : undefined;
  }
  return out;
}

describe('OCDS release feed', () => {
  const mine: string[] = [];
  let a: string;
  beforeAll(async () => {
    a = ocid('a');
    const b = ocid('b');
    mine.push(await publish(a, ['planning', 'tender'], body(1)));
    mine.push(await publish(b, ['tender'], body(2)));
    mine.push(await publish(a, ['tenderAmendment'], { initiationType: 'tender', tender: { id: 't-1', value: { amount: 1500 }, description: 'amended' } }));
    mine.push(await publish(a, ['tenderUpdate'], { initiationType: 'tender', tender: { id: 't-1', description: null, title: 'Renamed' } }));
    mine.push(await publish(b, ['tenderCancellation'], { initiationType: 'tender', tender: { id: 't-2', status: 'cancelled' } }));
  });

  it('gives stable ids <ocid>-<n>, newest first, with strictly increasing dates', async () => {
    const p = await get('/api/v1/ocds/releases?limit=1000');
    const ours = p.releases.filter((r) => mine.includes(r.id));
    expect(ours.map((r) => r.id)).toEqual([...mine].reverse());
    expect(mine[0]).toBe(`${a}-1`);
    const dates = p.releases.map((r) => Date.parse(r.date));
    for (let i = 1; i < dates.length; i++) expect(dates[i]).toBeLessThan(dates[i - 1]);
    expect(releasePackage().validate(p)).toEqual({ ok: true, errors: [] });
  });

  it('pages with a cursor, newest first and oldest first, covering each release once', async () => {
    const all = (await get('/api/v1/ocds/releases?limit=1000')).releases.map((r) => r.id);
    const desc = await drain('/api/v1/ocds/releases?limit=2');
    expect(desc.map((r) => r.id)).toEqual(all);
    const asc = await drain('/api/v1/ocds/releases?limit=2&order=asc');
    expect(asc.map((r) => r.id)).toEqual([...all].reverse());
  });

  it('since is an exclusive lower bound on date, and the cursor keeps it', async () => {
    const all = (await get('/api/v1/ocds/releases?limit=1000&order=asc')).releases;
    const pivot = all.findIndex((r) => r.id === mine[1]);
    const after = await drain(`/api/v1/ocds/releases?limit=1&since=${encodeURIComponent(all[pivot].date)}`);
    expect(after.map((r) => r.id)).toEqual(
      all
        .slice(pivot + 1)
        .map((r) => r.id)
        .reverse(),
    );
    const none = await get(`/api/v1/ocds/releases?since=${encodeURIComponent(all[all.length - 1].date)}`);
    expect(none.releases).toEqual([]);
    // A date-only `since` works too (midnight UTC).
    expect((await get('/api/v1/ocds/releases?since=2000-01-01&limit=1000')).releases.length).toBe(all.length);
  });

  it('refuses a bad since, cursor, limit or unknown parameter with a problem naming it', async () => {
    const cases: [string, string][] = [
      ['since=yesterday', '/querystring/since'],
      ['since=2026-13-45T00:00:00Z', '/querystring/since'],
      ['since=2026-01-01T00:00:00', '/querystring/since'],
      ['cursor=xyz', '/querystring/cursor'],
      ['cursor=' + Buffer.from('[1,"sideways",null]').toString('base64url'), '/querystring/cursor'],
      ['limit=0', '/querystring/limit'],
      ['order=random', '/querystring/order'],
    ];
    for (const [q, field] of cases) {
      const r = await env.app.inject({ method: 'GET', url: `/api/v1/ocds/releases?${q}` });
      expect(r.statusCode, q).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(
        r
          .json()
          .errors?.map((e: { field: string }) => e.field)
          .join(' '),
        q,
      ).toContain(field);
    }
    const first = await get('/api/v1/ocds/releases?limit=1');
    const cursor = new URL(first.links!.next!).searchParams.get('cursor');
    const mixed = await env.app.inject({ method: 'GET', url: `/api/v1/ocds/releases?cursor=${cursor}&since=2020-01-01T00:00:00Z` });
    expect(mixed.statusCode).toBe(400);
    const unknown = await env.app.inject({ method: 'GET', url: '/api/v1/ocds/releases?colour=red' });
    expect(unknown.statusCode).toBe(400);
  });

  it('serves a record with the compiled release, following the merge rules', async () => {
    const r = await env.app.inject({ method: 'GET', url: `/api/v1/ocds/records/${a}` });
    expect(r.statusCode).toBe(200);
    const pkg = r.json();
    expect(recordPackage().validate(pkg)).toEqual({ ok: true, errors: [] });
    const rec = pkg.records[0];
    expect(rec.releases.map((x: { id: string }) => x.id)).toEqual([`${a}-1`, `${a}-2`, `${a}-3`]);
    expect(rec.compiledRelease.tender).toEqual({ id: 't-1', title: 'Renamed', status: 'active', value: { amount: 1500, currency: 'AZN' } });
    expect(rec.compiledRelease.tag).toEqual(['compiled']);
    expect(rec.compiledRelease.date).toBe(rec.releases[2].date);
    const missing = await env.app.inject({ method: 'GET', url: '/api/v1/ocds/records/ocds-nothing-here' });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a tag outside the OCDS codelist and writes nothing', async () => {
    const o = ocid('badtag');
    await expect(publish(o, ['tender', 'bidOpening'], body(9))).rejects.toThrow(/release tags/);
    const c = await sql<{ n: number }>`select count(*)::int as n from ocds_release where ocid = ${o}`.execute(env.deps.db);
    expect(c.rows[0].n).toBe(0);
  });
});

describe('OCDS feed under concurrent writers', () => {
  // PGlite has one connection: two open transactions cannot interleave there (the next test runs on both).
  it.skipIf(inject('dbTemplate').kind === 'pglite')('a release that commits late is still seen by a poller that already saw a newer one', async () => {
    const early = ocid('early');
    const late = ocid('late');
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    let written!: () => void;
    const wrote = new Promise<void>((ok) => (written = ok));
    // A writes first (earlier recorded_at) but commits last.
    const slow = env.deps.db.transaction().execute(async (trx) => {
      await storeRelease(trx, ctx, early, ['tender'], body(100));
      written();
      await gate;
    });
    await wrote;
    await publish(late, ['tender'], body(101));
    const seen = await get('/api/v1/ocds/releases?limit=1000');
    expect(seen.releases.map((r) => r.ocid)).toContain(late);
    expect(seen.releases.map((r) => r.ocid)).not.toContain(early);
    const lastDate = seen.releases[0].date;
    release();
    await slow;
    const rec = await sql<{
      early: Date;
      late: Date;
    }>`select (select recorded_at from ocds_release where ocid = ${early}) as early, (select recorded_at from ocds_release where ocid = ${late}) as late`.execute(env.deps.db);
    expect(new Date(rec.rows[0].early).getTime()).toBeLessThan(new Date(rec.rows[0].late).getTime());
    const next = await get(`/api/v1/ocds/releases?since=${encodeURIComponent(lastDate)}`);
    expect(next.releases.map((r) => r.ocid)).toEqual([early]);
  });

  it('pollers following since/cursor see every committed release exactly once, and no rolled-back one', async () => {
    const writers = env.database.kind === 'pglite' ? 12 : 40;
    const ids: string[] = [];
    const rolledBack: string[] = [];
    const start = (await get('/api/v1/ocds/releases?limit=1')).releases[0]?.date ?? '2000-01-01T00:00:00.000Z';
    let done = false;
    const write = async (i: number) => {
      const o = ocid(`c${i}`);
      const fail = i % 10 === 7;
      try {
        await env.deps.db.transaction().execute(async (trx) => {
          const id = await storeRelease(trx, ctx, o, ['tender'], body(i));
          // Hold the transaction open for a while: commit order differs from write order.
          await sql`select pg_sleep(${((i * 37) % 11) / 40})`.execute(trx);
          if (fail) throw new Error('rollback on purpose');
          ids.push(id);
        });
      } catch (err) {
        if (!fail) throw err;
        rolledBack.push(`${o}-1`);
      }
    };
    // A poller in the style the issue names: remember the newest date seen, ask for what is newer.
    const poll = async (order: 'asc' | 'desc') => {
      const seen: string[] = [];
      let since = start;
      for (let round = 0; round < 400; round++) {
        const finished = done;
        const got = await drain(`/api/v1/ocds/releases?limit=3&order=${order}&since=${encodeURIComponent(since)}`);
        for (const r of got) seen.push(r.id);
        const newest = got
          .map((r) => r.date)
          .sort()
          .pop();
        if (newest) since = newest;
        if (finished) break;
        await new Promise((ok) => setTimeout(ok, 15));
      }
      return seen;
    };
    const pollers = [poll('desc'), poll('asc'), poll('desc')];
    await Promise.all(Array.from({ length: writers }, (_, i) => write(i)));
    // Every committed release must be in the feed before the pollers take their last look. The
    // sequencer only try-locks, so a call can return while another (a publication timer) still
    // holds the lock: wait until nothing is pending, bounded in time.
    for (let i = 0; i < 200; i++) {
      await sequencePending(env.deps.db);
      const left = await sql<{ n: number }>`select count(*)::int as n from ocds_release where position is null`.execute(env.deps.db);
      if (left.rows[0].n === 0) break;
      await new Promise((ok) => setTimeout(ok, 25));
    }
    done = true;
    const results = await Promise.all(pollers);
    expect(ids.length).toBeGreaterThan(0);
    // The run must really have had late commits, or it proves nothing: the oldest-first poller must
    // have been handed a release written (recorded_at) before one it had already received. A feed
    // ordered by write time would have skipped exactly those.
    const rec = await sql<{ id: string; at: Date }>`select id, recorded_at as at from ocds_release where id = any(${ids}::text[])`.execute(env.deps.db);
    const at = new Map(rec.rows.map((r) => [r.id, new Date(r.at).getTime()]));
    const lateSeen = [results[1]].some((seen) => seen.some((id, i) => i > 0 && Math.max(...seen.slice(0, i).map((x) => at.get(x) ?? 0)) > at.get(id)!));
    if (inject('dbTemplate').kind === 'postgres') expect(lateSeen, 'no late commit happened in this run').toBe(true);
    for (const seen of results) {
      const counts = new Map<string, number>();
      for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(
        [...counts.values()].every((c) => c === 1),
        'a release was delivered twice',
      ).toBe(true);
      expect([...counts.keys()].sort()).toEqual([...ids].sort());
      for (const id of rolledBack) expect(counts.has(id)).toBe(false);
    }
  });
});
