import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../helpers/app.ts';

function csp(h: Record<string, unknown>): Map<string, string> {
  const raw = String(h['content-security-policy'] ?? '');
  return new Map(
    raw
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [k, ...v] = d.split(/\s+/);
        return [k, v.join(' ')] as [string, string];
      }),
  );
}

function expectProtective(h: Record<string, unknown>, { docs = false } = {}) {
  const p = csp(h);
  expect(p.get('script-src')).toBe("'self'");
  expect(p.get('script-src-attr')).toBe("'none'");
  expect(p.get('default-src')).toBe("'self'");
  expect(p.get('frame-ancestors')).toBe("'none'");
  expect(p.get('object-src')).toBe("'none'");
  // No way back to inline or eval anywhere in the policy; the Swagger page alone allows inline styles (never scripts).
  if (docs) {
    expect(p.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(
      [...p]
        .filter(([k]) => k !== 'style-src')
        .map(([, v]) => v)
        .join(' '),
    ).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  } else {
    expect(p.get('style-src')).toBe("'self'");
    expect(String(h['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  }
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
  expect(h['x-frame-options']).toBe('DENY');
}

describe('security headers over plain http', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv({ publicUrl: 'http://127.0.0.1:3000' });
  });
  afterAll(async () => env.close());

  it('the API, a 404, a refused write and an invalid body all carry them; no HSTS on http', async () => {
    const answers = await Promise.all([
      env.app.inject({ method: 'GET', url: '/healthz' }),
      env.app.inject({ method: 'GET', url: '/api/openapi.json' }),
      env.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
      env.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out' }),
      env.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"email":' }),
    ]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 404, 401, 400]);
    for (const r of answers) {
      expectProtective(r.headers);
      expect(r.headers['strict-transport-security']).toBeUndefined();
      expect(csp(r.headers).has('upgrade-insecure-requests')).toBe(false);
    }
  });

  it('the Swagger page carries them and loads every script from a file', async () => {
    let r = await env.app.inject({ method: 'GET', url: '/api/docs' });
    if (r.statusCode >= 300 && r.statusCode < 400) {
      expectProtective(r.headers, { docs: true });
      r = await env.app.inject({ method: 'GET', url: new URL(String(r.headers.location), 'http://x/api/docs').pathname });
    }
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expectProtective(r.headers, { docs: true });
    const scripts = [...r.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
    expect(r.body).not.toMatch(/\son[a-z]+\s*=/i);
    // The initialiser is a served file, under the same policy.
    const init = await env.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    expectProtective(init.headers, { docs: true });
  });

  it('the web app source has no inline script either (the build keeps it so)', () => {
    const html = fs.readFileSync(path.resolve('web/index.html'), 'utf8');
    for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
  });
});

describe('security headers behind an https public URL', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv({ publicUrl: 'https://berpa.example.org' });
  });
  afterAll(async () => env.close());

  it('adds HSTS and upgrade-insecure-requests', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/healthz' });
    expectProtective(r.headers);
    expect(r.headers['strict-transport-security']).toMatch(/max-age=31536000; includeSubDomains/);
    expect(csp(r.headers).has('upgrade-insecure-requests')).toBe(true);
  });
});
