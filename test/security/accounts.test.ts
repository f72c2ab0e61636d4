import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import { passwordProblem } from '../../src/modules/auth/password-policy.ts';
import { hashPassword } from '../../src/modules/auth/tokens.ts';
import { type TestEnv, testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser } from '../helpers/factories.ts';

let env: TestEnv;
const PASSWORD = 'violet tractor under the moon';
beforeAll(async () => {
  env = await testEnv({ sessionIdleMinutes: 30 });
  await ensureProgramme(env.deps);
});
afterAll(() => env?.close());

const signIn = (app: App, email: string, mode: 'cookie' | 'token', password = PASSWORD) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password, mode } });
const cookieOf = (r: { cookies: { name: string; value: string }[] }) => `berpa_session=${r.cookies.find((c) => c.name === 'berpa_session')!.value}`;

describe('passwords', () => {
  it('the policy: 12+ code points, not common, not the email', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('Password1234')).toMatch(/common/);
    expect(passwordProblem('qwertyuiop123')).toMatch(/common/);
    expect(passwordProblem('Azerbaijan2026')).toMatch(/common/);
    expect(passwordProblem('someone@example.org', 'someone@example.org')).toMatch(/email/);
    expect(passwordProblem('비밀번호는길어야합니다요')).toBeNull();
    expect(passwordProblem(PASSWORD)).toBeNull();
  });

  it('registration and user creation refuse a common password, naming the field, and write nothing', async () => {
    const admin = await makeUser(env.deps, { roles: ['admin'] });
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: admin.auth },
      payload: { email: 'weak@example.org', name: 'Weak', password: 'password1234', roles: ['observer'] },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([{ field: '/body/password', message: expect.stringMatching(/common/) }]);
    const reg = await env.app.inject({
      method: 'POST',
      url: '/api/v1/organisations/register',
      payload: {
        organisation: { name: 'Weak Co', identifier: { scheme: 'AZ-VOEN', id: '1700000002' }, country: 'AZ' },
        user: { email: 'weak2@example.org', name: 'Weak', password: 'iloveyou2026' },
      },
    });
    expect(reg.statusCode, reg.body).toBe(400);
    expect(JSON.stringify(reg.json().errors)).toMatch(/\/body\/user\/password/);
    const n = await sql<{ n: string }>`select count(*) as n from app_user where email in ('weak@example.org', 'weak2@example.org')`.execute(env.deps.db);
    expect(Number(n.rows[0].n)).toBe(0);
  });
});

describe('sessions', () => {
  it('a web session ends after the idle limit; an active one carries on', async () => {
    const u = await makeUser(env.deps, { roles: ['observer'], passwordHash: await hashPassword(PASSWORD) });
    const a = await signIn(env.app, u.email, 'cookie');
    const b = await signIn(env.app, u.email, 'cookie');
    const me = (cookie: string) => env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect((await me(cookieOf(a))).json().user.id).toBe(u.id);
    // Session A last used 31 minutes ago, B 29 minutes ago.
    await sql`update auth_session set last_used_at = now() - interval '31 minutes' where token_hash = encode(sha256(convert_to(${cookieOf(a).split('=')[1]}, 'UTF8')), 'hex')`.execute(
      env.deps.db,
    );
    await sql`update auth_session set last_used_at = now() - interval '29 minutes' where token_hash = encode(sha256(convert_to(${cookieOf(b).split('=')[1]}, 'UTF8')), 'hex')`.execute(
      env.deps.db,
    );
    expect((await me(cookieOf(a))).json().user).toBeNull();
    expect((await me(cookieOf(b))).json().user.id).toBe(u.id);
    // B was touched just now, so it has a fresh half hour; A stays over (revoked).
    const rows = await sql<{
      revoked: boolean;
      fresh: boolean;
    }>`select revoked_at is not null as revoked, last_used_at > now() - interval '1 minute' as fresh from auth_session where user_id = ${u.id} and kind = 'cookie' order by created_at`.execute(
      env.deps.db,
    );
    expect(rows.rows).toEqual([
      { revoked: true, fresh: false },
      { revoked: false, fresh: true },
    ]);
  });

  it('the absolute lifetime holds however active the session is', async () => {
    const u = await makeUser(env.deps, { roles: ['observer'], passwordHash: await hashPassword(PASSWORD) });
    const a = await signIn(env.app, u.email, 'cookie');
    const exp = new Date(a.json().expiresAt).getTime();
    expect(exp - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect(exp - Date.now()).toBeLessThanOrEqual(12 * 3600_000);
    await sql`update auth_session set expires_at = now() - interval '1 second', last_used_at = now() where user_id = ${u.id}`.execute(env.deps.db);
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(a) } })).json().user).toBeNull();
  });

  it('sign-out everywhere revokes every session and token of the user, on every server, and only theirs', async () => {
    const u = await makeUser(env.deps, { roles: ['observer'], passwordHash: await hashPassword(PASSWORD) });
    const other = await makeUser(env.deps, { roles: ['observer'] });
    const second = await buildApp(env.deps, { logger: false, serveWeb: false });
    try {
      const web = await signIn(env.app, u.email, 'cookie');
      const token = `Bearer ${(await signIn(second, u.email, 'token')).json().token}`;
      const out = await second.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: { cookie: cookieOf(web), 'x-csrf-token': web.json().csrfToken } });
      expect(out.statusCode, out.body).toBe(200);
      expect(out.json().revoked).toBe(3); // the factory's token, the web session, the API token
      expect((await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: token } })).statusCode).toBe(401);
      expect((await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: u.auth } })).statusCode).toBe(401);
      expect((await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(web) } })).json().user).toBeNull();
      expect((await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: other.auth } })).json().user.id).toBe(other.id);
      // Without the CSRF token a cookie cannot do it.
      const again = await signIn(env.app, u.email, 'cookie');
      expect((await env.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: { cookie: cookieOf(again) } })).statusCode).toBe(403);
    } finally {
      await second.close();
    }
  });
});

describe('logs', () => {
  it('no password, token, cookie or CSRF token appears in any log line, even at trace level', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const app = await buildApp(env.deps, { logger: { level: 'trace', stream }, serveWeb: false });
    try {
      const u = await makeUser(env.deps, { roles: ['observer'], passwordHash: await hashPassword(PASSWORD) });
      const web = await signIn(app, u.email, 'cookie');
      const token = (await signIn(app, u.email, 'token')).json().token as string;
      await signIn(app, u.email, 'token', 'a wrong password entirely');
      const cookie = cookieOf(web);
      const csrf = web.json().csrfToken as string;
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, 'x-csrf-token': csrf } });
      await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, 'x-csrf-token': 'wrong' } });
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}x` } });
      // Whatever a module logs by mistake is redacted too.
      app.log.info({ password: PASSWORD, user: { password: PASSWORD, token }, headers: { authorization: `Bearer ${token}`, cookie } }, 'careless');
      const all = lines.join('');
      expect(lines.length).toBeGreaterThan(10);
      for (const secret of [PASSWORD, token, cookie.split('=')[1], csrf]) expect(all).not.toContain(secret);
      expect(all).toContain('[redacted]');
    } finally {
      await app.close();
    }
  });
});
