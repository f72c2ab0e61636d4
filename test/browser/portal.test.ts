import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, closeBrowser, itemsOf, LANGS, launch, screenshot, settle, signInApi, signInContext, untranslatedKeys } from './harness.ts';

/**
 * The public portal as a visitor sees it, in each language: every public page
 * must show no untranslated code (the codes module records each code shown
 * without a label in window.__berpaMissingCodes), no raw district or funding
 * codes, no console error at all (a 404 the page expected is not made), no
 * draft tender, and no request leaving the machine. Screenshots of home, map,
 * project, tender, country and district go to test-artifacts/screenshots/portal-*.
 */
let browser: Browser;
const pages: [string, string][] = [];
const SHOT = new Set(['home', 'map', 'project', 'tender', 'country', 'district']);
let draftNeedles: string[] = [];

const tokenFor = async (email: string) => (await signInApi(email)).token;
const get = async (p: string, token?: string) => (await fetch(`${BASE}${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })).json();

beforeAll(async () => {
  browser = await launch();
  // What a draft looks like, as an operator sees it: none of it may reach a public page.
  const op = await tokenFor('operator@demo.berpa.test');
  const drafts = itemsOf(await get('/api/v1/tenders?status=draft&limit=50', op)) as { id: string; ocid: string; title: Record<string, string> }[];
  draftNeedles = drafts.flatMap((d) => [d.id, d.ocid, ...Object.values(d.title).filter((x) => x.length > 8)]);
  const tenders = itemsOf(await get('/api/v1/tenders?limit=100')) as { id: string; status: string }[];
  const complete = tenders.find((t) => ['complete', 'awarded'].includes(t.status)) ?? tenders[0];
  const active = tenders.find((t) => t.status === 'active');
  const projects = itemsOf(await get('/api/v1/projects?limit=50')) as { id: string; code: string }[];
  const org = itemsOf(await get('/api/v1/organisations?limit=1'))[0] as { id: string } | undefined;
  const district = (itemsOf(await get('/api/v1/areas?level=district')) as { code: string }[]).find((a) => a.code === 'AZ-SUS') ?? { code: 'AZ-SUS' };
  pages.push(
    ['home', '/'],
    ['map', '/map'],
    ['search', '/search'],
    ['tenders', '/tenders'],
    ['organisations', '/organisations'],
    ['open-data', '/open-data'],
    ['report', '/report'],
  );
  pages.push(['district', `/districts/${district.code}`], ['country', '/countries/KR']);
  // The project with most tenders linked shows the most (and is where a draft once leaked).
  pages.push(['project', `/projects/${projects[1]?.id ?? projects[0].id}`]);
  for (const p of projects) pages.push([`project-${p.code}`, `/projects/${p.id}`]);
  if (complete) pages.push(['tender', `/tenders/${complete.id}`]);
  if (active) pages.push(['tender-active', `/tenders/${active.id}`]);
  if (org) pages.push(['organisation', `/organisations/${org.id}`]);
}, 120_000);
afterAll(async () => closeBrowser(browser));

/** Visible words that are codes, not language. */
const RAW = [
  /\bAZ-[A-Z]{3}\b/,
  /\b(?:partner_country|government|hospitalBeds|roadKm|powerMW|siteKm2|waterKm|tenderer|procuringEntity|mineActionOperator)\b/,
  /\b(?:socialHousing|waterAndWaste|cultureSportsAndRecreation|naturalResources)\b/,
];

async function visit(page: Page, path: string) {
  await page.goto(`${BASE}${path}`);
  await settle(page);
  if (path === '/' || path === '/map') await page.waitForSelector('[data-map-ready]', { timeout: 45_000 }).catch(() => {});
}

describe.each(LANGS)('public portal in %s', (lang) => {
  it('every public page: codes translated, no console error, no draft, nothing off the machine', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    await context.addInitScript((l) => localStorage.setItem('berpa.lang', l), lang);
    const page = await context.newPage();
    const problems: string[] = [];
    let where = '';
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${where}: console ${m.text()} @ ${m.location().url ?? ''}`);
    });
    page.on('pageerror', (e) => problems.push(`${where}: pageerror ${e.message}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (!['data:', 'blob:'].includes(u.protocol) && !['127.0.0.1', 'localhost'].includes(u.hostname)) problems.push(`${where}: off-machine request ${r.url()}`);
    });
    for (const [name, path] of pages) {
      where = name;
      await visit(page, path);
      const missing = await page.evaluate(() => (window as unknown as { __berpaMissingCodes?: string[] }).__berpaMissingCodes ?? []);
      if (missing.length) problems.push(`${name}: codes without a label: ${missing.join(', ')}`);
      const keys = await untranslatedKeys(page);
      if (keys.length) problems.push(`${name}: untranslated ${keys.join(', ')}`);
      const text = await page.evaluate(() => document.body.innerText);
      for (const re of RAW) {
        const m = text.match(re);
        if (m) problems.push(`${name}: raw code "${m[0]}"`);
      }
      const html = await page.content();
      for (const needle of draftNeedles) if (html.includes(needle)) problems.push(`${name}: draft reference ${needle.slice(0, 40)}`);
      if (SHOT.has(name)) await screenshot(page, `portal-${name}-${lang}`);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 600_000);
});

describe('Azerbaijani without the browser’s az data', () => {
  it('dates have month names and numbers az grouping on the home and tender pages', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('berpa.lang', 'az'));
    const page = await context.newPage();
    await visit(page, '/');
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/\b20\d\d M\d{1,2}\b/);
    expect(text).toMatch(/\b\d{1,2} (?:yan|fev|mar|apr|may|iyn|iyl|avq|sen|okt|noy|dek) 20\d\d\b/);
    expect(text).not.toMatch(/\b\d{1,3},\d{3},\d{3}\b/);
    await context.close();
  });
});

describe('header at 1366 px', () => {
  it.each(LANGS)('fits in one row in %s, signed out and signed in as a company', async (lang) => {
    const rows: string[] = [];
    for (const signedIn of [false, true]) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      await context.addInitScript((l) => localStorage.setItem('berpa.lang', l), lang);
      if (signedIn) await signInContext(context, 'company@demo.berpa.test');
      const page = await context.newPage();
      await visit(page, '/tenders');
      // Every item of the header bar starts on the same line.
      const tops = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.top-inner > :not(.menu-btn)')]
          .filter((e) => e.offsetParent)
          .map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)),
      );
      if (Math.max(...tops) - Math.min(...tops) > 12) rows.push(`${signedIn ? 'signed in' : 'signed out'}: centres at ${tops.join(', ')}`);
      await screenshot(page, `portal-header-${lang}-${signedIn ? 'company' : 'anonymous'}`);
      await context.close();
    }
    expect(rows).toEqual([]);
  });
});
