import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../helpers/factories.ts';
import { get, type RawAnswer, rawRequest } from './raw-http.ts';

/**
 * Bytes that no well-behaved client sends, over a real socket (inject and
 * fetch refuse to send most of them): every answer is problem+json, never a
 * 5xx, never Fastify's or Node's own error shape.
 */
let env: TestEnv;
let port: number;
let admin: TestUser;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  admin = await makeUser(env.deps, { roles: ['admin', 'operator'] });
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  port = (env.app.server.address() as AddressInfo).port;
});
afterAll(() => env?.close());

function expectProblem(r: RawAnswer, status: number, code?: string) {
  expect(r.status, r.body).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(r.body) as { status: number; code: string; title: string; errors?: { field: string }[] };
  expect(body.status).toBe(status);
  expect(body.title).toBeTruthy();
  if (code) expect(body.code).toBe(code);
  return body;
}

function post(path: string, body: Buffer, type = 'application/json'): Buffer {
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
}

describe('the request line', () => {
  it('a percent-encoded NUL in a path parameter → 400 naming the parameter', async () => {
    for (const p of ['/api/v1/ocds/records/ocds-x%00y', '/api/v1/countries/A%00', '/api/v1/districts/a%00b']) {
      const r = await rawRequest(port, get(p));
      expect(r.status, p).toBeLessThan(500);
      const body = expectProblem(r, r.status);
      if (r.status === 400 && body.code === 'validation_failed') expect(JSON.stringify(body.errors)).toMatch(/\/params\//);
    }
  });

  it('a raw NUL or a bare 0xFF byte in the request line → 400 problem', async () => {
    expectProblem(await rawRequest(port, get(Buffer.from('/api/v1/projects/\u0000x', 'latin1'))), 400, 'bad_request');
    expectProblem(await rawRequest(port, get(Buffer.from([0x2f, 0x61, 0x70, 0x69, 0xff]))), 400, 'bad_request');
  });

  it('percent-encoded invalid UTF-8 in a path → 400 naming the URL', async () => {
    const body = expectProblem(await rawRequest(port, get('/api/v1/projects/%FF%FE')), 400, 'bad_request');
    expect(body.errors![0].field).toBe('/url');
  });

  it('NUL in a query string → 400 naming the query field', async () => {
    const body = expectProblem(await rawRequest(port, get('/api/v1/projects?q=a%00b')), 400, 'validation_failed');
    expect(body.errors!.map((e) => e.field)).toContain('/querystring/q');
  });

  it('a path parameter over the limit → 414; a URL over 8 KiB → 414; over 16 KiB → 431', async () => {
    expectProblem(await rawRequest(port, get('/api/v1/projects/' + 'a'.repeat(500))), 414, 'uri_too_long');
    expectProblem(await rawRequest(port, get('/api/v1/projects?q=' + 'a'.repeat(9000))), 414, 'uri_too_long');
    expectProblem(await rawRequest(port, get('/api/v1/projects?q=' + 'a'.repeat(20_000))), 431, 'headers_too_large');
  });

  it('garbage instead of HTTP → 400 problem', async () => {
    expectProblem(await rawRequest(port, 'HELLO THERE\r\n\r\n'), 400, 'bad_request');
  });
});

describe('headers', () => {
  it('one header over 16 KiB → 431 problem', async () => {
    expectProblem(await rawRequest(port, get('/healthz', `X-Big: ${'a'.repeat(20_000)}\r\n`)), 431, 'headers_too_large');
  });

  it('a header name with a space, or a NUL in a value → 400 problem', async () => {
    expectProblem(await rawRequest(port, get('/healthz', 'Bad Header: x\r\n')), 400, 'bad_request');
    expectProblem(await rawRequest(port, get('/healthz', 'X-A: a\u0000b\r\n')), 400, 'bad_request');
  });

  it('a bearer token holding invalid UTF-8 → 401 problem', async () => {
    const req = Buffer.concat([
      Buffer.from('GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer bpt_'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('\r\n\r\n'),
    ]);
    expectProblem(await rawRequest(port, req), 401, 'invalid_token');
  });
});

describe('bodies', () => {
  it('a NUL inside a JSON string → 400 naming the field, nothing written', async () => {
    const before = await env.deps.db
      .selectFrom('organisation')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const json = Buffer.from(JSON.stringify({ email: 'a\u0000@example.org', password: 'x' }));
    const body = expectProblem(await rawRequest(port, post('/api/v1/auth/sign-in', json)), 400, 'validation_failed');
    expect(body.errors!.map((e) => e.field)).toContain('/body/email');
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    // Every JSON write in the API, as an admin, with a NUL in a field: a 4xx each time.
    const failures: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const m of ['post', 'put', 'patch']) {
        if (!methods[m]) continue;
        const url = template.replace(/\{[^}]+\}/g, 'x');
        const r = await env.app.inject({
          method: m.toUpperCase() as 'POST',
          url,
          headers: { authorization: admin.auth, 'content-type': 'application/json' },
          payload: JSON.stringify({ name: 'a\u0000', title: { en: 'a\u0000' }, reason: 'a\u0000' }),
        });
        if (r.statusCode >= 500 || !String(r.headers['content-type']).startsWith('application/problem+json')) failures.push(`${m} ${url} → ${r.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    const after = await env.deps.db
      .selectFrom('organisation')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('invalid UTF-8 inside a JSON body → a 4xx problem, never 5xx', async () => {
    const json = Buffer.concat([Buffer.from('{"email":"a@example.org","password":"ab'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('cd"}')]);
    const r = await rawRequest(port, post('/api/v1/auth/sign-in', json));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expectProblem(r, r.status);
  });

  it('every route with a NUL in each path parameter: no 5xx, always problem+json', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const failures: string[] = [];
    let calls = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      if (!template.includes('{')) continue;
      for (const m of Object.keys(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(m)) continue;
        const url = template.replace(/\{[^}]+\}/g, 'a%00b');
        for (const who of [undefined, admin.auth]) {
          const r = await env.app.inject({ method: m.toUpperCase() as 'GET', url, headers: who ? { authorization: who } : {} });
          calls++;
          if (r.statusCode >= 500 || !String(r.headers['content-type']).startsWith('application/problem+json'))
            failures.push(`${m} ${url} → ${r.statusCode} ${r.body.slice(0, 120)}`);
        }
      }
    }
    expect(calls).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });
});
