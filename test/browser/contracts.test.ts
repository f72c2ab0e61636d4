import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withExif } from '../../src/modules/contracts/exif-writer.ts';
import { BASE, checkPage, closeBrowser, launch, screenshot, signedInPage, type Watched } from './harness.ts';

/**
 * Contract execution in the browser, on the demo's contracts in execution:
 * the supplier reports progress with geotagged photos and requests a
 * payment; the operator accepts milestones, is refused when approving its
 * own request, approves the supplier's, records it paid, records a variation
 * and the final acceptance; the public contract page shows the timeline,
 * the photos on the map and the red flags; the auditor's list filters and
 * downloads CSV; the partner country page follows the money. Every page in
 * at least two languages, axe (no serious or critical finding), screenshots.
 */
let browser: Browser;
const open: Watched[] = [];
const SUPPLIER = 'company@demo.berpa.test';
const OPERATOR = 'operator@demo.berpa.test';
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

interface Milestone {
  id: string;
  title: { en?: string };
  storedStatus: string;
  status: string;
  amount: number | null;
}
interface Payment {
  id: string;
  milestoneId: string | null;
  status: string;
  gross: number;
  requestedBy: string | null;
}
interface Photo {
  locationStatus: string;
  position: { lat: number; lon: number } | null;
}
interface Contract {
  id: string;
  tenderId: string | null;
  status: string;
  projects: { id: string }[];
  milestones: Milestone[];
  payments: Payment[];
  variations: { status: string }[];
  progressReports: { id: string; status: string; photos: Photo[] }[];
  redFlags: { code: string }[];
}

async function get<T>(path: string): Promise<T> {
  const r = await fetch(`${BASE}${path}`);
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

let substation: Contract; // the demo's first contract (Hanbit, milestones met, rejected and open)
let hydro: Contract; // the second: an off-site photo and a variation above the threshold
let site: { lat: number; lon: number };

beforeAll(async () => {
  browser = await launch();
  const list = await get<{ items: { id: string; status: string; signedAt: string }[] }>('/api/v1/contracts?limit=200');
  const all = await Promise.all(list.items.map((c) => get<Contract>(`/api/v1/contracts/${c.id}`)));
  substation = all.find((c) => c.redFlags.some((f) => f.code === 'late_milestone') && c.milestones.some((m) => m.storedStatus === 'rejected'))!;
  hydro = all.find((c) => c.redFlags.some((f) => f.code === 'variations_above_threshold'))!;
  expect(substation, 'the demo has a contract with a rejected, late milestone').toBeTruthy();
  expect(hydro, 'the demo has a contract with a variation above the threshold').toBeTruthy();
  // A position the server verified on this contract's site: the new photo is taken a few metres from it.
  const verified = substation.progressReports.flatMap((r) => r.photos).find((p) => p.locationStatus === 'verified' && p.position)!;
  site = { lat: verified.position!.lat + 0.0001, lon: verified.position!.lon };
});
// Each test's pages close with it: several live maps (software WebGL) at once slow the shared machine down.
afterEach(async () => {
  for (const w of open.splice(0)) await w.context.close().catch(() => {});
});
afterAll(async () => {
  await closeBrowser(browser);
});

/** The browser logs every 4xx answer; the refusals a test provokes on purpose are expected, anything else is not. */
function unexpected(errors: string[], ...refusals: RegExp[]) {
  return errors.filter((e) => !refusals.some((r) => r.test(e)));
}

const pageAs = (email: string | null, lang: string) => signedInPage(browser, email, { lang }, open);

const check = (page: Page, name: string) => checkPage(page, name);

async function photo(o: { position?: { lat: number; lon: number }; takenAt: Date }) {
  const img = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 150, g: 130, b: 90 } } })
    .jpeg({ quality: 75 })
    .toBuffer();
  return withExif(img, o);
}

const fresh = () => get<Contract>(`/api/v1/contracts/${substation.id}`);
const byTitle = (c: Contract, en: string) => c.milestones.find((m) => m.title.en === en)!;

describe('contract execution in the browser', () => {
  it('supplier (en, ko): sees its contracts, reports progress with photos and gets the server’s verdict per photo', async () => {
    const ko = await pageAs(SUPPLIER, 'ko');
    await ko.page.goto(`${BASE}/work/contracts`);
    await ko.page.getByTestId('contract-list').waitFor();
    expect(await ko.page.getByTestId('contract-list').locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    await check(ko.page, 'contracts-supplier-list-ko');

    const { page, errors } = await pageAs(SUPPLIER, 'en');
    await page.goto(`${BASE}/work/contracts`);
    await page.getByTestId('contract-list').locator(`a[href="/contracts/${substation.id}/work"]`).click();
    await page.waitForURL(`${BASE}/contracts/${substation.id}/work`);
    const form = page.getByTestId('report-form');
    await form.waitFor();
    await check(page, 'contracts-supplier-work-en');
    // The empty form answers with the server's schema, in place.
    await page.getByTestId('report-submit').click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.locator('[data-field="/periodStart"]').count()).toBe(1);

    await page.fill('#f-periodStart', day(-10));
    await page.fill('#f-periodEnd', day(0));
    await page.fill('#f-narrative', 'Cable trenches dug and the first transformer bay poured.');
    await page.selectOption('#f-milestoneId', byTitle(substation, 'Main works').id);
    const takenAt = new Date(Date.now() - 2 * DAY);
    await page.getByTestId('photo-input').setInputFiles([
      { name: 'on-site.jpg', mimeType: 'image/jpeg', buffer: await photo({ position: site, takenAt }) },
      { name: 'no-gps.jpg', mimeType: 'image/jpeg', buffer: await photo({ takenAt }) },
      { name: 'far-away.jpg', mimeType: 'image/jpeg', buffer: await photo({ position: { lat: site.lat + 0.08, lon: site.lon + 0.05 }, takenAt }) },
      { name: 'old.jpg', mimeType: 'image/jpeg', buffer: await photo({ position: site, takenAt: new Date(Date.now() - 60 * DAY) }) },
    ]);
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-sent').waitFor();
    const verdicts = page.getByTestId('photo-result');
    expect(await verdicts.count()).toBe(4);
    expect(await verdicts.nth(0).getAttribute('data-location')).toBe('verified');
    expect(await verdicts.nth(0).textContent()).toContain('Inside the site');
    expect(await verdicts.nth(1).textContent()).toContain('Location not verified');
    // Outside the site without a reason: refused, and the refusal says why.
    expect(await verdicts.nth(2).getAttribute('data-location')).toBe('refused');
    expect(await verdicts.nth(2).textContent()).toContain('outside the project site');
    expect(await verdicts.nth(3).textContent()).toContain('Outside the report period');
    await screenshot(page, 'contracts-supplier-report-sent-en');
    const after = await fresh();
    const report = after.progressReports.find((r) => r.status === 'submitted')!;
    expect(report.photos.map((p) => p.locationStatus).sort()).toEqual(['not_verified', 'verified', 'verified']);

    // The rejected main works and the handover are reported done.
    for (const title of ['Main works', 'Commissioning and handover']) {
      const m = byTitle(after, title);
      await page.locator(`#submit-milestones li[data-milestone="${m.id}"] button`).click();
      await page.locator(`#submit-milestones li[data-milestone="${m.id}"]`).waitFor({ state: 'detached' });
    }
    expect(byTitle(await fresh(), 'Main works').storedStatus).toBe('submitted');
    expect(unexpected(errors, /status of 422 .*\/api\/v1\/progress-reports\/[^/]+\/photos$/)).toEqual([]);
  });

  it('operator (az): accepts the milestones and the progress report', async () => {
    const { page, errors } = await pageAs(OPERATOR, 'az');
    await page.goto(`${BASE}/contracts/${substation.id}/work`);
    await page.locator('#decide-milestones li[data-milestone]').first().waitFor();
    await check(page, 'contracts-operator-work-az');
    const c = await fresh();
    // A rejection without a reason is stopped before it is sent.
    const main = page.locator(`#decide-milestones li[data-milestone="${byTitle(c, 'Main works').id}"]`);
    await main.locator('[data-action="reject"]').click();
    expect(await main.getByRole('alert').textContent()).toContain('səbəb');
    for (const title of ['Main works', 'Commissioning and handover']) {
      const li = page.locator(`#decide-milestones li[data-milestone="${byTitle(c, title).id}"]`);
      await li.locator('[data-action="accept"]').click();
      await li.waitFor({ state: 'detached' });
    }
    const rep = page.locator('#decide-reports li[data-report]').first();
    expect(await rep.locator('.verdict').count()).toBe(3);
    await rep.locator('[data-action="accept"]').click();
    await rep.waitFor({ state: 'detached' });
    const after = await fresh();
    expect(after.milestones.every((m) => m.storedStatus === 'accepted')).toBe(true);
    expect(after.progressReports.every((r) => r.status === 'accepted')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('supplier (ko): requests a payment against an accepted milestone, once however often it clicks', async () => {
    const { page, errors } = await pageAs(SUPPLIER, 'ko');
    await page.goto(`${BASE}/contracts/${substation.id}/work`);
    const form = page.getByTestId('payment-form');
    await form.waitFor();
    // The ceiling and what is already requested and paid are shown beside the form.
    expect(await form.locator('.dl').textContent()).toContain('상한');
    const main = byTitle(await fresh(), 'Main works');
    await form.locator('#f-pay-milestoneId').selectOption(main.id);
    await form.locator('#f-pay-amount').fill('400000');
    await page.getByTestId('payment-submit').dblclick();
    await page.getByTestId('payment-sent').waitFor();
    await check(page, 'contracts-supplier-payment-ko');
    const mine = (await fresh()).payments.filter((p) => p.milestoneId === main.id && p.status === 'requested');
    expect(mine).toHaveLength(1);
    expect(mine[0].gross).toBe(400000);
    expect(errors).toEqual([]);
  });

  it('operator (az, en): is refused approving its own request, approves the supplier’s, pays it, records a variation and the final acceptance', async () => {
    const { page, errors } = await pageAs(OPERATOR, 'az');
    await page.goto(`${BASE}/contracts/${substation.id}/work`);
    const c0 = await fresh();
    const handover = byTitle(c0, 'Commissioning and handover');
    // The operator requests the handover payment for the supplier …
    const req = page.locator('#operator-request');
    await req.locator('select').selectOption(handover.id);
    await req.getByTestId('payment-submit').click();
    await req.getByTestId('payment-sent').waitFor();
    const own = (await fresh()).payments.find((p) => p.milestoneId === handover.id && p.status === 'requested')!;
    // … and may not approve it: the server's refusal is shown in place, in Azerbaijani.
    const ownRow = page.locator(`#operator-payments tr[data-payment="${own.id}"]`);
    await ownRow.locator('[data-action="approve"]').click();
    await ownRow.getByTestId('payment-error').waitFor();
    expect(await ownRow.getByTestId('payment-error').textContent()).toContain('təsdiqləyə bilməz');
    expect((await fresh()).payments.find((p) => p.id === own.id)!.status).toBe('requested');
    await screenshot(page, 'contracts-operator-self-approval-refused-az');

    const theirs = (await fresh()).payments.find((p) => p.status === 'requested' && p.id !== own.id)!;
    const row = page.locator(`#operator-payments tr[data-payment="${theirs.id}"]`);
    await row.locator('[data-action="approve"]').click();
    await page.locator(`#operator-payments tr[data-payment="${theirs.id}"][data-status="approved"]`).waitFor();
    await row.locator('select').first().selectOption('government');
    await row.locator('[data-action="pay"]').click();
    await page.locator(`#operator-payments tr[data-payment="${theirs.id}"][data-status="paid"]`).waitFor();

    // A variation: a reason and a document; within the threshold, approved at once.
    const v = page.getByTestId('variation-form');
    await v.locator('#f-valueChange').fill('60000');
    await v.locator('#f-reason').fill('Second cable route required by the grid operator');
    await v.getByTestId('add-document').click();
    await v.locator('[id="f-documents-0-title"]').fill('Grid operator letter');
    await v.locator('[id="f-documents-0-sha256"]').fill('a'.repeat(64));
    await v.getByTestId('variation-submit').click();
    await v.getByTestId('variation-saved').waitFor();
    const vars = (await fresh()).variations;
    expect(vars.at(-1)!.status).toBe('approved');

    // Final acceptance in English, with final value, end date and scope.
    const en = await pageAs(OPERATOR, 'en');
    await en.page.goto(`${BASE}/contracts/${substation.id}/work`);
    const done = en.page.getByTestId('complete-form');
    await done.waitFor();
    await check(en.page, 'contracts-operator-work-en');
    await done.locator('#f-finalScope').fill('Substation refurbished with the second cable route');
    await done.getByTestId('complete-submit').click();
    await en.page.getByTestId('contract-status').filter({ hasText: 'Completed' }).waitFor();
    expect((await fresh()).status).toBe('completed');
    expect(unexpected(errors, new RegExp(`status of 403 .*/api/v1/payments/${own.id}/approve$`))).toEqual([]);
    expect(en.errors).toEqual([]);
  });

  it('public contract page (ru, en): milestones on a timeline, payments, variations, red flags, photos on the map beside the site', async () => {
    for (const lang of ['ru', 'en'] as const) {
      const { page, errors } = await pageAs(null, lang);
      await page.goto(`${BASE}/contracts/${hydro.id}`);
      await page.getByTestId('timeline').waitFor();
      expect(await page.locator('.timeline-list li').count()).toBe(hydro.milestones.length);
      expect(await page.locator('.timeline svg circle').count()).toBe(hydro.milestones.length);
      await page.getByTestId('payments').waitFor();
      await page.getByTestId('variations').waitFor();
      const flags = page.getByTestId('red-flags');
      expect(await flags.locator('[data-flag="variations_above_threshold"]').count()).toBe(1);
      expect(await flags.locator('[data-flag="photo_off_site"]').count()).toBe(1);
      // The photos: one placed outside the site, marked so beside its picture.
      expect(await page.locator('[data-testid="photos"] li[data-location="outside"]').count()).toBeGreaterThanOrEqual(1);
      await page.waitForSelector('[data-testid="contract-map"][data-map-ready="true"]', { timeout: 60_000 });
      const placed = await page.getByTestId('contract-map').getAttribute('data-photos');
      expect(Number(placed)).toBeGreaterThanOrEqual(1);
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="photos"] img')].every((i) => i.complete && i.naturalWidth > 0), null, {
        timeout: 20_000,
      });
      await check(page, `contracts-public-${lang}`);
      expect(errors).toEqual([]);
    }
    // The completed contract shows its new photo and its final state to the public.
    const { page, errors } = await pageAs(null, 'en');
    await page.goto(`${BASE}/contracts/${substation.id}`);
    await page.getByTestId('contract-status').filter({ hasText: 'Completed' }).waitFor();
    expect(await page.locator('[data-testid="photos"] li').count()).toBe(5);
    await page.waitForSelector('[data-testid="contract-map"][data-map-ready="true"]', { timeout: 60_000 });
    await screenshot(page, 'contracts-public-completed-en');
    expect(errors).toEqual([]);
  });

  it('the tender and project pages link the contract', async () => {
    const { page, errors } = await pageAs(null, 'en');
    await page.goto(`${BASE}/tenders/${hydro.tenderId}`);
    await page.getByTestId('tender-contracts').locator(`a[href="/contracts/${hydro.id}"]`).click();
    await page.waitForURL(`${BASE}/contracts/${hydro.id}`);
    await page.goto(`${BASE}/projects/${hydro.projects[0].id}`);
    await page.getByTestId('project-contracts').locator(`a[href="/contracts/${hydro.id}"]`).waitFor();
    expect(errors).toEqual([]);
  });

  it('auditor’s red-flag list (az, ko): filters, definitions and the CSV of the same filter', async () => {
    for (const lang of ['az', 'ko'] as const) {
      const { page, errors } = await pageAs('auditor@demo.berpa.test', lang);
      await page.goto(`${BASE}/red-flags`);
      await page.getByTestId('flag-table').waitFor();
      const all = await page.locator('[data-testid="flag-table"] tbody tr').count();
      expect(all).toBeGreaterThanOrEqual(3);
      await page.selectOption('#flag-code', 'late_milestone');
      await page.locator('[data-testid="flag-table"] tbody tr[data-flag="late_milestone"]').first().waitFor();
      expect(await page.locator('[data-testid="flag-table"] tbody tr:not([data-flag="late_milestone"])').count()).toBe(0);
      expect(page.url()).toContain('code=late_milestone');
      const href = await page.getByTestId('flag-csv').getAttribute('href');
      expect(href).toContain('format=csv');
      const csv = await page.context().request.get(`${BASE}${href}`);
      expect(csv.headers()['content-type']).toContain('text/csv');
      const lines = (await csv.text()).trim().split('\n');
      expect(lines.length - 1).toBe(await page.locator('[data-testid="flag-table"] tbody tr').count());
      await page.selectOption('#flag-code', '');
      await page.selectOption('#flag-stage', 'implementation');
      await page.locator('[data-testid="flag-table"] tbody tr').first().waitFor();
      await check(page, `contracts-red-flags-${lang}`);
      expect(errors).toEqual([]);
    }
  });

  it('partner country page (ko, ru): pledged → committed → contracted → paid, per currency', async () => {
    const flow = await get<{ pledges: { currency: string; paid: number }[] }>('/api/v1/follow-the-money/KR');
    expect(flow.pledges.some((p) => p.paid > 0)).toBe(true);
    for (const lang of ['ko', 'ru'] as const) {
      const { page, errors } = await pageAs(null, lang);
      await page.goto(`${BASE}/countries/KR`);
      const block = page.getByTestId('follow-the-money');
      await block.waitFor();
      const currencies = [...new Set(flow.pledges.map((p) => p.currency))];
      expect(await block.locator('section[data-currency]').count()).toBe(currencies.length);
      expect(await block.getByTestId('money-paid').first().textContent()).toMatch(/\d/);
      await check(page, `contracts-country-money-${lang}`);
      expect(errors).toEqual([]);
    }
  });
});
