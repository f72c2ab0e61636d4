import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../helpers/app.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env?.close());

describe('API conventions', () => {
  it('reports health with the backend in use', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', database: env.database.kind });
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const mine = await env.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'caller-req-12345' } });
    expect(mine.headers['x-request-id']).toBe('caller-req-12345');
    const hostile = await env.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'x\n<script>' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with problem+json', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ code: 'malformed_json', status: 400 });
  });

  it('names each bad field: wrong type, unknown field, over-long string', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/organisations/register',
      payload: {
        organisation: { name: 'x'.repeat(301), identifier: { scheme: 'AZ-VOEN', id: 5 }, country: 'AZ', colour: 'red' },
        user: { email: 'a@b.test', name: 'Ab', password: 'long-enough-password' },
      },
    });
    expect(r.statusCode).toBe(400);
    const fields = r.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/body/organisation/name', '/body/organisation/identifier/id', '/body/organisation/colour']));
  });

  it("gives each validation error a code and the rule's values, keeping field and English message", async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/organisations/register',
      payload: {
        organisation: { name: 'x'.repeat(301), identifier: { scheme: 'AZ-VOEN', id: 5 }, country: 'AZ', colour: 'red' },
        user: { email: 'not-an-email', password: 'long-enough-password' },
      },
    });
    expect(r.statusCode).toBe(400);
    const errors = r.json().errors as { field: string; message: string; code?: string; params?: unknown }[];
    const at = (field: string) => errors.find((e) => e.field === field);
    expect(at('/body/organisation/name')).toEqual({
      field: '/body/organisation/name',
      message: 'must NOT have more than 300 characters',
      code: 'max_length',
      params: { limit: 300 },
    });
    expect(at('/body/organisation/identifier/id')).toMatchObject({ code: 'type', params: { type: 'string' } });
    expect(at('/body/organisation/colour')).toEqual({ field: '/body/organisation/colour', message: 'unknown field', code: 'unknown_field' });
    expect(at('/body/user/name')).toEqual({ field: '/body/user/name', message: 'is required', code: 'required' });
    expect(at('/body/user/email')).toMatchObject({ code: 'format', params: { format: 'email' } });
  });

  it('words a union of literals as one enum with every allowed value', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/organisations?status=bogus' });
    expect(r.statusCode).toBe(400);
    const first = (r.json().errors as { field: string; code?: string; params?: unknown }[]).find((e) => e.field === '/querystring/status');
    expect(first).toMatchObject({ code: 'enum', params: { allowed: ['unverified', 'verified', 'rejected'] } });
  });

  it('keeps code and params through a route that declares its 400 answer (the Problem schema lists them)', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/tenders?limit=500&status=X' });
    expect(r.statusCode).toBe(400);
    const errors = r.json().errors as { field: string; code?: string; params?: unknown }[];
    expect(errors.find((e) => e.field === '/querystring/limit')).toMatchObject({ code: 'maximum', params: { limit: 200 } });
    expect(errors.find((e) => e.field === '/querystring/status')).toMatchObject({ code: 'pattern', params: { pattern: '^[a-z]{3,20}$' } });
  });

  it('refuses a body that is too large with 413', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe('payload_too_large');
  });

  it('refuses an unsupported content type with 415', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a' });
    expect(r.statusCode).toBe(415);
    expect(r.json().code).toBe('unsupported_media_type');
  });

  it('answers unknown API paths with a 404 problem', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('not_found');
  });

  it('publishes an OpenAPI 3.1 document that lists every route', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/api/v1/auth/sign-in', '/api/v1/organisations/register', '/api/v1/audit/head']));
    const docs = await env.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });

  it('rejects a malformed cursor as a validation error', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/organisations?cursor=notacursor' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('/querystring/cursor');
  });
});
