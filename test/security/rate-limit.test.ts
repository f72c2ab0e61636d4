import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import { hit } from '../../src/modules/auth/rate-limit.repo.ts';
import { hashPassword } from '../../src/modules/auth/tokens.ts';
import { type TestEnv, testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser } from '../helpers/factories.ts';

/**
 * Two app servers (two Fastify instances) over one database: the counters are
 * rows, so a client cannot get twice the allowance by alternating servers.
 */
let env: TestEnv;
let second: App;
const limits = {
  signIn: { max: 4, windowSeconds: 60 },
  registration: { max: 2, windowSeconds: 60 },
  upload: { max: 2, windowSeconds: 60 },
  search: { max: 3, windowSeconds: 60 },
  export: { max: 2, windowSeconds: 60 },
};
beforeAll(async () => {
  env = await testEnv({ rateLimits: limits, signIn: { maxAttempts: 3, windowSeconds: 60 } });
  await ensureProgramme(env.deps);
  second = await buildApp(env.deps, { logger: false, serveWeb: false });
  await second.ready();
});
afterAll(async () => {
  await second?.close();
  await env?.close();
});

function expect429(r: { statusCode: number; headers: Record<string, unknown>; json(): { code: string; retryAfter: number } }) {
  expect(r.statusCode).toBe(429);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(r.json().code).toBe('rate_limited');
  const after = Number(r.headers['retry-after']);
  expect(after).toBeGreaterThan(0);
  expect(after).toBeLessThanOrEqual(60);
  expect(r.json().retryAfter).toBe(after);
}

describe('rate limits shared across app servers', () => {
  it('search: hits on both servers add up; the next one is 429 with Retry-After', async () => {
    const apps = [env.app, second, env.app];
    for (const a of apps) expect((await a.inject({ method: 'GET', url: '/api/v1/projects?q=road' })).statusCode).toBe(200);
    expect429(await second.inject({ method: 'GET', url: '/api/v1/projects?q=road' }));
    // Another client address has its own allowance.
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/projects', remoteAddress: '192.0.2.7' })).statusCode).toBe(200);
  });

  it('exports, registration and uploads are limited too', async () => {
    for (let i = 0; i < 2; i++) expect((await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=geojson', remoteAddress: '192.0.2.20' })).statusCode).toBe(200);
    expect429(await second.inject({ method: 'GET', url: '/api/v1/projects/export?format=csv', remoteAddress: '192.0.2.20' }));

    const reg = () => env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', remoteAddress: '192.0.2.21', payload: {} });
    expect((await reg()).statusCode).toBe(400);
    expect((await reg()).statusCode).toBe(400);
    expect429(await reg());

    const u = await makeUser(env.deps, { roles: ['operator'] });
    const up = (a: App) => a.inject({ method: 'POST', url: '/api/v1/documents', headers: { authorization: u.auth, 'content-type': 'application/json' }, payload: '{}' });
    expect((await up(env.app)).statusCode).toBeLessThan(429);
    expect((await up(second)).statusCode).toBeLessThan(429);
    expect429(await up(env.app));
  });

  it('sign-in: per-address limit, and the per-account lockout counted in the database', async () => {
    const password = 'a long enough passphrase';
    const u = await makeUser(env.deps, { roles: ['observer'], passwordHash: await hashPassword(password) });
    const signIn = (a: App, pw: string, ip: string) => a.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress: ip, payload: { email: u.email, password: pw } });
    // Three failures spread over both servers and two addresses lock the account…
    expect((await signIn(env.app, 'wrong-1', '192.0.2.30')).statusCode).toBe(401);
    expect((await signIn(second, 'wrong-2', '192.0.2.31')).statusCode).toBe(401);
    expect((await signIn(env.app, 'wrong-3', '192.0.2.30')).statusCode).toBe(401);
    // …so even the right password is refused now, on either server.
    expect429(await signIn(second, password, '192.0.2.32'));
    const row = await sql<{ hits: number }>`select hits from rate_limit_counter where key = ${`signin-fail:email:${u.email.toLowerCase()}`}`.execute(env.deps.db);
    expect(Number(row.rows[0].hits)).toBe(3);
    // The per-address request limit (4 per window) holds regardless of accounts.
    for (let i = 0; i < 4; i++) await signIn(env.app, 'x', '192.0.2.40');
    expect429(await signIn(second, 'x', '192.0.2.40'));
  });

  it('the counter upsert is atomic: 40 concurrent hits count 40', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => hit(env.deps.db, 'concurrency-test', 60_000)));
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('limits are read from the environment as MAX/SECONDS', () => {
    expect(loadConfig({ BERPA_RATE_LIMIT_SEARCH: '5/10' }).rateLimits.search).toEqual({ max: 5, windowSeconds: 10 });
    expect(() => loadConfig({ BERPA_RATE_LIMIT_SEARCH: 'lots' })).toThrow(/MAX\/SECONDS/);
  });
});
