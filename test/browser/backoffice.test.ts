import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, BASE, checkPage, closeBrowser, DEMO_PASSWORD, launch, screenshot, settle, signedInPage, type Watched } from './harness.ts';

/**
 * The back office, role by role, each page in two languages with axe and a
 * screenshot (az and ko): a Korean company registers and sees why it cannot
 * bid yet; the operator verifies it from the queue; the admin adds a user; the
 * auditor searches the log and verifies the chain; a visitor without the
 * permission is told why a page is closed.
 */
let browser: Browser;
const open: Watched[] = [];
const brn = String(crypto.randomInt(1_000_000_000, 9_999_999_999));
const companyName = `Hanbit Construction ${brn.slice(-4)}`;
const companyEmail = `hanbit-${brn}@example.test`;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const w of open) await w.context.close().catch(() => {});
  await closeBrowser(browser);
});

const pageAs = (email: string | null, lang: string) => signedInPage(browser, email, { lang }, open);

const check = (page: Page, name: string, skip?: string) => checkPage(page, name, { skip });

type Listed = Record<string, unknown> & { items?: Record<string, unknown>[] };
const apiJson = async (email: string, path: string) => (await apiAs<Listed>(email, path)).json;

describe('back office in the browser', () => {
  it('register (az): the empty form shows the schema’s errors in place, keyboard-reachable', async () => {
    const { page, errors } = await pageAs(null, 'az');
    await page.goto(`${BASE}/register`);
    await settle(page);
    await page.getByTestId('register-submit').click();
    await page.getByTestId('form-error').waitFor();
    // The first invalid field takes focus; every required one says so under it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-organisation-name');
    expect(await page.locator('.field-error').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#f-organisation-name').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'form-register-az');
    expect(errors).toEqual([]);
  });

  it('register (ko): a Korean company registers, once even on a double click, and sees that verification is pending and why', async () => {
    const { page, errors } = await pageAs(null, 'ko');
    await page.goto(`${BASE}/register`);
    await settle(page);
    await page.fill('#f-organisation-name', companyName);
    await page.selectOption('#f-organisation-country', 'KR');
    await page.fill('#f-organisation-identifier-scheme', 'KR-BRN');
    // A number of the wrong length: the per-country rule (the server's own) answers before anything is sent.
    await page.fill('#f-organisation-identifier-id', '12345');
    expect(await page.locator('[data-field="/organisation/identifier/id"]').textContent()).toContain('KR-BRN');
    await page.fill('#f-organisation-identifier-id', `${brn.slice(0, 3)}-${brn.slice(3, 5)}-${brn.slice(5)}`);
    await page.fill('#f-organisation-address-locality', '서울');
    await page.fill('#f-organisation-contactPoint-email', companyEmail);
    await page.fill('#f-user-name', '김하늘');
    await page.fill('#f-user-email', companyEmail);
    await page.fill('#f-user-password', 'correct-horse-battery-9');
    await check(page, 'form-register-ko');
    await page.getByTestId('register-submit').dblclick();
    await page.getByTestId('registration-pending').waitFor();
    expect(await page.getByTestId('why-no-bid').textContent()).toContain('입찰');
    await screenshot(page, 'register-pending-ko');
    const list = await apiJson('operator@demo.berpa.test', `/api/v1/organisations?status=unverified&limit=200`);
    expect((list.items ?? []).filter((o) => o.name === companyName)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('operator: the verification queue in az and ko; verify with a reason; "My work" after sign-in lists the queue', async () => {
    const signIn = await pageAs(null, 'en');
    await signIn.page.goto(`${BASE}/sign-in`);
    await signIn.page.getByLabel('Email').fill('operator@demo.berpa.test');
    await signIn.page.getByLabel('Password').fill(DEMO_PASSWORD);
    await signIn.page.getByRole('button', { name: 'Sign in' }).click();
    await signIn.page.waitForURL(`${BASE}/work`);
    await signIn.page
      .getByTestId('work-items')
      .getByRole('link', { name: /to verify/ })
      .waitFor();

    const az = await pageAs('operator@demo.berpa.test', 'az');
    await az.page.goto(`${BASE}/admin/organisations`);
    await az.page.getByTestId('queue-count').waitFor();
    await check(az.page, 'form-verify-az');

    const { page, errors } = await pageAs('operator@demo.berpa.test', 'ko');
    await page.goto(`${BASE}/admin/organisations`);
    const card = page.locator('.org-decision', { hasText: companyName });
    await card.waitFor();
    await check(page, 'form-verify-ko');
    // A reason is required (the schema's minLength): verify without one is refused in place.
    await card.getByTestId('verify').click();
    await card.locator('.field-error').waitFor();
    await card.locator('textarea').fill('사업자등록증 확인 완료');
    await card.getByTestId('verify').click();
    await page.getByTestId('decided').filter({ hasText: companyName }).waitFor();
    const org = (await apiJson('operator@demo.berpa.test', `/api/v1/organisations?limit=200`)).items?.find((o) => o.name === companyName);
    expect(org?.verificationStatus).toBe('verified');
    expect(errors).toEqual([]);
  });

  it('admin: users in az and ko; add a user with roles (idempotent create)', async () => {
    const az = await pageAs('admin@demo.berpa.test', 'az');
    await az.page.goto(`${BASE}/admin/users`);
    await az.page.getByTestId('user-row').first().waitFor();
    await check(az.page, 'form-users-az');

    const { page, errors } = await pageAs('admin@demo.berpa.test', 'ko');
    await page.goto(`${BASE}/admin/users`);
    await page.getByTestId('user-row').first().waitFor();
    await check(page, 'form-users-ko');
    const email = `auditor-${brn}@example.test`;
    const form = page.getByTestId('add-user');
    await form.locator('#f-email').fill(email);
    await form.locator('#f-name').fill('새 감사인');
    await form.locator('#f-password').fill('another-long-password-1');
    await form.getByLabel('감사인', { exact: true }).check();
    await form.getByRole('button', { name: '사용자 추가' }).dblclick();
    await page.getByTestId('user-row').filter({ hasText: email }).waitFor();
    const users = await apiJson('admin@demo.berpa.test', '/api/v1/users?limit=200');
    expect((users.items ?? []).filter((u) => u.email === email)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('auditor: the audit log in az and ko, search by action, before/after, chain position, verify the chain', async () => {
    const az = await pageAs('auditor@demo.berpa.test', 'az');
    await az.page.goto(`${BASE}/audit`);
    await az.page.getByTestId('audit-event').first().waitFor();
    await check(az.page, 'form-audit-az', 'td code');

    const { page, errors } = await pageAs('auditor@demo.berpa.test', 'ko');
    await page.goto(`${BASE}/audit?action=organisation.verify`);
    const row = page.getByTestId('audit-event').filter({ hasText: 'organisation.verify' }).first();
    await row.waitFor();
    expect(await row.locator('table.diff').count()).toBe(1);
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verified').waitFor({ timeout: 60_000 });
    await check(page, 'form-audit-ko', 'td code');
    expect(errors).toEqual([]);
  });

  it('a page the user may not use explains why; navigation offers only what the permissions allow', async () => {
    const { page } = await pageAs('observer@demo.berpa.test', 'en');
    await page.goto(`${BASE}/audit`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('forbidden').textContent()).toContain('audit.read');
    expect(await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    const anon = await pageAs(null, 'en');
    await anon.page.goto(`${BASE}/admin/users`);
    await anon.page.getByTestId('forbidden').waitFor();
    expect(await anon.page.getByRole('main').getByRole('link', { name: 'Sign in' }).count()).toBe(1);
  });
});

describe('partner pledges in the browser', () => {
  it('operator: /pledges/new in az and ko; the schema refuses an empty form in place; a pledge is recorded once on a double click', async () => {
    const az = await pageAs('operator@demo.berpa.test', 'az');
    await az.page.goto(`${BASE}/pledges/new`);
    await az.page.getByTestId('pledge-form').waitFor();
    await az.page.getByTestId('pledge-form').getByRole('button').click();
    await az.page.getByTestId('form-error').waitFor();
    expect(await az.page.locator('#f-country').getAttribute('aria-invalid')).toBe('true');
    await check(az.page, 'form-pledge-az');

    const { page, errors } = await pageAs('operator@demo.berpa.test', 'ko');
    await page.goto(`${BASE}/pledges/new`);
    await page.getByTestId('pledge-form').waitFor();
    const pledger = `KOICA ${brn}`;
    await page.selectOption('#f-country', 'KR');
    await page.fill('#f-pledger', pledger);
    await page.fill('#f-description', '학교 재건 지원');
    await page.fill('#f-amount', '2500000');
    await page.fill('#f-currency', 'USD');
    await check(page, 'form-pledge-ko');
    await page.getByTestId('pledge-form').getByRole('button').dblclick();
    await page.getByRole('heading', { name: '공약이 등록되었습니다' }).waitFor();
    const list = await apiJson('operator@demo.berpa.test', '/api/v1/pledges?country=KR&limit=200');
    expect((list.items ?? []).filter((p) => p.pledger === pledger)).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
