import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BASE, checkPage, closeBrowser, launch, screenshot, settle, signedInPage, type Watched } from './harness.ts';

/**
 * Issue 12: a hazardous area recorded with no pointer at all. The outline is
 * typed as lines of "longitude latitude" in the box beside the drawing tool,
 * a mistake is named by its line, the corrected outline shows on the map as
 * a drawn one does, and the saved record carries exactly those corners.
 */
const MINE = 'mine-action@demo.berpa.test';
const run = Date.now().toString(36).slice(-5).toUpperCase();
let browser: Browser;
const open: Watched[] = [];
/** A point well inside the programme territory and a district: the middle of a demo hazardous area. */
let at: [number, number];

beforeAll(async () => {
  browser = await launch();
  const fc = (await (await fetch(`${BASE}/api/v1/land/hazard-areas/geojson`)).json()) as { features: { geometry: { coordinates: unknown } }[] };
  const flat = JSON.stringify(fc.features[0].geometry.coordinates)
    .match(/-?\d+\.?\d*/g)!
    .map(Number);
  const xs = flat.filter((_, i) => i % 2 === 0);
  const ys = flat.filter((_, i) => i % 2 === 1);
  at = [xs.reduce((a, b) => a + b) / xs.length, ys.reduce((a, b) => a + b) / ys.length];
});
afterAll(async () => {
  for (const w of open) await w.context.close().catch(() => {});
  await closeBrowser(browser);
});

const round = (n: number) => Math.round(n * 1e6) / 1e6;

it('hazardous area (en): typed coordinates and the keyboard alone record the area with that outline', async () => {
  const { page, errors } = await signedInPage(browser, MINE, { lang: 'en' }, open);
  await page.goto(`${BASE}/land/hazards/new`);
  await settle(page);
  const corners: [number, number][] = [
    [round(at[0] + 0.001), round(at[1] + 0.001)],
    [round(at[0] + 0.003), round(at[1] + 0.001)],
    [round(at[0] + 0.003), round(at[1] + 0.0025)],
    [round(at[0] + 0.001), round(at[1] + 0.0025)],
  ];
  const activeTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

  // The toggle opens the box; Tab goes from the toggle to the box.
  await page.getByTestId('type-outline').focus();
  await page.keyboard.press('Enter');
  expect(await page.getByTestId('type-outline').getAttribute('aria-expanded')).toBe('true');
  await page.keyboard.press('Tab');
  expect(await activeTestId()).toBe('outline-text');
  // Its label names it for assistive technology.
  expect(await page.getByLabel('Outline coordinates').count()).toBe(1);

  // A mistake on line 2 (latitude out of range) is named, and nothing reaches the form.
  await page.keyboard.type(`${corners[0].join(' ')}\n${corners[1][0]} 95\n${corners[2].join(', ')}`);
  await page.keyboard.press('Tab');
  expect(await activeTestId()).toBe('outline-text-apply');
  await page.keyboard.press('Enter');
  const problem = page.getByTestId('outline-text-error');
  await problem.waitFor();
  expect(await problem.innerText()).toBe('Line 2: longitude must be between −180 and 180 and latitude between −90 and 90.');
  expect(await page.getByTestId('outline-text').getAttribute('aria-invalid')).toBe('true');
  // The open box with its error passes axe like the rest of the form.
  await checkPage(page, 'form-land-hazard-typed-error-en');

  // Corrected: four corners, one per line, space or comma, the ring left open.
  await page.getByTestId('outline-text').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(corners.map(([x, y], i) => (i % 2 ? `${x}, ${y}` : `${x} ${y}`)).join('\n'));
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByTestId('outline-text-applied').waitFor();
  expect(await page.getByTestId('outline-text-applied').innerText()).toBe('Outline set from 4 corners.');
  expect(await problem.count()).toBe(0);

  // The preview map shows it, as it shows a drawn outline (where WebGL runs).
  await page.waitForSelector('[data-testid="preview-map"][data-ready="true"]', { timeout: 60_000 });
  await page.waitForFunction(
    () => {
      const m = window.__berpaPreviewMap;
      return !!m?.getLayer('preview-fill') && m.loaded() && m.queryRenderedFeatures({ layers: ['preview-fill'] } as never).length > 0;
    },
    null,
    { timeout: 30_000 },
  );

  await page.locator('#f-reference').focus();
  await page.keyboard.type(`TYPED-${run}`);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Typed outline');
  await page.getByTestId('type-ap_mines').focus();
  await page.keyboard.press('Space');
  await page.getByTestId('hazard-submit').focus();
  await screenshot(page, 'form-land-hazard-typed-en');
  await page.keyboard.press('Enter');
  await page.getByTestId('saved-reference').waitFor({ timeout: 30_000 });

  // Read back: the record's outline is the typed ring, closed.
  const fc = (await (await fetch(`${BASE}/api/v1/land/hazard-areas/geojson`)).json()) as {
    features: { properties: { reference: string; status: string }; geometry: { type: string; coordinates: unknown } }[];
  };
  const saved = fc.features.find((f) => f.properties.reference === `TYPED-${run}`);
  expect(saved, 'the hazardous area is recorded').toBeTruthy();
  expect(saved!.properties.status).toBe('active');
  const ring = (saved!.geometry.type === 'MultiPolygon' ? (saved!.geometry.coordinates as number[][][][])[0][0] : (saved!.geometry.coordinates as number[][][])[0]).map(
    ([x, y]) => [round(x), round(y)],
  );
  expect(ring).toHaveLength(5);
  expect(ring[0]).toEqual(ring[4]);
  // The server may start the ring at another corner or turn it the other way; the corners are the same.
  expect(new Set(ring.slice(0, 4).map((c) => c.join(' ')))).toEqual(new Set(corners.map((c) => c.join(' '))));
  expect(errors).toEqual([]);
});
