import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, closeBrowser, DEMO_PASSWORD, launch, settle, watchedPage } from './harness.ts';

// The CI smoke test: sign in through the web shell, see the role, sign out; the language switch.
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => closeBrowser(browser));

describe('web shell', () => {
  it('signs in with a cookie session, shows the role and role-specific navigation, signs out', async () => {
    const { page, errors, context } = await watchedPage(browser, { lang: 'en' });
    await page.goto(`${BASE}/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill('operator@demo.berpa.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${BASE}/work`);
    await expect.poll(() => page.getByTestId('role').textContent()).toBe('Operator');
    expect(await page.getByTestId('account-role').textContent()).toBe('Operator');
    // Navigation follows the permissions /api/v1/me returns: operators verify companies.
    expect(await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Verify companies' }).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Users' }).count()).toBe(0);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'berpa_session');
    expect(session?.httpOnly).toBe(true);
    // Sign-out is a POST: it only succeeds with the CSRF token the shell keeps.
    const signOut = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-out'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect((await signOut).status()).toBe(204);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
    expect(me.user).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a wrong password with a message and stays signed out', async () => {
    const { page, context } = await watchedPage(browser, { lang: 'en' });
    await page.goto(`${BASE}/sign-in`);
    await page.getByLabel('Email').fill('operator@demo.berpa.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Sign-in failed');
    expect(await page.getByTestId('who').count()).toBe(0);
    await context.close();
  });

  it('an admin sees admin navigation, an observer sees none', async () => {
    for (const [email, hasUsers] of [
      ['admin@demo.berpa.test', true],
      ['observer@demo.berpa.test', false],
    ] as const) {
      const { page, context } = await watchedPage(browser, { lang: 'en' });
      await page.goto(`${BASE}/sign-in`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${BASE}/work`);
      await page.getByTestId('role').waitFor();
      expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(hasUsers ? 1 : 0);
      await context.close();
    }
  });

  it('first visit follows the browser language, falls back to English, remembers the choice, sets <html lang>', async () => {
    const ko = await watchedPage(browser, { locale: 'ko-KR' });
    await ko.page.goto(`${BASE}/`);
    await settle(ko.page);
    expect(await ko.page.getAttribute('html', 'lang')).toBe('ko');
    expect(await ko.page.getByRole('link', { name: '지도' }).count()).toBeGreaterThan(0);
    await ko.context.close();

    const fr = await watchedPage(browser, { locale: 'fr-FR' });
    await fr.page.goto(`${BASE}/`);
    expect(await fr.page.getAttribute('html', 'lang')).toBe('en');
    await fr.page.getByTestId('lang-switch').selectOption('az');
    expect(await fr.page.getAttribute('html', 'lang')).toBe('az');
    await fr.page.reload();
    await fr.page.getByRole('link', { name: 'Xəritə' }).first().waitFor();
    expect(await fr.page.getAttribute('html', 'lang')).toBe('az');
    await fr.context.close();
  });
});
