import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeRoleUsers, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import type { Role } from '../auth/permissions.ts';

let env: TestEnv;
let users: Record<Role, TestUser>;
beforeAll(async () => {
  env = await testEnv();
  users = await makeRoleUsers(env.deps);
});
afterAll(() => env?.close());

let n = 0;
const newUser = (over: object = {}) => ({
  email: `new${++n}-${Date.now()}@test.berpa.test`,
  name: 'New Person',
  password: 'a long enough password',
  roles: ['evaluator'],
  ...over,
});

describe('user administration, by role', () => {
  it('only admins create staff users', async () => {
    for (const [role, u] of Object.entries(users)) {
      const r = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: u.auth }, payload: newUser() });
      expect(r.statusCode, role).toBe(role === 'admin' ? 201 : 403);
    }
  });

  it('a company user adds a colleague to its own organisation only, and only as a company user', async () => {
    const c = users.company;
    const ok = await env.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: c.auth },
      payload: newUser({ roles: ['company'], organisationId: c.orgId }),
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().organisationId).toBe(c.orgId);
    const other = await makeUser(env.deps, { roles: ['company'] });
    const elsewhere = await env.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: c.auth },
      payload: newUser({ roles: ['company'], organisationId: other.orgId }),
    });
    expect(elsewhere.statusCode).toBe(403);
    const escalate = await env.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: c.auth },
      payload: newUser({ roles: ['admin'], organisationId: c.orgId }),
    });
    expect(escalate.statusCode).toBe(403);
  });

  it('a company user lists only its own organisation’s users', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: users.company.auth } });
    expect(r.statusCode).toBe(200);
    expect(new Set(r.json().items.map((u: { organisationId: string }) => u.organisationId))).toEqual(new Set([users.company.orgId]));
    const other = await makeUser(env.deps, { roles: ['company'] });
    const theirs = await env.app.inject({ method: 'GET', url: `/api/v1/users?organisationId=${other.orgId}`, headers: { authorization: users.company.auth } });
    expect(theirs.statusCode).toBe(403);
  });

  it('refuses unknown roles, short passwords and duplicate emails, naming the field', async () => {
    const a = users.admin;
    const badRole = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: a.auth }, payload: newUser({ roles: ['superuser'] }) });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().errors.some((e: { field: string }) => e.field.startsWith('/body/roles'))).toBe(true);
    const short = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: a.auth }, payload: newUser({ password: 'short' }) });
    expect(short.json().errors[0].field).toBe('/body/password');
    const dup = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: a.auth }, payload: newUser({ email: users.auditor.email }) });
    expect(dup.statusCode).toBe(409);
    const companyWithoutOrg = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: a.auth }, payload: newUser({ roles: ['company'] }) });
    expect(companyWithoutOrg.json().errors[0].field).toBe('/body/organisationId');
  });

  it('admins change roles and deactivate; a deactivated user’s token stops working', async () => {
    const target = await makeUser(env.deps, { roles: ['observer'] });
    const r = await env.app.inject({ method: 'PATCH', url: `/api/v1/users/${target.id}`, headers: { authorization: users.admin.auth }, payload: { active: false } });
    expect(r.statusCode).toBe(200);
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: target.auth } })).statusCode).toBe(401);
    expect(
      (await env.app.inject({ method: 'PATCH', url: `/api/v1/users/${target.id}`, headers: { authorization: users.operator.auth }, payload: { roles: ['admin'] } })).statusCode,
    ).toBe(403);
  });

  it('each role sees its own permissions in /me', async () => {
    const perms = async (u: TestUser) => (await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: u.auth } })).json().permissions as string[];
    expect(await perms(users.admin)).toContain('user.manage');
    expect(await perms(users.operator)).toContain('organisation.verify');
    expect(await perms(users.company)).not.toContain('organisation.verify');
    expect(await perms(users.auditor)).toContain('audit.read');
    expect(await perms(users.observer)).not.toContain('audit.read');
    const anon = await env.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(anon.json()).toMatchObject({ user: null });
  });
});
