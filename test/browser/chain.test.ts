import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, checkPage, clickMap, closeBrowser, launch, localInput, screenshot, settle, signInApi, signInThroughForm, type Watched, watchedPage } from './harness.ts';

/**
 * The whole chain through the web pages, each actor in their own browser and
 * signed in through the sign-in form: a Korean company registers; the
 * operator verifies it, registers a project and drafts a tender for it; the
 * chair runs the key ceremony; the operator publishes; the company asks and
 * the operator answers; the company seals a bid; two committee members open;
 * an evaluator declares and sees the ranking; the operator awards, confirms
 * and signs the contract. The one step outside the pages is the one the
 * bidding test also takes: an amendment (API) brings the deadline forward so
 * that time passes. Unique names, so it runs on the demo database.
 */
let browser: Browser;
const open: Watched[] = [];
const run = Date.now();
const brn = String(crypto.randomInt(1_000_000_000, 9_999_999_999));
const company = { name: `Hanbit Chain ${run}`, email: `chain-${run}@example.test`, password: 'chain-correct-horse-9' };
const code = `CHAIN-${run}`;
const tenderTitle = `체인 테스트 상수도 ${run}`;
const DAY = 86_400_000;

async function browserFor(lang: string): Promise<Watched> {
  const w = await watchedPage(browser, { lang, acceptDownloads: true });
  open.push(w);
  return w;
}
async function as(email: string, lang: string, password?: string) {
  const w = await browserFor(lang);
  await signInThroughForm(w.page, email, password);
  return w;
}
/** The page's own session, read as the page reads it. */
const me = (p: Page) => p.evaluate(() => fetch('/api/v1/me').then((r) => r.json())) as Promise<{ user: { id: string; name: string } }>;

let district: [number, number];
const S: { operator?: Watched; co?: Watched; c1?: Watched; c2?: Watched; projectId?: string; tenderId?: string } = {};

beforeAll(async () => {
  browser = await launch();
  // A point inside a demo district, where the project's site is drawn.
  const geo = (await (await fetch(`${BASE}/api/v1/areas/geojson?level=district`)).json()) as { features: { geometry: { type: string; coordinates: unknown } }[] };
  const g = geo.features[0].geometry;
  const ring = (g.type === 'MultiPolygon' ? (g.coordinates as number[][][][])[0][0] : (g.coordinates as number[][][])[0]) as number[][];
  district = ring.reduce(([sx, sy], [px, py]) => [sx + px / ring.length, sy + py / ring.length], [0, 0]) as [number, number];
});
afterAll(async () => {
  for (const w of open) await w.context.close().catch(() => {});
  await closeBrowser(browser);
});

describe.sequential('the whole chain through the pages', () => {
  it('a Korean company registers at /register (ko) and is signed in, pending verification', async () => {
    S.co = await browserFor('ko');
    const { page } = S.co;
    await page.goto(`${BASE}/register`);
    await settle(page);
    await page.fill('#f-organisation-name', company.name);
    await page.selectOption('#f-organisation-country', 'KR');
    await page.fill('#f-organisation-identifier-scheme', 'KR-BRN');
    await page.fill('#f-organisation-identifier-id', `${brn.slice(0, 3)}-${brn.slice(3, 5)}-${brn.slice(5)}`);
    await page.fill('#f-organisation-address-locality', '부산');
    await page.fill('#f-organisation-contactPoint-email', company.email);
    await page.fill('#f-user-name', '박체인');
    await page.fill('#f-user-email', company.email);
    await page.fill('#f-user-password', company.password);
    await checkPage(page, 'chain-01-register-ko');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('registration-pending').waitFor();
    await screenshot(page, 'chain-02-register-pending-ko');
    expect(S.co.errors).toEqual([]);
  });

  it('the operator verifies it at /admin/organisations (az)', async () => {
    S.operator = await as('operator@demo.berpa.test', 'az');
    const { page } = S.operator;
    await page.goto(`${BASE}/admin/organisations`);
    const card = page.locator('.org-decision', { hasText: company.name });
    await card.waitFor();
    await card.locator('textarea').fill('Reyestrdən çıxarış yoxlanıldı');
    await checkPage(page, 'chain-03-verify-az');
    await card.getByTestId('verify').click();
    await page.getByTestId('decided').filter({ hasText: company.name }).waitFor();
    expect(S.operator.errors).toEqual([]);
  });

  it('the operator registers a project at /projects/new (az), its site drawn on the map', async () => {
    const { page, errors } = S.operator!;
    await page.goto(`${BASE}/projects/new`);
    await page.locator('[data-testid=site-map][data-state=ready]').waitFor({ timeout: 60_000 });
    await page.fill('#f-code', code);
    await page.fill('#f-title', `Zəncir testi su xətti ${run}`);
    await page.selectOption('#f-sector', 'transport.road');
    await page.selectOption('#f-type', 'rehabilitation');
    await page.evaluate(([x, y]) => window.__berpaSiteMap!.jumpTo({ center: [x, y], zoom: 12 }), district);
    await page.waitForTimeout(300);
    await page.getByTestId('draw-site').click();
    const [x, y] = district;
    const d = 0.01;
    for (const [px, py] of [
      [x - d, y - d],
      [x + d, y - d],
      [x + d, y + d],
      [x - d, y + d],
      [x - d, y - d],
    ])
      await clickMap(page, px, py);
    await page.fill('#f-budget-amount', '1500000');
    await checkPage(page, 'chain-04-project-az');
    await page.getByTestId('project-submit').click();
    await page.getByTestId('project-created').waitFor();
    S.projectId = new URL(page.url()).pathname.split('/')[2];
    expect(errors).toEqual([]);
  });

  it('two committee members make their keys in their browsers (/committee)', async () => {
    S.c1 = await as('committee1@demo.berpa.test', 'ko');
    S.c2 = await as('committee2@demo.berpa.test', 'az');
    for (const c of [S.c1, S.c2]) {
      await c.page.goto(`${BASE}/committee`);
      await settle(c.page);
      const [dl] = await Promise.all([c.page.waitForEvent('download'), c.page.getByTestId('key-generate').click()]);
      expect(dl.suggestedFilename()).toMatch(/\.json$/);
      await expect.poll(() => c.page.getByTestId('key-status').getAttribute('data-public-key')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    await checkPage(S.c1.page, 'chain-05-committee-key-ko');
    expect(S.c1.errors).toEqual([]);
    expect(S.c2.errors).toEqual([]);
  });

  it('the operator drafts the tender at /tenders/new (ko) with a committee of three, 2 needed to open, no standstill or amendment window', async () => {
    const w = await as('operator@demo.berpa.test', 'ko');
    const { page } = w;
    const names = await Promise.all([S.c1!, S.c2!].map(async (c) => (await me(c.page)).user.name));
    const c3 = await as('committee3@demo.berpa.test', 'en');
    names.push((await me(c3.page)).user.name);
    await page.goto(`${BASE}/tenders/new`);
    await page.getByTestId('tender-form').waitFor();
    await page.fill('#f-title', tenderTitle);
    await expect.poll(() => page.locator(`#f-projectIds option[value="${S.projectId}"]`).count()).toBe(1);
    await page.selectOption('#f-projectIds', S.projectId!);
    await page.selectOption('#f-eligibility', 'all');
    await page.fill('#f-value-amount', '1200000');
    await page.fill('#f-lots-0-title', '배관 공사');
    // Open for questions and bids from now; the deadline a day away (brought forward later).
    await page.fill('#f-enquiryPeriod-startDate', localInput(-2 * 60_000));
    await page.fill('#f-enquiryPeriod-endDate', localInput(DAY / 2));
    await page.fill('#f-tenderPeriod-startDate', localInput(-2 * 60_000));
    await page.fill('#f-tenderPeriod-endDate', localInput(DAY));
    await page.fill('#f-openingDate', localInput(DAY));
    // No standstill and no amendment window: the award is confirmed at once, and the deadline can be brought forward below.
    await page.fill('#f-standstillDays', '0');
    await page.fill('#f-amendmentWindowDays', '0');
    for (const n of names) await page.getByTestId('committee').getByRole('checkbox', { name: n, exact: false }).check();
    await page.fill('#f-committee-k', '2');
    await checkPage(page, 'chain-06-tender-new-ko');
    await page.getByTestId('tender-submit').click();
    await page.getByTestId('tender-created').waitFor();
    S.tenderId = new URL(page.url()).pathname.split('/')[2];
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    expect(w.errors).toEqual([]);
    expect(c3.errors).toEqual([]);
  });

  it('the chair runs the key ceremony (ko); the operator publishes (az)', async () => {
    const c1 = S.c1!;
    await c1.page.goto(`${BASE}/committee/tenders/${S.tenderId}`);
    await settle(c1.page);
    await c1.page.getByTestId('ceremony-run').click();
    await c1.page.getByTestId('ceremony-done').waitFor();
    await checkPage(c1.page, 'chain-07-ceremony-ko');

    const { page, errors } = S.operator!;
    await page.goto(`${BASE}/tenders/${S.tenderId}/edit`);
    await page.getByTestId('tender-form').waitFor();
    await expect.poll(() => page.getByTestId('ready-ceremony').getAttribute('data-ok')).toBe('true');
    await page.getByTestId('publish').click();
    await page.waitForURL(`${BASE}/tenders/${S.tenderId}`);
    await settle(page);
    expect(c1.errors).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the company, signed in with its own password, asks a question on /tenders/:id (ko); the operator answers (az)', async () => {
    // A fresh browser: the registered user signs in with the password it chose.
    S.co = await as(company.email, 'ko', company.password);
    const { page } = S.co;
    const question = `배관 재질 규격은 무엇입니까? ${run}`;
    await page.goto(`${BASE}/tenders/${S.tenderId}`);
    await page.getByTestId('ask-form').waitFor();
    await page.getByTestId('ask-form').locator('textarea').fill(question);
    await checkPage(page, 'chain-08-ask-ko');
    await page.getByTestId('ask-form').getByRole('button').click();
    await page.getByTestId('questions').getByText(question).waitFor();

    const op = S.operator!;
    await op.page.goto(`${BASE}/tenders/${S.tenderId}`);
    const item = op.page.locator('.qa-item', { hasText: question });
    await item.locator('textarea').fill('Polietilen PE100, SDR 17.');
    await checkPage(op.page, 'chain-09-answer-az');
    await item.getByRole('button').click();
    await op.page.locator('.qa-item', { hasText: question }).locator('.qa-a').waitFor();

    await page.reload();
    await page.locator('.qa-item', { hasText: question }).locator('.qa-a', { hasText: 'PE100' }).waitFor();
    expect(S.co.errors).toEqual([]);
    expect(op.errors).toEqual([]);
  });

  it('the company seals a bid at /tenders/:id/bid (ko) and gets a valid receipt', async () => {
    const { page, errors } = S.co!;
    await page.goto(`${BASE}/tenders/${S.tenderId}`);
    await page.getByTestId('tender-actions').locator(`a[href="/tenders/${S.tenderId}/bid"]`).click();
    await page.getByTestId('bid-submit').waitFor();
    await page.locator('[data-testid^="price-"]').first().fill('1111000');
    for (const d of await page.locator('[data-testid^="decl-"]').all()) await d.check();
    await checkPage(page, 'chain-10-bid-ko');
    await page.getByTestId('bid-submit').click();
    await page.getByTestId('receipt-check').waitFor();
    expect(await page.getByTestId('receipt-check').getAttribute('class')).toBe('ok');
    await screenshot(page, 'chain-11-bid-receipt-ko');
    expect(errors).toEqual([]);
  });

  it('after the deadline two committee members open the bids in their browsers', async () => {
    // Time has to pass: the operator brings the deadline forward by an amendment, as the bidding test does (no page for amendments).
    const { token } = await signInApi('operator@demo.berpa.test');
    const end = new Date(Date.now() + 4000).toISOString();
    const am = await fetch(`${BASE}/api/v1/tenders/${S.tenderId}/amendments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Chain test: close the bidding now', changes: { tenderEndDate: end, openingDate: end, enquiryEndDate: end } }),
    });
    expect(am.status, await am.clone().text()).toBe(201);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(end) - Date.now()) + 1500));

    const [c1, c2] = [S.c1!, S.c2!];
    await c1.page.goto(`${BASE}/committee/tenders/${S.tenderId}`);
    await settle(c1.page);
    await c1.page.getByTestId('share-submit').click();
    await c1.page.getByTestId('share-result').waitFor();
    expect(await c1.page.getByTestId('share-result').getAttribute('data-opened')).toBe('false');
    await c2.page.goto(`${BASE}/committee/tenders/${S.tenderId}`);
    await settle(c2.page);
    await c2.page.getByTestId('share-submit').click();
    await c2.page.getByTestId('opened').waitFor();
    await checkPage(c2.page, 'chain-12-opened-az');
    expect(c1.errors).toEqual([]);
    expect(c2.errors).toEqual([]);
  });

  it('an evaluator declares and sees the ranking; the operator awards, confirms and signs the contract (ko)', async () => {
    const ev = await as('evaluator@demo.berpa.test', 'az');
    await ev.page.goto(`${BASE}/evaluation/${S.tenderId}`);
    await ev.page.getByTestId('opening-record').waitFor();
    await ev.page.getByTestId('conflict-no').check();
    await ev.page.getByTestId('conflict-statement').fill('İddiaçılarla heç bir əlaqəm yoxdur.');
    await checkPage(ev.page, 'chain-13-declare-az');
    await ev.page.getByTestId('declare-submit').click();
    await ev.page.getByTestId('ranking').waitFor();
    expect(await ev.page.getByTestId('rank-row').first().getAttribute('data-bidder')).toBe(company.name);
    // The evaluator's 403 before declaring is the refusal the page turns into the declaration form.
    expect(ev.errors.filter((e) => !/status of 403/.test(e))).toEqual([]);

    const op = await as('operator@demo.berpa.test', 'ko');
    const { page } = op;
    await page.goto(`${BASE}/evaluation`);
    await page.getByRole('link', { name: tenderTitle }).click();
    await page.getByTestId('award-reasons').waitFor();
    await page.getByTestId('award-reasons').fill('유일한 유효 입찰, 최저가.');
    await checkPage(page, 'chain-14-award-ko');
    await page.getByTestId('award-submit').click();
    // No standstill days: the award can be confirmed at once.
    await page.getByTestId('award-confirm').click();
    const form = page.getByTestId('contract-form');
    await form.waitFor();
    await page.fill('#f-periodEnd', new Date(Date.now() + 180 * DAY).toISOString().slice(0, 10));
    await checkPage(page, 'chain-15-contract-ko');
    await page.getByTestId('contract-submit').click();
    await page.getByTestId('signed-contracts').locator('a').click();
    await page.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
    await page.getByTestId('contract-status').waitFor();
    // The contract is the registered company's, for the project the chain began with.
    expect(await page.locator('main').textContent()).toContain(company.name);
    await page.locator(`main a[href="/projects/${S.projectId}"]`).first().waitFor();
    await checkPage(page, 'chain-16-contract-page-ko');
    const contractPath = new URL(page.url()).pathname;
    expect(op.errors).toEqual([]);

    // Anyone sees the signed contract from the tender's public page.
    const anon = await browserFor('az');
    await anon.page.goto(`${BASE}/tenders/${S.tenderId}`);
    await anon.page.getByTestId('tender-contracts').locator(`a[href="${contractPath}"]`).waitFor();
    expect(anon.errors).toEqual([]);
  });
});
