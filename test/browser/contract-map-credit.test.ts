import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attributionLines } from '../../web/src/features/map/attribution.ts';
import { type Lang, MESSAGES, translate } from '../../web/src/i18n/index.ts';
import { api, BASE, closeBrowser, itemsOf, launch, watchedPage } from './harness.ts';

/**
 * Issue 15: the contract page's photo map credits its sources in the
 * reader's language, and a language switch on the page rewrites the credit
 * without a reload of the page or a rebuild of the map (as the programme map
 * and the land preview map do).
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => closeBrowser(browser));

const credit = (lang: Lang) => attributionLines((k, v) => translate(MESSAGES[lang], k, v, lang));

it('the photo map’s credit follows a live language switch', async () => {
  const contracts = itemsOf(await api('/api/v1/contracts?limit=200')) as { id: string }[];
  const withPhotos = await (async () => {
    for (const { id } of contracts) {
      const c = (await api(`/api/v1/contracts/${id}`)) as { progressReports: { photos: { position: unknown }[] }[] };
      if (c.progressReports.some((r) => r.photos.some((p) => p.position))) return id;
    }
    return null;
  })();
  expect(withPhotos, 'the demo has a contract with a placed photo').toBeTruthy();

  const { page, errors, context } = await watchedPage(browser, { lang: 'en' });
  await page.goto(`${BASE}/contracts/${withPhotos}`);
  await page.waitForSelector('[data-testid="contract-map"][data-map-ready="true"]', { timeout: 60_000 });
  const attrib = page.locator('[data-testid="contract-map"] .maplibregl-ctrl-attrib-inner');
  const text = () => attrib.textContent();
  for (const line of credit('en')) expect(await text()).toContain(line);
  // The page is the same document and the map the same map throughout: a page reload would drop the window's
  // mark, a map rebuilt on the switch (losing the reader's view) would drop its canvas's.
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
    document.querySelector('[data-testid="contract-map"] canvas')?.setAttribute('data-before-switch', 'true');
  });

  for (const lang of ['ru', 'ko', 'az'] as const) {
    await page.getByTestId('lang-switch').selectOption(lang);
    const [districts, neighbours] = credit(lang);
    await page.waitForFunction(
      ([a, b]) => {
        const t = document.querySelector('[data-testid="contract-map"] .maplibregl-ctrl-attrib-inner')?.textContent ?? '';
        return t.includes(a) && t.includes(b);
      },
      [districts, neighbours],
      { timeout: 10_000 },
    );
    const shown = (await text()) ?? '';
    for (const other of (['en', 'ru', 'ko', 'az'] as const).filter((l) => l !== lang)) expect(shown).not.toContain(credit(other)[0]);
    // One credit, not one more per switch.
    expect(await page.locator('[data-testid="contract-map"] .maplibregl-ctrl-attrib').count()).toBe(1);
  }
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  expect(await page.locator('[data-testid="contract-map"] canvas[data-before-switch="true"]').count(), 'the map is not rebuilt').toBe(1);
  expect(errors).toEqual([]);
  await context.close();
});
