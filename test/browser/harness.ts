import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/** Shared setup of the browser tests: Debian's Chromium, a fresh profile, error collection, axe, screenshots. */
export const BASE = process.env.BERPA_URL ?? 'http://127.0.0.1:3000';
export const LANGS = ['az', 'en', 'ko', 'ru'] as const;
export const SHOTS = path.resolve('test-artifacts/screenshots');
export const DEMO_PASSWORD = 'berpa-demo-2026';

/**
 * Playwright refuses an explicit --user-data-dir on launch(); it starts
 * Chromium with a fresh temporary profile of its own and deletes it on close.
 */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // WebGL for the map through the software rasteriser.
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

export async function closeBrowser(b: Browser | undefined) {
  await b?.close();
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

/**
 * A page that records console errors, uncaught exceptions and server errors.
 * A 404 from an /api/ endpoint is not an error: pages probe for data sets
 * other modules may not serve yet and show an empty state.
 */
export async function watchedPage(browser: Browser, opts: BrowserContextOptions & { lang?: string } = {}): Promise<Watched> {
  const { lang, ...ctxOpts } = opts;
  // Pages run under the policy they are served with (axe is evaluated through the DevTools protocol, below).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', ...ctxOpts });
  if (lang) await context.addInitScript((l) => localStorage.setItem('berpa.lang', l), lang);
  // A CSP refusal is an error in every browser test: the page must work under the policy it is served with.
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`)),
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location().url ?? '';
    if (/Failed to load resource: the server responded with a status of (404|405)/.test(m.text()) && new URL(loc, BASE).pathname.startsWith('/api/')) return;
    errors.push(`console: ${m.text()} @ ${loc}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return { page, context, errors };
}

/** axe-core, injected from node_modules; returns serious and critical violations. */
export async function axe(page: Page) {
  const source = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the page's CSP refuses inline script tags, as it should.
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    const r = await (
      window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  // Hangul subsets (per weight) arrive on demand; text shaped before its subset came keeps boxes until re-shaped.
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (let i = 0; i < 3; i++) {
      await document.fonts.ready;
      document.body.style.letterSpacing = i % 2 ? '' : '0.0001px';
      await frame();
    }
    document.body.style.letterSpacing = '';
    await frame();
  });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Visible text that looks like an untranslated message key ("home.released"). */
export async function untranslatedKeys(page: Page, opts: { skip?: string } = {}): Promise<string[]> {
  // `skip`: elements that show identifiers as data (the audit log's action codes in <code>), not interface text.
  const text = await page.evaluate((skip) => {
    if (!skip) return document.body.innerText;
    const hidden = [...document.querySelectorAll<HTMLElement>(skip)].map((e) => [e, e.style.display] as const);
    for (const [e] of hidden) e.style.display = 'none';
    const t = document.body.innerText;
    for (const [e, d] of hidden) e.style.display = d;
    return t;
  }, opts.skip ?? null);
  const prefixes =
    'app|nav|lang|common|home|map|land|landfix|landrec|eng|engedit|project|tender|tenders|district|partner|org|search|openData|auth|role|footer|sector|status|tenderStatus|guard|form|reg|admin|audit|work|qa|po|to|contract|flag|money|report';
  return [...text.matchAll(new RegExp(`\\b(?:${prefixes})\\.[a-z][A-Za-z_.]+\\b`, 'g'))].map((m) => m[0]);
}

export async function api<T>(p: string): Promise<T | null> {
  const r = await fetch(`${BASE}${p}`);
  if (!r.ok) return null;
  return (await r.json()) as T;
}

export function itemsOf(x: unknown): Record<string, unknown>[] {
  if (Array.isArray(x)) return x;
  const o = (x ?? {}) as Record<string, unknown>;
  for (const k of ['items', 'data', 'features']) if (Array.isArray(o[k])) return o[k] as Record<string, unknown>[];
  return [];
}

/** Wait for the SPA to finish its first loads: no "Loading…" status left. */
export async function settle(page: Page) {
  await page.waitForSelector('#main', { timeout: 30_000 });
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
  await page.waitForFunction(() => !document.querySelector('main [role="status"]:not(.map-status)'), null, { timeout: 20_000 }).catch(() => {});
  // Webfont subsets (Hangul) load on demand: wait so screenshots show text, not boxes.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/**
 * axe (no serious or critical finding), no untranslated key, a full-page screenshot taken from the top.
 * `hangul`: first load every Hangul subset the page's text needs in both weights (the map's loading can
 * delay them past fonts.ready, and a first load can leave a bold subset pending), waiting at most 15 s.
 */
export async function checkPage(page: Page, name: string, opts: { skip?: string; hangul?: boolean } = {}) {
  await settle(page);
  const violations = await axe(page);
  const keys = await untranslatedKeys(page, opts);
  if (violations.length || keys.length) throw new Error(`${name}: axe ${JSON.stringify(violations)}; untranslated ${JSON.stringify(keys)}`);
  // A full-page shot taken scrolled down paints the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  if (opts.hangul) {
    await page.evaluate(async () => {
      const text = document.body.innerText;
      await Promise.all(['400', '700'].map((w) => document.fonts.load(`${w} 16px "Nanum Gothic"`, text)));
    });
    await page.waitForFunction(() => ['400', '700'].every((w) => document.fonts.check(`${w} 16px "Nanum Gothic"`, document.body.innerText)), null, { timeout: 15_000 });
  }
  await screenshot(page, name);
}

/** A page signed in as `email` by cookie (`null`: a visitor), kept in `open` for the file's afterAll to close. */
export async function signedInPage(
  browser: Browser,
  email: string | null,
  { password, ...opts }: BrowserContextOptions & { lang?: string; password?: string },
  open: Watched[],
): Promise<Watched> {
  const w = await watchedPage(browser, opts);
  open.push(w);
  if (email) await signInContext(w.context, email, password);
  return w;
}

/** Sign a browser context in with a session cookie, as the sign-in form does. */
export async function signInContext(context: BrowserContext, email: string, password = DEMO_PASSWORD) {
  const r = await withinSignInLimit(() => context.request.post(`${BASE}/api/v1/auth/sign-in`, { data: { email, password, mode: 'cookie' } }), {
    status: (x) => x.status(),
    retryAfter: (x) => x.headers()['retry-after'],
  });
  if (r.status() !== 200) throw new Error(`sign in ${email}: ${r.status()}`);
}

/**
 * The server allows 30 sign-ins a minute from one address (BERPA_RATE_LIMIT_SIGN_IN) and the whole suite signs in
 * from 127.0.0.1, one file after another: a 429 is waited out as its Retry-After says, as a well-behaved client
 * would, at most twice — the limit itself stays as the product sets it.
 */
async function withinSignInLimit<R>(send: () => Promise<R>, read: { status: (r: R) => number; retryAfter: (r: R) => string | null | undefined }): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const r = await send();
    if (read.status(r) !== 429 || attempt >= 2) return r;
    const seconds = Math.min(61, Math.max(1, Number(read.retryAfter(r)) || 5));
    await new Promise((done) => setTimeout(done, seconds * 1000));
  }
}

/** A `datetime-local` value `ms` from now, in the browser's (and this process's) zone. */
export function localInput(ms: number) {
  const d = new Date(Date.now() + ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Click at a longitude/latitude on the project form's site map. */
export async function clickMap(page: Page, lon: number, lat: number) {
  // Mouse clicks land only inside the viewport, and not under the sticky header.
  const at = await page.evaluate(
    ([x, y]) => {
      const m = window.__berpaSiteMap!;
      const box = m.getContainer();
      box.scrollIntoView({ block: 'center' });
      const p = m.project([x, y]);
      const r = box.getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    },
    [lon, lat] as const,
  );
  await page.mouse.click(at.x, at.y);
  await page.waitForTimeout(150);
}

/** Sign in through the sign-in form, as a person would; the form sends the user to "My work". */
export async function signInThroughForm(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${BASE}/sign-in`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(`${BASE}/work`);
}

export interface ApiSession {
  token: string;
  user: { id: string; organisationId: string | null };
}

/** Sign in through the API with a bearer token (a demo account), for what a test does beside the pages. */
export async function signInApi(email: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const r = await withinSignInLimit(
    () =>
      fetch(`${BASE}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password, mode: 'token' }),
      }),
    { status: (x) => x.status, retryAfter: (x) => x.headers.get('retry-after') },
  );
  if (!r.ok) throw new Error(`sign-in ${email}: ${r.status} ${await r.text()}`);
  return (await r.json()) as ApiSession;
}

/** One API call as `s` (or anonymous): the status and the body, parsed when it is JSON. */
export async function apiCall(s: ApiSession | null, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...headers };
  if (s) h.authorization = `Bearer ${s.token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const r = await fetch(`${BASE}${p}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, json };
}

/** An API call as `email` by bearer token (no cookie, so no CSRF token): for a test's own setup and checks beside the pages. */
const sessions = new Map<string, ApiSession>();

/**
 * One API call as a demo account. The account's bearer session is made once per test file and reused (a poll
 * would otherwise sign in on every turn and meet the sign-in limit); a 401 — the session ended — signs in again once.
 */
export async function apiAs<T = any>(email: string, p: string, init: { method?: string; body?: unknown; password?: string } = {}): Promise<{ status: number; json: T }> {
  const key = `${email}\n${init.password ?? DEMO_PASSWORD}`;
  for (let attempt = 0; ; attempt++) {
    let s = sessions.get(key);
    if (!s) sessions.set(key, (s = await signInApi(email, init.password)));
    const r = await apiCall(s, init.method ?? 'GET', p, init.body);
    if (r.status !== 401 || attempt > 0) return r;
    sessions.delete(key);
  }
}
