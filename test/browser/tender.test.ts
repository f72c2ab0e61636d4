import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, BASE, closeBrowser, itemsOf, launch, settle, watchedPage } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => closeBrowser(browser));

function inZone(iso: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  return `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`;
}

it('the tender deadline shows in the viewer’s time zone and in Baku time, with a running countdown', async () => {
  const tenders = itemsOf(await api('/api/v1/tenders?limit=50'));
  const tender = tenders.find((t) => (t.tenderPeriod as { endDate?: string } | undefined)?.endDate);
  expect(tender, 'the demo data has a tender with a deadline').toBeTruthy();
  const end = (tender!.tenderPeriod as { endDate: string }).endDate;

  const { page, errors, context } = await watchedPage(browser, { lang: 'ru', timezoneId: 'Asia/Seoul', locale: 'ru-RU' });
  await page.goto(`${BASE}/tenders/${tender!.id}`);
  await settle(page);
  const local = page.getByTestId('deadline-local');
  const baku = page.getByTestId('deadline-baku');
  expect(await local.getAttribute('data-zone')).toBe('Asia/Seoul');
  expect(await page.getByTestId('deadline').textContent()).toContain('Asia/Seoul');
  expect(await local.textContent()).toContain('GMT+9');
  expect(await local.textContent()).toContain(inZone(end, 'Asia/Seoul'));
  expect(await baku.textContent()).toContain('GMT+4');
  expect(await baku.textContent()).toContain(inZone(end, 'Asia/Baku'));
  const first = await page.getByTestId('countdown').textContent();
  if (new Date(end).getTime() > Date.now() + 5000) {
    expect(first).toMatch(/\d+ д \d+ ч \d+ мин \d+ с/);
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('countdown').textContent()).not.toBe(first);
  } else {
    expect(first).toBe('Срок истёк.');
  }
  expect(errors).toEqual([]);
  await context.close();
});
