/**
 * `npm run bench -- portal`: the public portal measured in Chromium against the
 * real server (fresh embedded database with demo data, or BERPA_URL):
 * - home page JS, gzipped, without the map library chunk (target < 250 KB);
 * - time to content (headline figures visible) and to an interactive map;
 * - pan smoothness with 100,000 synthetic projects on the map (frame times).
 * Figures from headless Chromium with software WebGL on a shared machine:
 * slower than a real browser with a GPU, so they are upper bounds.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { closeBrowser, launch } from '../test/browser/harness.ts';
// @ts-expect-error plain .mjs module without types
import { buildWebIfNeeded, startServer } from '../test/browser/run.mjs';
import { ENDPOINTS } from '../web/src/app/endpoints.ts';

const DIST = path.resolve('web/dist');

/** Gzipped size of the JS a first visit to / downloads before the map is asked for. */
function homeJsGzipped() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const sizes: Record<string, number> = {};
  for (const f of entry) sizes[f] = zlib.gzipSync(fs.readFileSync(path.join(DIST, f))).length;
  const all = fs.readdirSync(path.join(DIST, 'assets'));
  const maplibre = all.filter((f) => f.startsWith('maplibre-gl') && f.endsWith('.js')).map((f) => zlib.gzipSync(fs.readFileSync(path.join(DIST, 'assets', f))).length);
  return { entryFiles: sizes, entryKB: Object.values(sizes).reduce((a, b) => a + b, 0) / 1024, maplibreChunkKB: maplibre.reduce((a, b) => a + b, 0) / 1024 };
}

function syntheticProjects(n: number) {
  const sectors = ['transport', 'socialHousing', 'education', 'health', 'energy', 'waterAndWaste', 'governance', 'economy'];
  const statuses = ['identification', 'preparation', 'implementation', 'completion'];
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const features = [];
  for (let i = 0; i < n; i++) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [45.4 + rnd() * 2.4, 38.9 + rnd() * 1.6] },
      properties: {
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        title: `Synthetic project ${i}`,
        sector: [sectors[i % sectors.length]],
        status: statuses[i % statuses.length],
      },
    });
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Pan back and forth without animation for 4 s, one step per frame; returns frame intervals (ms). */
const PAN_SCRIPT = `(async () => {
  const map = window.__berpaMap;
  map.jumpTo({ center: [46.6, 39.7], zoom: 8 });
  await new Promise((r) => map.once('idle', r));
  const times = [];
  let last = performance.now();
  const end = last + 4000;
  await new Promise((resolve) => {
    let dir = 1;
    function step(now) {
      times.push(now - last);
      last = now;
      map.panBy([6 * dir, 3 * dir], { animate: false });
      if (times.length % 60 === 0) dir = -dir;
      if (now < end && times.length < 2000) requestAnimationFrame(step);
      else resolve();
    }
    requestAnimationFrame(step);
  });
  return times.slice(1);
})()`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

type Browser = Awaited<ReturnType<typeof launch>>;

/**
 * The project page's time to its title (read from the API first, so the
 * wait is for the real content, not a loading text), and the API requests
 * each public page sends on a cold visit: a page that asks once per country
 * or per item shows here as a count that grows with the data.
 */
async function pageVisits(browser: Browser, base: string) {
  const get = async (u: string) => (await fetch(`${base}${u}`)).json();
  const project = (await get('/api/v1/projects?limit=1')).items?.[0];
  const tender = (await get('/api/v1/tenders?limit=1')).items?.[0];
  const countries = ((await get('/api/v1/countries')).items ?? []) as { code: string; partner: boolean }[];
  const country = countries.find((c) => c.code === 'KR') ?? countries.find((c) => c.partner);
  const visit = async (path: string, ready: (page: import('playwright-core').Page) => Promise<unknown>) => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const page = await ctx.newPage();
    const api = new Set<string>();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) api.add(u.pathname + u.search);
    });
    await page.goto(`${base}${path}`);
    await ready(page);
    const ms = (await page.evaluate('performance.now()')) as number;
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
    await ctx.close();
    return { ms: Math.round(ms), requests: api.size };
  };
  const h1 = (text: string) => (page: import('playwright-core').Page) =>
    page.waitForFunction((t) => [...document.querySelectorAll('h1')].some((h) => h.textContent?.includes(t)), text, { timeout: 60_000, polling: 'raf' });
  const title = (x: { title?: Record<string, string> } | undefined) => x?.title?.en ?? Object.values(x?.title ?? {})[0] ?? '';
  const requests: Record<string, number> = {};
  requests.home = (await visit('/', (p) => p.waitForSelector('[data-testid="headline-stats"]', { timeout: 60_000 }))).requests;
  let projectPage = { contentMs: -1, requests: 0 };
  if (project) {
    const v = await visit(`/projects/${project.id}`, h1(title(project)));
    projectPage = { contentMs: v.ms, requests: v.requests };
    requests.project = v.requests;
  }
  if (tender) requests.tender = (await visit(`/tenders/${tender.id}`, h1(title(tender)))).requests;
  if (country) requests.country = (await visit(`/countries/${country.code}`, (p) => p.waitForSelector('h1', { timeout: 60_000 }))).requests;
  return { project: projectPage, requests };
}

export default async function portal(args: string[]) {
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
  buildWebIfNeeded();
  const js = homeJsGzipped();
  let server: { url: string; stop(): Promise<void> } | null = null;
  const base = process.env.BERPA_URL ?? ((server = await startServer()), server!.url);
  const browser = await launch();
  try {
    // 1. A cold first visit: time to the headline figures and to an interactive map.
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    await ctx.addInitScript(() => {
      const marks: Record<string, number> = {};
      (window as unknown as { __marks: Record<string, number> }).__marks = marks;
      new MutationObserver(() => {
        if (!marks.content && document.querySelector('[data-testid="headline-stats"]')) marks.content = performance.now();
        if (!marks.map && document.querySelector('[data-map-ready]')) marks.map = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-map-ready'] });
    });
    const page = await ctx.newPage();
    const jsBytes: Record<string, number> = {};
    page.on('response', async (r) => {
      if (r.url().endsWith('.js') || r.url().endsWith('.mjs')) jsBytes[new URL(r.url()).pathname] = Number(r.headers()['content-length'] ?? 0);
    });
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-map-ready]', { timeout: 120_000 });
    const marks = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);
    await ctx.close();

    // 2. Pan smoothness with n projects on the map page (the projects layer is replaced by synthetic points).
    const body = syntheticProjects(n);
    const ctx2 = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const page2 = await ctx2.newPage();
    page2.on('pageerror', (e) => console.error('pageerror', e.message));
    page2.on('console', (m) => m.type() === 'error' && console.error('console', m.text()));
    await page2.route(`**${ENDPOINTS.projectsGeo}*`, (route) => route.fulfill({ status: 200, contentType: 'application/geo+json', body }));
    const t0 = Date.now();
    await page2.goto(`${base}/map`);
    await page2.waitForSelector('[data-map-ready]', { timeout: 180_000 });
    const mapWithNms = Date.now() - t0;
    const shown = (await page2.evaluate("window.__berpaMap.querySourceFeatures('projects').length")) as number;
    // A string, not a function: tsx would add helpers the page does not have.
    const frames = (await page2.evaluate(PAN_SCRIPT)) as number[];
    await ctx2.close();

    // 3. The same pan with no projects: what the software renderer alone costs on this machine.
    const ctx3 = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const page3 = await ctx3.newPage();
    await page3.route(`**${ENDPOINTS.projectsGeo}*`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/geo+json', body: '{"type":"FeatureCollection","features":[]}' }),
    );
    await page3.goto(`${base}/map`);
    await page3.waitForSelector('[data-map-ready]', { timeout: 180_000 });
    const baseFrames = (await page3.evaluate(PAN_SCRIPT)) as number[];
    await ctx3.close();
    // 4. A cold visit to one project page (target: content within 1.5 s), and how many API requests each public page sends.
    const pages = await pageVisits(browser, base);
    const result = {
      projectPage: pages.project,
      apiRequestsPerPage: pages.requests,
      homeJsGzippedKB: Number(js.entryKB.toFixed(1)),
      homeJsEntryFiles: js.entryFiles,
      mapLibraryChunkGzippedKB: Number(js.maplibreChunkKB.toFixed(1)),
      jsFetchedOnHome: jsBytes,
      timeToContentMs: Math.round(marks.content ?? -1),
      timeToInteractiveMapMs: Math.round(marks.map ?? -1),
      projects: n,
      mapReadyWithProjectsMs: mapWithNms,
      renderedProjectFeatures: shown,
      pan: {
        frames: frames.length,
        fps: Number((1000 / (frames.reduce((a, b) => a + b, 0) / Math.max(frames.length, 1))).toFixed(1)),
        p50FrameMs: Number(pct(frames, 50).toFixed(1)),
        p95FrameMs: Number(pct(frames, 95).toFixed(1)),
        longFramesOver50ms: frames.filter((f) => f > 50).length,
      },
      panWithoutProjects: {
        frames: baseFrames.length,
        fps: Number((1000 / (baseFrames.reduce((a, b) => a + b, 0) / Math.max(baseFrames.length, 1))).toFixed(1)),
        p50FrameMs: Number(pct(baseFrames, 50).toFixed(1)),
        p95FrameMs: Number(pct(baseFrames, 95).toFixed(1)),
      },
      targets: { homeJsGzippedKB: 250, timeToContentMs: 1500, timeToInteractiveMapMs: 3000, projectPageContentMs: 1500 },
      note: 'headless Chromium, software WebGL (SwiftShader), shared 2-core machine',
    };
    console.log(JSON.stringify({ bench: 'portal', ...result }, null, 2));
  } finally {
    await closeBrowser(browser);
    await server?.stop();
  }
}
