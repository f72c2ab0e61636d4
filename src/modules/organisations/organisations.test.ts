import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeOrg, makeRoleUsers, makeUser } from '../../../test/helpers/factories.ts';
import { checkIdentifier } from './identifiers.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env?.close());

const counts = async () => {
  const r = await sql<{
    o: number;
    u: number;
    a: number;
  }>`select (select count(*)::int from organisation) o, (select count(*)::int from app_user) u, (select count(*)::int from audit_event) a`.execute(env.deps.db);
  return r.rows[0];
};

let n = 0;
const registration = (over: { scheme?: string; id?: string; country?: string; email?: string } = {}) => ({
  organisation: {
    name: 'Hanbit Test Co.',
    identifier: { scheme: over.scheme ?? 'KR-BRN', id: over.id ?? `120-81-${String(10000 + ++n).slice(-5)}` },
    country: over.country ?? 'KR',
  },
  user: { email: over.email ?? `reg${n}-${Date.now()}@test.berpa.test`, name: 'Kim Test', password: 'a long enough password' },
});

describe('company registration', () => {
  it('registers a Korean company (KR-BRN, dashes allowed) as unverified with a company user', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: registration({ id: '120-81-47521' }) });
    expect(r.statusCode).toBe(201);
    expect(r.json().organisation).toMatchObject({ identifier: { scheme: 'KR-BRN', id: '1208147521' }, country: 'KR', verificationStatus: 'unverified' });
    const audit = await sql<{ action: string }>`select action from audit_event where entity_id = ${r.json().organisation.id}`.execute(env.deps.db);
    expect(audit.rows.map((x) => x.action)).toEqual(['organisation.register']);
  });

  it('accepts an Azerbaijani VÖEN and refuses malformed identifiers naming the field; nothing written', async () => {
    expect(
      (await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: registration({ scheme: 'AZ-VOEN', id: '1400000099', country: 'AZ' }) })).statusCode,
    ).toBe(201);
    const before = await counts();
    const bad = await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: registration({ scheme: 'AZ-VOEN', id: '12345', country: 'AZ' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('/body/organisation/identifier/id');
    const mismatch = await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: registration({ scheme: 'AZ-VOEN', id: '1400000100', country: 'KR' }) });
    expect(mismatch.json().errors[0].field).toBe('/body/organisation/country');
    const scheme = await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: registration({ scheme: 'voen', id: '1', country: 'AZ' }) });
    expect(scheme.json().errors[0].field).toBe('/body/organisation/identifier/scheme');
    expect(await counts()).toEqual(before);
  });

  it('refuses a duplicate identifier and a duplicate email; nothing written', async () => {
    const first = registration({ id: '2208100077' });
    expect((await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: first })).statusCode).toBe(201);
    const before = await counts();
    const dupOrg = await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: { ...registration({ id: '2208100077' }) } });
    expect(dupOrg.statusCode).toBe(409);
    expect(dupOrg.json().errors[0].field).toBe('/body/organisation/identifier/id');
    const dupEmail = await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: { ...registration({ id: '2208100078' }), user: first.user } });
    expect(dupEmail.statusCode).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('hides unverified organisations from the public but shows them to operators', async () => {
    const org = await makeOrg(env.deps, { verified: false });
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}` })).statusCode).toBe(404);
    const op = await makeUser(env.deps, { roles: ['operator'] });
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}`, headers: { authorization: op.auth } })).statusCode).toBe(200);
    const list = await env.app.inject({ method: 'GET', url: '/api/v1/organisations?status=unverified' });
    expect(list.json().items).toEqual([]);
  });
});

describe('verification, by role', () => {
  it('only operators and admins verify; everyone else is refused and nothing changes', async () => {
    const users = await makeRoleUsers(env.deps);
    for (const [role, u] of Object.entries(users)) {
      const org = await makeOrg(env.deps, { verified: false });
      const r = await env.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${org.id}/verification`,
        headers: { authorization: u.auth },
        payload: { status: 'verified', note: 'documents checked' },
      });
      const allowed = role === 'operator' || role === 'admin';
      expect(r.statusCode, role).toBe(allowed ? 200 : 403);
      const row = await env.deps.db.selectFrom('organisation').select('verification_status').where('id', '=', org.id).executeTakeFirstOrThrow();
      expect(row.verification_status, role).toBe(allowed ? 'verified' : 'unverified');
    }
    const anon = await makeOrg(env.deps, { verified: false });
    expect((await env.app.inject({ method: 'POST', url: `/api/v1/organisations/${anon.id}/verification`, payload: { status: 'verified', note: 'x y z' } })).statusCode).toBe(401);
  });

  it('records the verification with its reason in the audit log', async () => {
    const op = await makeUser(env.deps, { roles: ['operator'] });
    const org = await makeOrg(env.deps, { verified: false });
    await env.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${org.id}/verification`,
      headers: { authorization: op.auth },
      payload: { status: 'rejected', note: 'registry extract missing' },
    });
    const ev = await env.deps.db.selectFrom('audit_event').selectAll().where('entity_id', '=', org.id).executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ action: 'organisation.reject', reason: 'registry extract missing', actor_user_id: op.id });
  });
});

describe('ownership', () => {
  it('a company user edits its own organisation but not another company’s', async () => {
    const mine = await makeUser(env.deps, { roles: ['company'] });
    const other = await makeUser(env.deps, { roles: ['company'] });
    const own = await env.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${mine.orgId}`, headers: { authorization: mine.auth }, payload: { name: 'Renamed Ltd' } });
    expect(own.statusCode).toBe(200);
    const theirs = await env.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${other.orgId}`, headers: { authorization: mine.auth }, payload: { name: 'Hijacked Ltd' } });
    expect(theirs.statusCode).toBe(403);
    const row = await env.deps.db.selectFrom('organisation').select('name').where('id', '=', other.orgId!).executeTakeFirstOrThrow();
    expect(row.name).not.toBe('Hijacked Ltd');
  });
});

describe('checkIdentifier', () => {
  it.each([
    ['AZ-VOEN', '1400000011', 'AZ', true],
    ['KR-BRN', '120-81-47521', 'KR', true],
    ['TR-MERSIS', '0123456789000015', 'TR', true],
    ['XI-LEI', '5493001KJTIIGC8Y1R12', 'KR', true],
    ['GB-COH', '0987650', 'GB', false],
    ['AZ-VOEN', '1400000011', 'TR', false],
    ['XX', '1', 'AZ', false],
  ])('%s %s in %s → %s', (scheme, id, country, ok) => {
    expect(checkIdentifier(scheme, id, country).ok).toBe(ok);
  });
});

describe('registration retried with the same Idempotency-Key', () => {
  it('returns the first registration, writes one organisation, and refuses the key for a different request', async () => {
    const body = registration();
    const headers = { 'idempotency-key': `reg-${Date.now()}-key` };
    const before = await counts();
    const a = await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: body, headers });
    const b = await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: body, headers });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().organisation.id).toBe(a.json().organisation.id);
    const after = await counts();
    expect(after.o - before.o).toBe(1);
    expect(after.u - before.u).toBe(1);
    // No digest of the password is kept with the key.
    const kept = await sql<{ request_hash: string; body: unknown }>`select request_hash, body from idempotency_record where key = ${headers['idempotency-key']}`.execute(
      env.deps.db,
    );
    expect(JSON.stringify(kept.rows[0].body)).not.toContain(body.user.password);
    const other = await env.app.inject({ method: 'POST', url: '/api/v1/organisations/register', payload: registration(), headers });
    expect(other.statusCode).toBe(422);
  });
});
