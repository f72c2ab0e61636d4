import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attributionLines } from '../../web/src/features/map/attribution.ts';
import { MESSAGES, translate } from '../../web/src/i18n/index.ts';
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

const hex = (c: string) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
const near = (a: number[], b: number[], tol = 4) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

it('neighbouring countries are land and the Caspian is water, all from the app’s own server', async () => {
  const { page, errors, context } = await watchedPage(browser, { lang: 'en' });
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(BASE) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  await page.goto(`${BASE}/map`);
  await page.waitForSelector('[data-map-ready]', { timeout: 60_000 });
  const style = await page.evaluate(() => {
    const m = window.__berpaMap!;
    const s = m.getStyle();
    return {
      type: s.sources.neighbours?.type,
      // The style hands back the loaded data (the style itself names /geo/neighbours.geojson).
      names: ((s.sources.neighbours as { data?: { features?: { properties: { name: string } }[] } } | undefined)?.data?.features ?? []).map((f) => f.properties.name),
      order: s.layers.map((l) => l.id),
      land: m.getPaintProperty('neighbours-fill', 'fill-color') as string,
      water: m.getPaintProperty('background', 'background-color') as string,
    };
  });
  expect(style.type).toBe('geojson');
  expect(style.names).toEqual(expect.arrayContaining(['Armenia', 'Georgia', 'Iran', 'Russia', 'Turkey', 'Kazakhstan', 'Turkmenistan']));
  // The programme country is drawn from its own outline, not Natural Earth's.
  expect(style.names).not.toContain('Azerbaijan');
  // Under the programme country, so its own outline wins where the two disagree.
  expect(style.order.indexOf('neighbours-fill')).toBeLessThan(style.order.indexOf('country-fill'));
  expect(near(hex(style.land), hex(style.water), 10)).toBe(false);
  // Out far enough to see Georgia, Iran and the Caspian; the projects are hidden so no cluster covers a sample point.
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const m = window.__berpaMap!;
        for (const id of ['clusters', 'project-points']) m.setLayoutProperty(id, 'visibility', 'none');
        m.once('idle', () => done());
        m.jumpTo({ center: [46, 39.5], zoom: 5 });
      }),
  );
  const points = { georgia: [44.0, 42.0], iran: [47.5, 37.0], caspian: [50.5, 41.0] } as const;
  const px = await page.evaluate((pts) => Object.fromEntries(Object.entries(pts).map(([k, p]) => [k, window.__berpaMap!.project(p as [number, number])])), points);
  const png = PNG.decode(await page.locator('[data-testid="map"] canvas').screenshot());
  const colourAt = (k: keyof typeof points) => png.pixel(px[k].x, px[k].y);
  expect(colourAt('georgia'), 'Georgia is drawn as neighbouring land').toSatisfy((c: number[]) => near(c, hex(style.land)));
  expect(colourAt('iran'), 'Iran is drawn as neighbouring land').toSatisfy((c: number[]) => near(c, hex(style.land)));
  expect(colourAt('caspian'), 'the Caspian stays water').toSatisfy((c: number[]) => near(c, hex(style.water)));
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

it('the map page credits its sources once, in the reader’s language', async () => {
  const { page, errors, context } = await watchedPage(browser, { lang: 'ru' });
  await page.goto(`${BASE}/map`);
  await page.waitForSelector('[data-map-ready]', { timeout: 60_000 });
  const text = (await page.locator('body').textContent()) ?? '';
  const count = (s: string) => text.split(s).length - 1;
  // The proper names stay as they are; each is printed once (the legend), not again on the canvas.
  expect(count('geoBoundaries')).toBe(1);
  expect(count('Natural Earth')).toBe(1);
  for (const line of attributionLines((k, v) => translate(MESSAGES.ru, k, v, 'ru'))) expect(count(line)).toBe(1);
  expect(text).not.toContain('District boundaries');
  expect(await page.locator('.maplibregl-ctrl-attrib').count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
});

it.each([
  [1366, 768],
  [390, 844],
])('at %i×%i the canvas fills the map’s frame, however tall the legend', async (width, height) => {
  const { page, errors, context } = await watchedPage(browser, { lang: 'en', viewport: { width, height } });
  await page.goto(`${BASE}/map`);
  await page.waitForSelector('[data-map-ready]', { timeout: 60_000 });
  const h = await page.evaluate(() => ({
    frame: document.querySelector<HTMLElement>('.map-page .map-wrap')!.clientHeight,
    canvas: document.querySelector('[data-testid="map"] canvas')!.getBoundingClientRect().height,
    side: document.querySelector('.map-side')!.getBoundingClientRect().height,
  }));
  // The case that showed the band: the side column (filters and legend) is taller than the map.
  if (width > 900) expect(h.side).toBeGreaterThan(h.canvas);
  expect(Math.abs(h.frame - h.canvas)).toBeLessThanOrEqual(2);
  expect(errors).toEqual([]);
  await context.close();
});
