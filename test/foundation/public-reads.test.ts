/**
 * Public reads: statements per request (no N+1), ETag / 304, and the
 * in-process answer cache seeing every committed write on the next read —
 * also a write made through another app server over the same database.
 */

import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeQueries } from '../../src/db/index.ts';
import { TRIGGER_SETTLE_MS } from '../../src/db/sequencer.ts';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import { createPublished, makeCommittee } from '../../src/modules/tenders/test-kit.ts';
import { type TestEnv, testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../helpers/factories.ts';

let env: TestEnv;
let other: App;
let admin: TestUser;

/** Statements the database received while `fn` ran. */
async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; statements: string[] }> {
  const statements: string[] = [];
  const stop = observeQueries((s) => statements.push(s));
  try {
    return { value: await fn(), statements };
  } finally {
    stop();
  }
}

/**
 * Wait until background work (the OCDS sequencer after a publication) has stopped sending statements:
 * a silent window longer than the last run a publication schedules (TRIGGER_SETTLE_MS), or a later
 * run would be counted as the next request's.
 */
async function quiet() {
  for (let i = 0; i < 50; i++) {
    const { statements } = await counted(() => new Promise((r) => setTimeout(r, TRIGGER_SETTLE_MS + 250)));
    if (statements.length === 0) return;
  }
  throw new Error('the database never went quiet');
}

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  admin = await makeUser(env.deps, { roles: ['admin'] });
  // A second app server over the same database: its own memory, its own cache.
  other = await buildApp(env.deps, { logger: false, serveWeb: false });
  await other.ready();
}, 60_000);
afterAll(async () => {
  await other?.close();
  await env?.close();
});

describe('statements per request', () => {
  it('lists tenders with the same few statements whatever the page size', async () => {
    const operator = await makeUser(env.deps, { roles: ['operator'] });
    const members = await makeCommittee(env, 3);
    for (let i = 0; i < 7; i++) await createPublished(env, operator, members, { lots: 2 });
    await quiet();
    const one = await counted(() => env.app.inject({ url: '/api/v1/tenders?limit=1' }));
    const six = await counted(() => env.app.inject({ url: '/api/v1/tenders?limit=6' }));
    expect(six.value.statusCode).toBe(200);
    const items = six.value.json().items;
    expect(items).toHaveLength(6);
    expect(items.every((t: { lots: unknown[]; opening: { committee: unknown[] } }) => t.lots.length === 2 && t.opening.committee.length === 3)).toBe(true);
    // One list query, lots, projects, committees, the clock: not five per tender; and the answer cache's change counters.
    const built = (s: string[]) => s.filter((q) => !/public_change/.test(q));
    expect(six.statements.length - built(six.statements).length).toBe(1);
    expect(built(six.statements).length).toBeLessThanOrEqual(5);
    expect(six.statements.length).toBe(one.statements.length);
  }, 60_000);

  it('serves a cached public answer with one statement', async () => {
    await env.app.inject({ url: '/api/v1/programme' });
    await quiet();
    const again = await counted(() => env.app.inject({ url: '/api/v1/programme' }));
    expect(again.value.headers['x-cache']).toBe('hit');
    expect(again.statements).toHaveLength(1);
  });

  it("serves the home page's and a country view's public calls from memory once built", async () => {
    const urls = [
      '/api/v1/programme',
      '/api/v1/land/summary',
      '/api/v1/land/series',
      '/api/v1/projects?limit=1&facets=true',
      '/api/v1/land/releases/geojson?simplify=0.0002',
      '/api/v1/partners',
      '/api/v1/stats/procurement',
      '/api/v1/countries/KR',
    ];
    for (const url of urls) {
      const first = await env.app.inject({ url });
      expect(first.statusCode, url).toBe(200);
      await quiet();
      const again = await counted(() => env.app.inject({ url }));
      expect(again.value.headers['x-cache'], url).toBe('hit');
      // One statement reads the change counters; a route under an abuse limit (search, issue 14) also
      // counts the caller in rate_limit_counter, which every app server must see — nothing else runs.
      const limiter = again.statements.filter((q) => /rate_limit_counter/.test(q));
      expect(
        again.statements.filter((q) => !/rate_limit_counter/.test(q)),
        url,
      ).toHaveLength(1);
      expect(limiter.length, url).toBeLessThanOrEqual(1);
      expect(again.value.body, url).toBe(first.body);
    }
  });
});

describe('ETag and Cache-Control', () => {
  it('answers 304 to If-None-Match with the current ETag, 200 with a stale one', async () => {
    const first = await env.app.inject({ url: '/api/v1/programme' });
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const revalidated = await env.app.inject({ url: '/api/v1/programme', headers: { 'if-none-match': etag } });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    const stale = await env.app.inject({ url: '/api/v1/programme', headers: { 'if-none-match': '"not-it"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual(first.json());
  });

  it('does not cache what a signed-in caller sees', async () => {
    const r = await env.app.inject({ url: '/api/v1/programme', headers: { authorization: admin.auth } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('private, no-cache');
    expect(r.headers.etag).toBeUndefined();
  });
});

describe('compression', () => {
  it('sends a kept answer gzipped to a client that accepts it, the same bytes once inflated, with its own ETag', async () => {
    const operator = await makeUser(env.deps, { roles: ['operator'] });
    await createPublished(env, operator, await makeCommittee(env, 3));
    await quiet();
    const url = '/api/v1/ocds/releases';
    const plain = await env.app.inject({ url });
    expect(plain.statusCode).toBe(200);
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    expect(plain.headers.vary).toBe('accept-encoding');
    // The compressed copy is made after the first answer, off the event loop.
    let zipped = await env.app.inject({ url, headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    for (let i = 0; i < 50 && zipped.headers['content-encoding'] !== 'gzip'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      zipped = await env.app.inject({ url, headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    }
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    for (const etag of [zipped.headers.etag, plain.headers.etag]) {
      const again = await env.app.inject({ url, headers: { 'accept-encoding': 'gzip', 'if-none-match': etag as string } });
      expect(again.statusCode).toBe(304);
    }
    // gzip refused (q=0), or not named: the plain bytes.
    for (const ae of ['gzip;q=0, br', 'identity']) {
      const r = await env.app.inject({ url, headers: { 'accept-encoding': ae } });
      expect(r.headers['content-encoding'], ae).toBeUndefined();
      expect(r.rawPayload.equals(plain.rawPayload), ae).toBe(true);
    }
  });
});

describe('invalidation', () => {
  it('shows a write on the next read, by its author and through another app server', async () => {
    const before = await env.app.inject({ url: '/api/v1/programme' });
    await env.app.inject({ url: '/api/v1/programme' }); // cached on server one
    await other.inject({ url: '/api/v1/programme' }); // and on server two
    const target = before.json().targetKm2 + 1;
    const w = await other.inject({ method: 'PATCH', url: '/api/v1/programme', headers: { authorization: admin.auth }, payload: { targetKm2: target, reason: 'cache test' } });
    expect(w.statusCode).toBe(200);
    for (const app of [other, env.app]) {
      const r = await app.inject({ url: '/api/v1/programme', headers: { 'if-none-match': before.headers.etag as string } });
      expect(r.statusCode).toBe(200);
      expect(r.headers['x-cache']).toBe('miss');
      expect(r.json().targetKm2).toBe(target);
    }
  });

  it('leaves the cache alone when a write fails', async () => {
    await env.app.inject({ url: '/api/v1/programme' });
    const bad = await env.app.inject({ method: 'PATCH', url: '/api/v1/programme', headers: { authorization: admin.auth }, payload: { targetKm2: -1, reason: 'bad' } });
    expect(bad.statusCode).toBe(400);
    expect((await env.app.inject({ url: '/api/v1/programme' })).headers['x-cache']).toBe('hit');
  });
});

describe('locks on read paths', () => {
  it('no public read waits on an exclusive lock, even with land figures to recompute', async () => {
    // A pending figures refresh (what a land write leaves behind) makes the summary recompute on read.
    await sql`insert into land_dirty_cell (cx, cy, from_month) values (940, 790, '2024-01-01')`.execute(env.deps.db);
    const paths = [
      '/api/v1/land/summary',
      '/api/v1/land/series',
      '/api/v1/ocds/releases',
      '/api/v1/tenders?limit=6',
      '/api/v1/projects',
      '/api/v1/stats/procurement',
      '/api/v1/programme',
    ];
    for (const url of paths) {
      const { value, statements } = await counted(() => env.app.inject({ url, headers: { 'cache-control': 'no-cache' } }));
      expect(value.statusCode, url).toBe(200);
      // pg_advisory_xact_lock( waits for an exclusive lock; the try and shared forms do not make readers queue behind one another.
      expect(
        statements.filter((s) => /pg_advisory(_xact)?_lock\(/.test(s)),
        url,
      ).toEqual([]);
    }
    const left = await sql<{ n: number }>`select count(*)::int as n from land_dirty_cell`.execute(env.deps.db);
    expect(left.rows[0].n).toBe(0);
  });
});

describe('tenders and open data from memory', () => {
  it('serves a tender list with the database clock of this request, until the next phase change', async () => {
    const operator = await makeUser(env.deps, { roles: ['operator'] });
    const members = await makeCommittee(env, 3);
    const t = await createPublished(env, operator, members);
    // Bidding ends in a moment (a direct write: the tender's counter moves, as with any write).
    await sql`update tender set enquiry_end = now() - interval '1 second', tender_start = now() - interval '1 second', tender_end = now() + interval '8 seconds' where id = ${t.id}`.execute(
      env.deps.db,
    );
    const url = `/api/v1/tenders/${t.id}`;
    const first = await env.app.inject({ url });
    expect(first.headers['x-cache']).toBe('miss');
    expect(first.json().phase).toBe('tendering');
    await quiet();
    const again = await counted(() => env.app.inject({ url }));
    expect(again.value.headers['x-cache']).toBe('hit');
    expect(again.statements).toHaveLength(1);
    expect(again.value.headers.etag).toBeUndefined();
    // Everything but the clock is the kept answer; the clock is the database's, read for this request.
    const [a, b] = [first.json(), again.value.json()];
    expect(Date.parse(b.serverTime)).toBeGreaterThan(Date.parse(a.serverTime));
    expect({ ...b, serverTime: a.serverTime }).toEqual(a);
    const listed = await env.app.inject({ url: '/api/v1/tenders?limit=50' });
    expect(listed.json().items.find((x: { id: string }) => x.id === t.id).phase).toBe('tendering');
    expect((await env.app.inject({ url: '/api/v1/tenders?limit=50' })).headers['x-cache']).toBe('hit');
    // Past the deadline, with no write at all, the phase turns on the next read.
    const left = Date.parse(a.tenderPeriod.endDate) - Date.parse(b.serverTime);
    expect(left).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, left + 300));
    const after = await env.app.inject({ url });
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.json().phase).toBe('closed');
    const listedAfter = await env.app.inject({ url: '/api/v1/tenders?limit=50' });
    expect(listedAfter.headers['x-cache']).toBe('miss');
    expect(listedAfter.json().items.find((x: { id: string }) => x.id === t.id).phase).toBe('closed');
  }, 60_000);

  it('keeps the release feed until a new release is written, with its link header', async () => {
    const operator = await makeUser(env.deps, { roles: ['operator'] });
    const members = await makeCommittee(env, 3);
    await createPublished(env, operator, members);
    await quiet();
    const url = '/api/v1/ocds/releases?limit=1';
    const first = await env.app.inject({ url });
    expect(first.statusCode).toBe(200);
    await quiet();
    const again = await env.app.inject({ url });
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.headers.link).toBe(first.headers.link);
    expect(again.headers.link).toMatch(/rel="next"/);
    expect(again.body).toBe(first.body);
    // A new publication writes a release: the next read (here through the other app server, then this one) shows it.
    const t2 = await createPublished(env, operator, members);
    for (const app of [other, env.app]) {
      const r = await app.inject({ url });
      expect(r.headers['x-cache']).toBe('miss');
      expect(r.json().releases[0].ocid).toBe(t2.ocid);
    }
  }, 60_000);
});
