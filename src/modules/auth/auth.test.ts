import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeUser } from '../../../test/helpers/factories.ts';
import { AttemptLimiter } from './rate-limit.ts';
import { hashPassword } from './tokens.ts';

let env: TestEnv;
const PASSWORD = 'correct horse battery staple';
let hash: string;
beforeAll(async () => {
  env = await testEnv({ signIn: { maxAttempts: 3, windowSeconds: 60 } });
  hash = await hashPassword(PASSWORD);
});
afterAll(() => env?.close());

const signIn = (body: object, headers: Record<string, string> = {}) => env.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: body, headers });

describe('sign-in', () => {
  it('stores passwords as argon2id', () => {
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(hash).toMatch(/m=19456/);
    expect(hash).toMatch(/t=2/);
  });

  it('gives a bearer token that identifies the user', async () => {
    const u = await makeUser(env.deps, { roles: ['operator'], passwordHash: hash });
    const r = await signIn({ email: u.email.toUpperCase(), password: PASSWORD });
    expect(r.statusCode).toBe(200);
    const { token, permissions } = r.json();
    expect(token).toMatch(/^bpt_/);
    expect(permissions).toContain('organisation.verify');
    const me = await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().user.email).toBe(u.email);
    // Only the hash of the token is stored.
    const stored = await sql<{ n: number }>`select count(*)::int as n from auth_session where token_hash = ${token}`.execute(env.deps.db);
    expect(stored.rows[0].n).toBe(0);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const u = await makeUser(env.deps, { roles: ['operator'], passwordHash: hash });
    const wrong = await signIn({ email: u.email, password: 'wrong password here' }, { 'x-forwarded-for': '1' });
    const unknown = await signIn({ email: 'nobody@x.test', password: PASSWORD });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('rate-limits repeated failures per account, even with the right password afterwards', async () => {
    const u = await makeUser(env.deps, { roles: ['auditor'], passwordHash: hash });
    for (let i = 0; i < 3; i++) expect((await signIn({ email: u.email, password: `bad-${i}-password` })).statusCode).toBe(401);
    const r = await signIn({ email: u.email, password: PASSWORD });
    expect(r.statusCode).toBe(429);
    expect(r.json().code).toBe('rate_limited');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('web sessions use an HttpOnly SameSite cookie and require the CSRF token on writes', async () => {
    const u = await makeUser(env.deps, { roles: ['admin'], passwordHash: hash });
    const r = await signIn({ email: u.email, password: PASSWORD, mode: 'cookie' }, { 'x-forwarded-for': 'cookie-test' });
    expect(r.statusCode).toBe(200);
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/berpa_session=bps_/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(r.json().token).toBeUndefined();
    const cookie = setCookie.split(';')[0];
    const csrf = r.json().csrfToken;
    const body = { reason: 'csrf test', targetKm2: 10000 };
    const without = await env.app.inject({ method: 'PATCH', url: '/api/v1/programme', headers: { cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_failed');
    const forged = await env.app.inject({ method: 'PATCH', url: '/api/v1/programme', headers: { cookie, 'x-csrf-token': 'x'.repeat(32) }, payload: body });
    expect(forged.statusCode).toBe(403);
    const me = await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { email: u.email }, csrfToken: csrf });
  });

  it('refuses forged, expired and revoked tokens', async () => {
    const forged = await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer bpt_${'A'.repeat(43)}` } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('invalid_token');
    const garbage = await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Basic abc' } });
    expect(garbage.statusCode).toBe(401);

    const u = await makeUser(env.deps, { roles: ['observer'] });
    await sql`update auth_session set expires_at = now() - interval '1 second' where user_id = ${u.id}`.execute(env.deps.db);
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: u.auth } })).statusCode).toBe(401);

    const v = await makeUser(env.deps, { roles: ['observer'] });
    const out = await env.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { authorization: v.auth } });
    expect(out.statusCode).toBe(204);
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: v.auth } })).statusCode).toBe(401);
  });

  it('refuses demonstration accounts in production', async () => {
    const prod = await testEnv({ production: true });
    try {
      const u = await makeUser(prod.deps, { roles: ['admin'], passwordHash: hash });
      await sql`update app_user set is_demo = true where id = ${u.id}`.execute(prod.deps.db);
      expect((await prod.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: u.email, password: PASSWORD } })).statusCode).toBe(401);
    } finally {
      await prod.close();
    }
  });
});

describe('AttemptLimiter', () => {
  it('locks after the limit and forgets failures when the window passes (database clock)', async () => {
    const l = new AttemptLimiter(env.deps.db, 'unit', 2, 300);
    await l.fail('k');
    expect(await l.retryAfter('k')).toBe(0);
    await l.fail('k');
    expect(await l.retryAfter('k')).toBe(1);
    await new Promise((r) => setTimeout(r, 350));
    expect(await l.retryAfter('k')).toBe(0);
    await l.fail('k');
    expect(await l.retryAfter('k')).toBe(0);
  });

  it('is shared: a second limiter over the same database sees the same count', async () => {
    const a = new AttemptLimiter(env.deps.db, 'shared', 2, 60_000);
    const b = new AttemptLimiter(env.deps.db, 'shared', 2, 60_000);
    await a.fail('x');
    await b.fail('x');
    expect(await a.retryAfter('x')).toBeGreaterThan(50);
    await b.succeed('x');
    expect(await a.retryAfter('x')).toBe(0);
  });
});
