import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, checkPage, closeBrowser, launch, screenshot, settle, signedInPage, type Watched } from './harness.ts';

/**
 * The land pages of the back office, as the mine-action officer uses them:
 * an import with errors shown on the map and nothing written, then a good
 * file confirmed; one hazardous area recorded from an uploaded outline; a
 * release over it with a device. Each page in az and ko, axe, screenshots.
 */
const MINE = 'mine-action@demo.berpa.test';
const run = Date.now().toString(36).slice(-5).toUpperCase();
let browser: Browser;
const open: Watched[] = [];
/** A point well inside the programme territory: the middle of a demo hazardous area. */
let at: [number, number];

const square = (x: number, y: number, d = 0.002) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});
const geojson = (features: unknown[]) => ({ name: 'x.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })) });
const hazard = (reference: string, geometry: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { reference, classification: 'CHA', hazard_types: 'ap_mines', recorded_on: '2024-05-01', ...extra },
  geometry,
});

beforeAll(async () => {
  browser = await launch();
  const fc = (await (await fetch(`${BASE}/api/v1/land/hazard-areas/geojson`)).json()) as { features: { geometry: { coordinates: number[][][] | number[][][][] } }[] };
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

const pageAs = (email: string, lang: string) => signedInPage(browser, email, { lang }, open);

const check = (page: Page, name: string, skip?: string) => checkPage(page, name, { skip, hangul: true });

async function mapShows(page: Page, n: number) {
  try {
    await page.waitForFunction(
      (want) => {
        const m = window.__berpaPreviewMap;
        if (!m || !m.getLayer('preview-fill') || !m.loaded()) return false;
        return new Set(m.queryRenderedFeatures({ layers: ['preview-fill'] } as never).map((f) => f.properties?.label)).size >= want;
      },
      n,
      { timeout: 30_000 },
    );
  } catch (e) {
    await screenshot(page, 'debug-land-map');
    throw e;
  }
}

async function hazardStatus(reference: string) {
  const fc = (await (await fetch(`${BASE}/api/v1/land/hazard-areas/geojson`)).json()) as { features: { properties: { reference: string; status: string } }[] };
  return fc.features.find((h) => h.properties.reference === reference)?.properties.status ?? null;
}

/** Draw a square of `px` pixels around `at` with terra-draw's polygon mode: four corners, then the first again to close. */
async function drawSquare(page: Page, px = 40) {
  await page.evaluate((c) => window.__berpaPreviewMap!.jumpTo({ center: c as [number, number], zoom: 13 }), at);
  await page.getByTestId('draw-outline').click();
  const centre = await page.evaluate((c) => window.__berpaPreviewMap!.project(c as [number, number]), at);
  const box = (await page.getByTestId('preview-map').boundingBox())!;
  const corners = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
    [-1, -1],
  ].map(([dx, dy]) => [box.x + centre.x + dx * px, box.y + centre.y + dy * px]);
  for (const [x, y] of corners) {
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(150);
  }
}

describe('land pages in the browser', () => {
  it('imports (az): a file with errors is shown on the map with each error and nothing is written; a good file is confirmed', async () => {
    const { page, errors } = await pageAs(MINE, 'az');
    await page.goto(`${BASE}/land/imports`);
    await check(page, 'form-land-import-empty-az');
    const bad = [hazard(`BAD-${run}`, square(at[0], at[1]), { classification: 'XYZ' }), hazard(`FAR-${run}`, square(30, 45, 1))];
    await page.setInputFiles('#f-file', geojson(bad));
    await page.getByTestId('import-check').click();
    await page.getByTestId('preview-errors').waitFor();
    const text = await page.getByTestId('preview-errors').innerText();
    expect(text).toContain('classification');
    expect(text).toContain('outside');
    expect(await page.getByTestId('import-confirm').count(), 'no confirm while anything is refused').toBe(0);
    await mapShows(page, 1);
    await check(page, 'form-land-import-errors-az', 'code');
    expect(await hazardStatus(`BAD-${run}`), 'a dry run writes nothing').toBeNull();

    const good = [hazard(`IMP1-${run}`, square(at[0], at[1], 0.001)), hazard(`IMP2-${run}`, square(at[0] + 0.0015, at[1], 0.001))];
    await page.setInputFiles('#f-file', geojson(good));
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-confirm').waitFor();
    await mapShows(page, 2);
    await check(page, 'form-land-import-preview-az');
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('imported-count').waitFor();
    expect(await page.getByTestId('imported-count').innerText()).toBe('2');
    expect(await hazardStatus(`IMP1-${run}`)).toBe('active');
    expect(errors).toEqual([]);
  });

  it('import page (ko)', async () => {
    const { page, errors } = await pageAs(MINE, 'ko');
    await page.goto(`${BASE}/land/imports`);
    await check(page, 'form-land-import-ko');
    expect(await page.locator('h1').innerText()).toBe('파일에서 토지 기록 가져오기');
    expect(errors).toEqual([]);
  });

  it('hazardous area (ko): the empty form names its fields; an outline uploaded and the attributes filled record one area', async () => {
    const { page, errors } = await pageAs(MINE, 'ko');
    await page.goto(`${BASE}/land/hazards/new`);
    await settle(page);
    await page.getByTestId('hazard-submit').click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.locator('[data-field="/reference"]').count()).toBe(1);
    expect(await page.locator('[data-field="/hazard_types"]').count()).toBe(1);
    await check(page, 'form-land-hazard-errors-ko');
    // The outline's file has no attributes of its own: only its geometry is taken.
    await page.setInputFiles('[data-testid="geometry-file"]', geojson([{ type: 'Feature', properties: {}, geometry: square(at[0] - 0.003, at[1] - 0.003) }]));
    await page.getByTestId('geometry-note').waitFor();
    await mapShows(page, 1);
    await page.fill('#f-reference', `HZ-${run}`);
    await page.fill('#f-name', '푸줄리 남쪽 지뢰밭');
    await page.getByTestId('type-ap_mines').check();
    await check(page, 'form-land-hazard-ko');
    await page.getByTestId('hazard-submit').dblclick();
    await page.getByTestId('saved-reference').waitFor();
    expect(await hazardStatus(`HZ-${run}`)).toBe('active');
    // The saved record links to its correction page.
    expect(await page.getByTestId('correct-link').getAttribute('href')).toMatch(/^\/land\/hazards\/[0-9a-f-]{36}\/edit$/);
    expect(errors).toEqual([]);
  });

  it('hazardous area (az): a reference already recorded is refused at its field', async () => {
    const { page, errors } = await pageAs(MINE, 'az');
    await page.goto(`${BASE}/land/hazards/new`);
    await settle(page);
    // The outline drawn on the map this time.
    await page.waitForSelector('[data-testid="preview-map"][data-ready="true"]');
    await drawSquare(page);
    // Closing the ring ends drawing mode and hands the polygon to the form.
    await page.waitForSelector('[data-testid="draw-outline"][aria-pressed="false"]', { timeout: 10_000 });
    await page.fill('#f-reference', `HZ-${run}`);
    await page.fill('#f-name', 'Təkrar');
    await page.getByTestId('type-erw').check();
    await page.getByTestId('hazard-submit').click();
    await page.locator('[data-field="/reference"]').waitFor();
    expect(await page.locator('[data-field="/reference"]').innerText()).toContain('already recorded');
    await check(page, 'form-land-hazard-az');
    // The refusal itself is the one 400 the browser logs.
    expect(errors.filter((e) => !/status of 400 .*\/api\/v1\/land\/imports\/hazards/.test(e))).toEqual([]);
  });

  it('release (az): clearance over the new area with one device releases it', async () => {
    const { page, errors } = await pageAs(MINE, 'az');
    await page.goto(`${BASE}/land/releases/new`);
    await settle(page);
    await page.setInputFiles('[data-testid="geometry-file"]', geojson([{ type: 'Feature', properties: {}, geometry: square(at[0] - 0.0035, at[1] - 0.0035, 0.003) }]));
    await page.getByTestId('geometry-note').waitFor();
    await page.fill('#f-reference', `RL-${run}`);
    await page.fill('#f-hazard_reference', `HZ-${run}`);
    await page.getByTestId('add-device').click();
    await page.fill('#f-devices-0-quantity', '3');
    await check(page, 'form-land-release-az');
    await page.getByTestId('release-submit').click();
    await page.getByTestId('saved-reference').waitFor();
    expect(await hazardStatus(`HZ-${run}`)).toBe('released');
    expect(errors).toEqual([]);
  });

  it('release page (ko)', async () => {
    const { page, errors } = await pageAs(MINE, 'ko');
    await page.goto(`${BASE}/land/releases/new`);
    await check(page, 'form-land-release-ko');
    expect(errors).toEqual([]);
  });
});
