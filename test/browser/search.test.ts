import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, BASE, closeBrowser, itemsOf, launch, settle, watchedPage } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => closeBrowser(browser));

const SPECIAL = /[əğışçöüİƏĞŞÇÖÜ]/;
const PLAIN: Record<string, string> = { ə: 'e', ğ: 'g', ı: 'i', ş: 's', ç: 'c', ö: 'o', ü: 'u', Ə: 'E', Ğ: 'G', İ: 'I', Ş: 'S', Ç: 'C', Ö: 'O', Ü: 'U' };

it('search finds a project by an Azerbaijani word typed with and without its special letters', async () => {
  // A word with special letters from a demo project's Azerbaijani title.
  const projects = itemsOf(await api('/api/v1/projects?limit=100'));
  let target: { id: string; word: string } | null = null;
  for (const p of projects) {
    const az = String((p.title as Record<string, string> | undefined)?.az ?? '');
    const word = az.split(/[\s,.;:()«»"-]+/).find((w) => w.length >= 4 && SPECIAL.test(w));
    if (word) {
      target = { id: String(p.id), word };
      break;
    }
  }
  expect(target, 'the demo data has a project with an Azerbaijani title').toBeTruthy();
  const plain = target!.word.replace(/./g, (c) => PLAIN[c] ?? c);
  expect(plain).not.toBe(target!.word);

  const { page, errors, context } = await watchedPage(browser, { lang: 'az' });
  for (const typed of [target!.word, plain]) {
    await page.goto(`${BASE}/search`);
    await page.getByRole('searchbox').fill(typed);
    await page.getByRole('button', { name: 'Axtar' }).click();
    await page.waitForURL(/\?q=/);
    await settle(page);
    const hrefs = await page.locator('[data-testid="search-result"] h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs, `typed "${typed}"`).toContain(`/projects/${target!.id}`);
  }
  expect(errors).toEqual([]);
  await context.close();
});
