import crypto from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptShare, generateX25519KeyPair, shareSha256, splitKey } from '../../src/lib/sealing/index.ts';
import { azDateTime } from '../../web/src/lib/az-format.ts';
import { apiAs, BASE, checkPage, closeBrowser, launch, localInput, signedInPage, signInApi, type Watched } from './harness.ts';

/**
 * The tender page's amendments and complaints in Chromium against the real server: the operator amends a tender of
 * its own (a refused submission shows the server's field error in place, then an amendment with its reason), and the
 * public page lists it in Korean and Azerbaijani; on the demo tender under standstill a bidder lodges a complaint
 * (ko), the review body decides it (az), and the outcome shows to the public without naming the complainant. Every
 * form passes axe and is photographed. The amended tender is made for this test through the API; on the demo tender
 * our complaint is dismissed while the demo's own stays pending, so the award stays suspended as other tests expect.
 */
let browser: Browser;
const open: Watched[] = [];
const run = crypto.randomInt(100_000, 999_999);
const DAY = 86_400_000;
const reviewer = { email: `review-board-${run}@example.test`, password: `review-board-correct-${run}` };

/** A browser signed in (or anonymous), closed after the tests. */
const pageAs = (email: string | null, lang: string, password?: string) => signedInPage(browser, email, { lang, password }, open);

let tenderId = '';
let standstillId = '';

/** A published tender of this test's own: committee members 2 and 3 (k = 2), the opening key split between them as the chair's ceremony does. */
async function publishedTender() {
  const [c2, c3] = [await signInApi('committee2@demo.berpa.test'), await signInApi('committee3@demo.berpa.test')];
  const keys = [await generateX25519KeyPair(), await generateX25519KeyPair()];
  for (const [i, email] of ['committee2@demo.berpa.test', 'committee3@demo.berpa.test'].entries())
    expect((await apiAs(email, '/api/v1/committee/key', { method: 'PUT', body: { publicKey: keys[i].publicKey } })).status).toBe(200);
  const now = Date.now();
  const created = await apiAs('operator@demo.berpa.test', '/api/v1/tenders', {
    method: 'POST',
    body: {
      title: { en: `Amendment test road ${run}`, az: `Düzəliş testi yolu ${run}`, ko: `변경 테스트 도로 ${run}` },
      projectIds: [],
      method: 'open',
      eligibility: 'all',
      awardCriteria: 'priceOnly',
      value: { amount: 500_000, currency: 'AZN' },
      lots: [{ ref: 'A', title: { en: 'Road' }, value: { amount: 500_000, currency: 'AZN' } }],
      enquiryPeriod: { startDate: new Date(now - 60_000).toISOString(), endDate: new Date(now + 20 * DAY).toISOString() },
      tenderPeriod: { startDate: new Date(now - 60_000).toISOString(), endDate: new Date(now + 30 * DAY).toISOString() },
      openingDate: new Date(now + 30 * DAY).toISOString(),
      amendmentWindowDays: 0,
      committee: { memberUserIds: [c2.user.id, c3.user.id], k: 2 },
    },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.id as string;
  const opening = await generateX25519KeyPair();
  const shares = await splitKey(opening.privateKey, 2, 2);
  const members = [c2.user.id, c3.user.id];
  const key = await apiAs('committee2@demo.berpa.test', `/api/v1/tenders/${id}/opening-key`, {
    method: 'PUT',
    body: {
      openingPublicKey: opening.publicKey,
      k: 2,
      n: 2,
      shares: await Promise.all(
        members.map(async (m, i) => ({
          memberUserId: m,
          encryptedShare: await encryptShare(keys[i].publicKey, shares[i], { tenderId: id, memberUserId: m }),
          shareSha256: await shareSha256(shares[i]),
        })),
      ),
    },
  });
  expect(key.status, JSON.stringify(key.json)).toBe(200);
  const pub = await apiAs('operator@demo.berpa.test', `/api/v1/tenders/${id}/publish`, { method: 'POST' });
  expect(pub.status, JSON.stringify(pub.json)).toBe(200);
  return id;
}

beforeAll(async () => {
  browser = await launch();
  tenderId = await publishedTender();
  // The demo's tender under standstill, with its award suspended by a demo complaint.
  const standstill = (await (await fetch(`${BASE}/api/v1/tenders?status=standstill`)).json()) as { items: { id: string; title: { en?: string } }[] };
  standstillId = standstill.items.find((t) => t.title.en?.startsWith('Zangilan smart village'))!.id;
  // A user of the demo review board (an organisation role, not a user role): the administrator adds one.
  const board = await (await fetch(`${BASE}/api/v1/organisations?role=reviewBody`)).json();
  const made = await apiAs('admin@demo.berpa.test', '/api/v1/users', {
    method: 'POST',
    body: { email: reviewer.email, name: 'Rəna Review', password: reviewer.password, roles: ['observer'], organisationId: board.items[0].id },
  });
  expect(made.status, JSON.stringify(made.json)).toBe(201);
}, 180_000);
afterAll(async () => {
  for (const w of open) await w.context.close().catch(() => {});
  await closeBrowser(browser);
});

const newOpening = localInput(31 * DAY);
const reason = `Opening moved a day for the committee’s travel (${run})`;
const grounds = `The winning bid omits the soil survey the dossier requires (${run}).`;
const decisionReasons = `The soil survey is annex 4 of the winning bid (${run}).`;

describe.sequential('amendments and complaints on the tender page', () => {
  it('operator (az): an empty amendment is refused in place; a deadline in the past is refused by the server on its field; then it is published', async () => {
    const { page, errors } = await pageAs('operator@demo.berpa.test', 'az');
    await page.goto(`${BASE}/tenders/${tenderId}`);
    await page.getByTestId('amend-form').waitFor();
    await page.getByTestId('amend-submit').click();
    await page.locator('#amend .field-error[data-field="/reason"]').waitFor();
    await page.locator('#amend .field-error[data-field="/changes"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-reason');
    await checkPage(page, 'tender-amend-empty-az');

    // The schema lets a past deadline through; the server refuses it and names the field.
    await page.fill('#f-reason', reason);
    await page.fill('#f-changes-tenderEndDate', localInput(-DAY));
    await page.getByTestId('amend-submit').click();
    const refused = page.locator('#amend .field-error[data-field="/changes/tenderEndDate"]');
    await refused.waitFor();
    expect(await page.locator('#f-changes-tenderEndDate').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByTestId('amendments').count()).toBe(0);
    await checkPage(page, 'tender-amend-refused-az');

    // A page with unsaved changes warns before a link is followed.
    let warned = '';
    page.once('dialog', async (d) => {
      warned = d.message();
      await d.dismiss();
    });
    await page.locator('a[href="/"]').first().click();
    expect(warned.length).toBeGreaterThan(0);
    expect(new URL(page.url()).pathname).toBe(`/tenders/${tenderId}`);

    await page.fill('#f-changes-tenderEndDate', '');
    await page.fill('#f-changes-openingDate', newOpening);
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/tenders/${tenderId}/amendments`));
    await page.getByTestId('amend-submit').click();
    expect((await sent).headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByTestId('amendment-reason').filter({ hasText: reason }).waitFor();
    expect(await page.locator('#f-reason').inputValue()).toBe('');
    const item = page.getByTestId('amendment').first();
    expect(await item.locator('[data-field="openingDate"]').innerText()).toContain(azDateTime(new Date(newOpening)));
    await checkPage(page, 'tender-amended-az');
    // The one refusal the test provoked (the browser logs every 4xx) and nothing else.
    const refusal = (x: string) => /status of 400/.test(x) && x.includes(`/tenders/${tenderId}/amendments`);
    expect(errors.filter(refusal)).toHaveLength(1);
    expect(errors.filter((x) => !refusal(x))).toEqual([]);
  });

  it('the public page lists the amendment with its reason, in Korean and in Azerbaijani, without the form', async () => {
    for (const lang of ['ko', 'az']) {
      const { page, errors } = await pageAs(null, lang);
      await page.goto(`${BASE}/tenders/${tenderId}`);
      await page.getByTestId('amendments').waitFor();
      expect(await page.getByTestId('amendment-reason').allInnerTexts()).toEqual([reason]);
      expect(await page.getByTestId('amend-form').count()).toBe(0);
      const heading = await page.locator('#amendments-h').innerText();
      expect(heading).toBe(lang === 'ko' ? '변경 공고' : 'Düzəlişlər');
      if (lang === 'az') expect(await page.getByTestId('amendment').first().innerText()).toContain(azDateTime(new Date(newOpening)));
      await checkPage(page, `tender-amendments-public-${lang}`);
      expect(errors).toEqual([]);
    }
  });

  it('a bidder (ko) lodges a complaint during the standstill: too short grounds are refused in place, then it is lodged', async () => {
    const { page, errors } = await pageAs('company-it@demo.berpa.test', 'ko');
    await page.goto(`${BASE}/tenders/${standstillId}`);
    await page.getByTestId('lodge-form').waitFor();
    await page.fill('#f-grounds', 'too short');
    await page.getByTestId('lodge-submit').click();
    await page.locator('#lodge .field-error[data-field="/grounds"]').waitFor();
    await checkPage(page, 'tender-complaint-lodge-ko');
    await page.fill('#f-grounds', grounds);
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/tenders/${standstillId}/complaints`));
    await page.getByTestId('lodge-submit').click();
    expect((await sent).headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const mine = page.getByTestId('complaint').filter({ hasText: grounds });
    await mine.waitFor();
    expect(await mine.innerText()).toContain('귀사의 이의 신청');
    expect(await mine.getAttribute('data-status')).toBe('pending');
    await checkPage(page, 'tender-complaint-lodged-ko');
    expect(errors).toEqual([]);
  });

  it('the review body (az) decides: an empty decision is refused in place, then the complaint is dismissed with reasons', async () => {
    const { page, errors } = await pageAs(reviewer.email, 'az', reviewer.password);
    await page.goto(`${BASE}/tenders/${standstillId}`);
    const ours = page.getByTestId('complaint').filter({ hasText: grounds });
    await ours.getByTestId('decide-form').waitFor();
    // The review body reads who complained.
    expect(await ours.innerText()).toContain('Costruzioni Adriatiche');
    await ours.getByTestId('decide-submit').click();
    await ours.locator('.field-error[data-field="/decision"]').waitFor();
    await ours.locator('.field-error[data-field="/reasons"]').waitFor();
    await checkPage(page, 'tender-complaint-decide-az');
    await ours.locator('select').selectOption('dismissed');
    await ours.locator('textarea').fill(decisionReasons);
    await ours.getByTestId('decide-submit').click();
    await ours.getByTestId('complaint-decision').waitFor();
    expect(await ours.getAttribute('data-status')).toBe('dismissed');
    expect(await ours.getByTestId('complaint-decision').innerText()).toContain(decisionReasons);
    // The demo's own complaint is still pending: the review body still has its form.
    expect(await page.getByTestId('decide-form').count()).toBeGreaterThan(0);
    await checkPage(page, 'tender-complaint-decided-az');
    expect(errors).toEqual([]);
  });

  it('the outcome shows to the public (ko, az) with its grounds and reasons, without naming the complainant; the complainant sees it as its own', async () => {
    for (const lang of ['ko', 'az']) {
      const { page, errors } = await pageAs(null, lang);
      await page.goto(`${BASE}/tenders/${standstillId}`);
      const ours = page.getByTestId('complaint').filter({ hasText: grounds });
      await ours.waitFor();
      expect(await ours.getAttribute('data-status')).toBe('dismissed');
      const text = await ours.innerText();
      expect(text).toContain(decisionReasons);
      expect(text).toContain(lang === 'ko' ? '기각' : 'Rədd edilib');
      expect(text).not.toContain('Costruzioni Adriatiche');
      // The demo's pending complaint: its grounds wait for the decision.
      const pending = page.locator('[data-testid=complaint][data-status=pending]');
      expect(await pending.count()).toBeGreaterThan(0);
      expect(await pending.first().innerText()).not.toContain('seismic');
      expect(await page.getByTestId('lodge-form').count()).toBe(0);
      expect(await page.getByTestId('decide-form').count()).toBe(0);
      await checkPage(page, `tender-complaint-outcome-${lang}`);
      expect(errors).toEqual([]);
    }
    const { page, errors } = await pageAs('company-it@demo.berpa.test', 'az');
    await page.goto(`${BASE}/tenders/${standstillId}`);
    const ours = page.getByTestId('complaint').filter({ hasText: grounds });
    await ours.waitFor();
    expect(await ours.innerText()).toContain('Sizin şikayətiniz');
    expect(await ours.innerText()).toContain(decisionReasons);
    expect(errors).toEqual([]);
  });
});
