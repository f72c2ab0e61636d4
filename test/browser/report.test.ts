import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, BASE, closeBrowser, LANGS, launch, SHOTS, screenshot, settle, untranslatedKeys, watchedPage } from './harness.ts';

// The printable programme report (/report, issue 15): in every language it loads cleanly and fully translated, its tables
// have rows, every figure links to open data; printed, the app's chrome goes and the map stays; Chromium makes a real PDF.
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => closeBrowser(browser));

async function openReport(page: Page) {
  await page.goto(`${BASE}/report`);
  await settle(page);
  await page.waitForSelector('[data-testid="report-map"] path', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="country-table"] tbody tr', { timeout: 30_000 });
}

const AZ_MONTHS = 'yanvar|fevral|mart|aprel|may|iyun|iyul|avqust|sentyabr|oktyabr|noyabr|dekabr';

describe.each(LANGS)('in %s', (lang) => {
  it('loads without errors, fully translated and accessible, with both tables filled and every figure linked to open data', async () => {
    const { page, errors, context } = await watchedPage(browser, { lang });
    await openReport(page);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect((await page.locator('h1').first().textContent())?.trim()).toBeTruthy();
    expect(await untranslatedKeys(page)).toEqual([]);
    expect(await page.locator('[data-testid="district-table"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="country-table"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="report-map"] path').count()).toBeGreaterThan(10);
    // Every number cell and every headline figure is a link to the API answer (or the open-data page) it was read from.
    const unlinked = await page.evaluate(
      () => [...document.querySelectorAll('.report-page td.num, .report-page .stat .v')].filter((c) => !c.querySelector('a[href^="/api/v1/"], a[href^="/open-data"]')).length,
    );
    expect(unlinked).toBe(0);
    const asOf = (await page.getByTestId('as-of').textContent()) ?? '';
    expect(asOf).toMatch(/20\d\d/);
    if (lang === 'az') {
      // Written by the app's own az formatter (Debian's Chromium has no az ICU data: it would print "2026 M12").
      expect(asOf).toMatch(new RegExp(`\\b\\d{1,2} (?:${AZ_MONTHS}) 20\\d\\d\\b`));
      expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/\b20\d\d M\d{1,2}\b/);
    }
    if (lang === 'ko') {
      // Hangul webfont subsets arrive on demand; text laid out before they came can keep boxes in a headless capture. Loaded again
      // with the subsets cached, the screenshot shows what a reader sees.
      await page.reload();
      await openReport(page);
    }
    await screenshot(page, `report-${lang}`);
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

it('prints on A4 without the header, navigation, footer or buttons, with the map, and makes a real PDF', async () => {
  const { page, errors, context } = await watchedPage(browser, { lang: 'az' });
  await openReport(page);
  const shown = (sel: string) => page.locator(sel).first().isVisible();
  expect(await shown('header.top')).toBe(true);
  expect(await shown('[data-testid="print"]')).toBe(true);
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['header.top', 'nav#main-nav', 'footer.foot', '[data-testid="print"]']) expect(await shown(sel), sel).toBe(false);
  expect(await page.locator('.report-page button:visible').count()).toBe(0);
  const map = await page.getByTestId('report-map').boundingBox();
  expect(map?.height ?? 0).toBeGreaterThan(100);
  expect(await shown('[data-testid="district-table"]')).toBe(true);
  expect(await shown('[data-testid="country-table"]')).toBe(true);
  // What the printed page looks like, at the width of A4 (210 mm at 96 dpi), to look at beside the PDF.
  await page.setViewportSize({ width: 794, height: 1123 });
  await screenshot(page, 'report-az-print');
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, 'report-az.pdf');
  const pdf = await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(20_000);
  expect(fs.statSync(file).size).toBe(pdf.length);
  await page.emulateMedia({ media: 'screen' });
  expect(errors).toEqual([]);
  await context.close();
});

it('the home page and the open-data page link to the report', async () => {
  const { page, errors, context } = await watchedPage(browser, { lang: 'en' });
  for (const from of ['/', '/open-data']) {
    await page.goto(`${BASE}${from}`);
    await settle(page);
    const link = page.locator('main a[href="/report"]').first();
    expect(await link.isVisible(), from).toBe(true);
  }
  await page.locator('main a[href="/report"]').first().click();
  await page.waitForURL(`${BASE}/report`);
  await page.waitForSelector('[data-testid="district-table"]', { timeout: 30_000 });
  expect(errors).toEqual([]);
  await context.close();
});
