import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BASE, closeBrowser, launch, watchedPage } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => closeBrowser(browser));

function htmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? htmlFiles(p) : p.endsWith('.html') ? [p] : [];
  });
}

it('the built web app has no inline script or inline event handler', () => {
  const files = htmlFiles(path.resolve('web/dist'));
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    const html = fs.readFileSync(f, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    for (const [, attrs, body] of scripts) {
      expect(attrs, f).toMatch(/\bsrc=/);
      expect(body.trim(), f).toBe('');
    }
    expect(html, f).not.toMatch(/\son[a-z]+\s*=/i);
  }
});

it('the portal, the map page and the Swagger page are served with the strict policy', async () => {
  for (const p of ['/', '/map', '/api/docs/static/index.html', '/api/v1/projects?limit=1']) {
    const r = await fetch(`${BASE}${p}`);
    expect(r.status, p).toBe(200);
    const policy = r.headers.get('content-security-policy') ?? '';
    expect(policy, p).toMatch(/script-src 'self'(;|$)/);
    expect(policy, p).toMatch(/frame-ancestors 'none'/);
    const scripts = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
    expect(scripts, p).not.toMatch(/unsafe-inline|unsafe-eval/);
    if (!p.startsWith('/api/docs')) expect(policy, p).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
    expect(r.headers.get('referrer-policy'), p).toBe('same-origin');
  }
});

it('the Swagger page works under the policy: operations render, no CSP refusal', async () => {
  const { page, errors, context } = await watchedPage(browser);
  await page.goto(`${BASE}/api/docs`);
  // Every tag is listed (folded: docExpansion none); opening one renders its operations.
  await page.waitForSelector('.swagger-ui .opblock-tag', { timeout: 30_000 });
  await expect.poll(() => page.locator('.swagger-ui .opblock-tag').count()).toBeGreaterThan(10);
  await page.locator('.swagger-ui .opblock-tag', { hasText: 'tenders' }).first().click();
  await expect.poll(() => page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
  expect(errors).toEqual([]);
  await context.close();
});

it('an inline script injected into a page is refused by the browser', async () => {
  const { page, errors, context } = await watchedPage(browser);
  await page.goto(`${BASE}/`);
  await page.waitForSelector('#main', { timeout: 30_000 });
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.appendChild(s);
    return new Promise<boolean>((resolve) => setTimeout(() => resolve(Boolean((window as unknown as { __injected?: boolean }).__injected)), 200));
  });
  expect(ran).toBe(false);
  expect(errors.some((e) => e.includes('CSP violation: script-src'))).toBe(true);
  await context.close();
});
