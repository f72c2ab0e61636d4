import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../helpers/factories.ts';

/**
 * Every route in the OpenAPI document, called with hostile input by an
 * anonymous caller and by an admin: no answer may be a 5xx, and every
 * refusal must be problem+json.
 */
let env: TestEnv;
let admin: TestUser;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  admin = await makeUser(env.deps, { roles: ['admin', 'operator'] });
});
afterAll(() => env?.close());

const PARAM_VALUES = ['x', crypto.randomUUID()];
const BODIES: unknown[] = [
  undefined,
  {},
  [],
  'text',
  12,
  null,
  { unknown: true },
  { a: { b: { c: { d: [1, { e: 'x'.repeat(5000) }] } } } },
  { id: "'; drop table organisation; --" },
];
const QUERIES = ['', '?limit=-5', '?limit=abc', '?cursor=%%%', '?bbox=1,2,3', '?since=yesterday', '?geometry={"type":"Point"}', '?q=' + encodeURIComponent("İ' or 1=1 --")];

describe('hostile input on every route', () => {
  it('never answers 5xx', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const failures: string[] = [];
    let calls = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        for (const value of PARAM_VALUES.slice(0, 2)) {
          const url = template.replace(/\{[^}]+\}/g, encodeURIComponent(value));
          const inputs = method === 'get' || method === 'delete' ? QUERIES.map((q) => ({ q, body: undefined })) : BODIES.map((body) => ({ q: '', body }));
          for (const { q, body } of inputs) {
            for (const who of [undefined, admin.auth]) {
              const r = await env.app.inject({
                method: method.toUpperCase() as 'GET',
                url: url + q,
                headers: { ...(who ? { authorization: who } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
                payload: body === undefined ? undefined : JSON.stringify(body),
              });
              calls++;
              if (r.statusCode >= 500) failures.push(`${method.toUpperCase()} ${url + q} body=${JSON.stringify(body)?.slice(0, 60)} → ${r.statusCode} ${r.body.slice(0, 200)}`);
              else if (r.statusCode >= 400 && !String(r.headers['content-type']).startsWith('application/problem+json'))
                failures.push(`${method.toUpperCase()} ${url + q} → ${r.statusCode} not problem+json`);
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 600_000);
});
