import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, BASE, closeBrowser, itemsOf, launch, watchedPage } from './harness.ts';
import { PNG } from './png.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => closeBrowser(browser));

it('the map draws: the canvas is not blank', async () => {
  const { page, errors, context } = await watchedPage(browser, { lang: 'en' });
  await page.goto(`${BASE}/map`);
  await page.waitForSelector('[data-map-ready]', { timeout: 60_000 });
  const png = PNG.decode(await page.locator('[data-testid="map"] canvas').screenshot());
  // A blank canvas has one colour; the country, districts and outline give many.
  expect(png.distinctColours(4096)).toBeGreaterThan(20);
  expect(png.share((r, g, b) => Math.abs(r - 0xf6) < 6 && Math.abs(g - 0xf4) < 6 && Math.abs(b - 0xee) < 6)).toBeGreaterThan(0.05);
  expect(errors).toEqual([]);
  await context.close();
});

it('clicking a project on the map opens its summary and then its page', async () => {
  // A project from the public search, with its point on the map.
  const hit = itemsOf(await api('/api/v1/projects?limit=1'))[0] as { id: string; point: [number, number] } | undefined;
  expect(hit, 'the demo data has projects').toBeTruthy();
  const { page, errors, context } = await watchedPage(browser, { lang: 'en' });
  await page.goto(`${BASE}/map`);
  await page.waitForSelector('[data-map-ready]', { timeout: 60_000 });
  const [lng, lat] = hit!.point;
  // Zoom far enough in that the project is its own point, not part of a cluster.
  await page.evaluate(([x, y]) => window.__berpaMap!.jumpTo({ center: [x, y], zoom: 15 }), [lng, lat]);
  await page.waitForFunction(() => window.__berpaMap!.loaded() && window.__berpaMap!.queryRenderedFeatures({ layers: ['project-points'] } as never).length > 0, null, {
    timeout: 20_000,
  });
  const pt = await page.evaluate(([x, y]) => window.__berpaMap!.project([x, y]), [lng, lat]);
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  await page.mouse.click(box.x + pt.x, box.y + pt.y);
  const link = page.locator('.maplibregl-popup a[data-project-link]');
  await link.waitFor({ timeout: 10_000 });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/projects\//);
  await link.click();
  await page.waitForURL(`${BASE}${href}`);
  await page.locator('h1').first().waitFor();
  expect(await page.locator('h1').first().textContent()).not.toBe('');
  expect(errors).toEqual([]);
  await context.close();
});
