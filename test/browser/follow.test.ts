import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptShare, generateX25519KeyPair, shareSha256, splitKey } from '../../src/lib/sealing/index.ts';
import { checkAtom } from '../../src/modules/feeds/test-kit.ts';
import { type Inbox, readMail, startSmtp } from '../helpers/smtp.ts';
import { BASE, apiCall as call, checkPage, closeBrowser, launch, type ApiSession as Session, settle, signInApi, signInThroughForm, type Watched, watchedPage } from './harness.ts';

/**
 * Following tenders, end to end against the real server: a visitor (az)
 * filters the tenders list by sector, district and eligibility; the address
 * keeps the filters, and the page's feed link carries them, so the feed holds
 * the one matching tender. A signed-in company (ko) subscribes to the same
 * filters; a matching tender is published (and one that does not match), and
 * a real SMTP server on loopback — the port test/browser/run.mjs gave the
 * server as BERPA_SMTP_URL — receives the one mail, in Korean; following its
 * unsubscribe link, in a browser that is not signed in, unsubscribes at once.
 */
const COMPANY = 'company@demo.berpa.test';
let browser: Browser;
let smtp: Inbox;
const watched: Watched[] = [];

/** The tenders an Atom document lists, by the portal links of its entries (the document checked against RFC 4287 first). */
const atomTenderIds = (body: string) => checkAtom(body).entries.map((e) => e.link.match(/\/tenders\/([0-9a-f-]{36})$/)?.[1] ?? '');

const S: { operator?: Session; filter?: { sector: string; district: string; eligibility: string }; only?: string; feedUrl?: string } = {};

beforeAll(async () => {
  const port = Number(process.env.BERPA_TEST_SMTP_PORT);
  if (!port) throw new Error('BERPA_TEST_SMTP_PORT is not set: run through test/browser/run.mjs, or give the port the server’s BERPA_SMTP_URL names');
  smtp = await startSmtp(port);
  browser = await launch();
  S.operator = await signInApi('operator@demo.berpa.test');
  const kr = await call(null, 'GET', '/api/v1/partners?country=KR');
  if (!kr.json?.items?.some((p: { current: boolean }) => p.current)) {
    const r = await call(S.operator, 'POST', '/api/v1/partners/periods', { country: 'KR', validFrom: '2020-01-01', basis: 'Browser test of following: Korea as a partner' });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
  // A filter that the public list answers with exactly one tender: a published tender's project's sector and district, open to Korea.
  const all = (await call(null, 'GET', '/api/v1/tenders?limit=200')).json as { items: { id: string; projectIds: string[] }[] };
  const districts = (await call(null, 'GET', '/api/v1/areas?level=district')).json as { items: { id: string; code: string }[] };
  for (const t of all.items.filter((x) => x.projectIds.length)) {
    const p = (await call(null, 'GET', `/api/v1/projects/${t.projectIds[0]}`)).json as { sector: string[]; districtId: string | null };
    const district = districts.items.find((d) => d.id === p.districtId);
    if (!district) continue;
    const f = { sector: p.sector[0].split('.')[0], district: district.code, eligibility: 'KR' };
    const hit = (await call(null, 'GET', `/api/v1/tenders?limit=200&${new URLSearchParams(f)}`)).json;
    if (hit.items.length === 1) {
      S.filter = f;
      S.only = hit.items[0].id;
      break;
    }
  }
  expect(S.filter, 'the demo data has a tender alone in its sector and district').toBeTruthy();
  expect(all.items.length).toBeGreaterThan(1);
}, 180_000);

afterAll(async () => {
  for (const w of watched) await w.context.close().catch(() => {});
  await closeBrowser(browser);
  await smtp?.close();
});

/** Draft a tender (for `projectIds`) with a fresh two-member committee, run the key ceremony as the chair's tool does, publish. */
async function publishTender(title: Record<string, string>, projectIds: string[]) {
  const members = [await signInApi('committee2@demo.berpa.test'), await signInApi('committee3@demo.berpa.test')];
  const keys = [await generateX25519KeyPair(), await generateX25519KeyPair()];
  for (const [i, m] of members.entries()) expect((await call(m, 'PUT', '/api/v1/committee/key', { publicKey: keys[i].publicKey })).status).toBe(200);
  const now = Date.now();
  const created = await call(
    S.operator!,
    'POST',
    '/api/v1/tenders',
    {
      title,
      projectIds,
      method: 'open',
      eligibility: 'all',
      awardCriteria: 'priceOnly',
      value: { amount: 2_000_000, currency: 'AZN' },
      lots: [{ ref: 'A', title: { en: 'Works' }, value: { amount: 2_000_000, currency: 'AZN' } }],
      enquiryPeriod: { startDate: new Date(now - 60_000).toISOString(), endDate: new Date(now + 3600_000).toISOString() },
      tenderPeriod: { startDate: new Date(now - 60_000).toISOString(), endDate: new Date(now + 86400_000).toISOString() },
      openingDate: new Date(now + 86400_000).toISOString(),
      amendmentWindowDays: 0,
      committee: { memberUserIds: members.map((m) => m.user.id), k: 2 },
    },
    { 'idempotency-key': `follow-test-${now}-${Math.random()}` },
  );
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.id as string;
  const opening = await generateX25519KeyPair();
  const shares = await splitKey(opening.privateKey, 2, 2);
  const key = await call(members[0], 'PUT', `/api/v1/tenders/${id}/opening-key`, {
    openingPublicKey: opening.publicKey,
    k: 2,
    n: 2,
    shares: await Promise.all(
      members.map(async (m, i) => ({
        memberUserId: m.user.id,
        encryptedShare: await encryptShare(keys[i].publicKey, shares[i], { tenderId: id, memberUserId: m.user.id }),
        shareSha256: await shareSha256(shares[i]),
      })),
    ),
  });
  expect(key.status, JSON.stringify(key.json)).toBe(200);
  const pub = await call(S.operator!, 'POST', `/api/v1/tenders/${id}/publish`);
  expect(pub.status, JSON.stringify(pub.json)).toBe(200);
  return id;
}

describe.sequential('following tenders', () => {
  it('a visitor (az) filters the tenders list; the address and the feed link carry the filters; the feed holds the matching tender only', async () => {
    const f = S.filter!;
    const w = await watchedPage(browser, { lang: 'az' });
    watched.push(w);
    const { page } = w;
    await page.goto(`${BASE}/tenders`);
    await settle(page);
    const before = await page.locator('[data-testid="tender-list"] tbody tr').count();
    expect(before).toBeGreaterThan(1);
    await page.locator('select[name="sector"]').selectOption(f.sector);
    await page.locator('select[name="district"]').selectOption(f.district);
    await page.locator('select[name="eligibility"]').selectOption(f.eligibility);
    await page.waitForURL((u) => u.searchParams.get('eligibility') === f.eligibility);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual(f);
    await expect.poll(() => page.locator('[data-testid="tender-list"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tender-id')))).toEqual([S.only]);
    // The address is the page: opened afresh, it shows the same filtered list with its controls set.
    await page.goto(url.toString());
    await settle(page);
    expect(await page.locator('select[name="district"]').inputValue()).toBe(f.district);
    expect(await page.locator('[data-testid="tender-list"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tender-id')))).toEqual([S.only]);
    await checkPage(page, 'follow-tenders-filtered-az');

    const href = await page.locator('a.feed-link').getAttribute('href');
    const feed = new URL(href!, BASE);
    expect(feed.pathname).toBe('/api/v1/feeds/tenders.atom');
    expect(Object.fromEntries(feed.searchParams)).toEqual({ ...f, lang: 'az' });
    S.feedUrl = feed.toString();
    const r = await fetch(S.feedUrl);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(atomTenderIds(await r.text())).toEqual([S.only]);
    expect(w.errors).toEqual([]);
  });

  it('a signed-in company (ko) subscribes to the same filters; the subscribe form passes axe', async () => {
    const w = await watchedPage(browser, { lang: 'ko' });
    watched.push(w);
    const { page } = w;
    await signInThroughForm(page, COMPANY);
    await page.goto(`${BASE}/tenders?${new URLSearchParams(S.filter!)}`);
    await settle(page);
    await checkPage(page, 'follow-subscribe-form-ko');
    await page.locator('button.feed-subscribe').click();
    await page.locator('.feed-link-done').waitFor();
    expect(await page.locator('.feed-link-done').textContent()).toBe('구독되었습니다: 이메일로 알려 드립니다');
    const mine = await page.evaluate(() => fetch('/api/v1/subscriptions').then((r) => r.json()));
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ kind: 'tenders', filter: S.filter, language: 'ko', email: COMPANY });
    expect(w.errors).toEqual([]);
  });

  it('a matching tender is published: the SMTP server on loopback receives one mail, in Korean; its link unsubscribes in one click', async () => {
    const other = await publishTender({ en: `Follow test: unrelated works ${Date.now()}` }, []);
    const project = ((await call(null, 'GET', `/api/v1/tenders/${S.only}`)).json as { projectIds: string[] }).projectIds[0];
    const stamp = Date.now();
    const title = { en: `Follow test: matching works ${stamp}`, ko: `구독 테스트: 해당 공사 ${stamp}` };
    const matching = await publishTender(title, [project]);
    // The server drains its outbox every second, oldest first: once the matching mail is in, any mail of the other tender would be too.
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes(COMPANY)).length, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0);
    const mails = smtp.mails.filter((m) => m.to.includes(COMPANY)).map((m) => readMail(m.raw));
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail.header('Subject')).toBe(`새 입찰: ${title.ko}`);
    expect(mail.body).toContain(`${BASE}/tenders/${matching}`);
    expect(mail.body).not.toContain(other);
    expect(mail.body).toContain('구독 해지(한 번 클릭)');
    const link = mail.body.match(/http:\/\/127\.0\.0\.1:\d+\/api\/v1\/subscriptions\/unsubscribe\?token=[A-Za-z0-9_-]+/)?.[0];
    expect(link, mail.body).toBeTruthy();
    expect(mail.header('List-Unsubscribe')).toBe(`<${link}>`);
    expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // The feed behind the visitor's link now holds both matching tenders, and still not the other one.
    expect(atomTenderIds(await (await fetch(S.feedUrl!)).text()).sort()).toEqual([S.only, matching].sort());

    // One click, by whoever holds the mail: a browser that is not signed in.
    const anon = await watchedPage(browser, { lang: 'ko' });
    watched.push(anon);
    const res = await anon.page.goto(link!);
    expect(res?.status()).toBe(200);
    expect(await res!.json()).toEqual({ removed: true });
    const company = await signInApi(COMPANY);
    expect((await call(company, 'GET', '/api/v1/subscriptions')).json.items).toEqual([]);
    expect(anon.errors).toEqual([]);
  });
});
