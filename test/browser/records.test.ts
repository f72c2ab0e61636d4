import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azDate } from '../../web/src/lib/az-format.ts';
import { apiAs, BASE, checkPage, closeBrowser, launch, settle, signedInPage, type Watched } from './harness.ts';

/**
 * Single records (issue 12): the operator edits an engagement from the
 * country page (only what changed is sent, the reason reaches the audit log, a
 * server refusal shows in place, a wrong record is withdrawn after a
 * confirmation); a company is told why the edit page is closed; a visitor reads
 * one hazardous area and one land release in az and ko; mine-action staff
 * follow "Correct" from the record, audit readers its history.
 */
const OPERATOR = 'operator@demo.berpa.test';
const MINE = 'mine-action@demo.berpa.test';
const COMPANY = 'company@demo.berpa.test';
const run = Date.now().toString(36).slice(-5).toUpperCase();
let browser: Browser;
const open: Watched[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const w of open) await w.context.close().catch(() => {});
  await closeBrowser(browser);
});

const pageAs = (email: string | null, lang: string) => signedInPage(browser, email, { lang }, open);
const check = (page: Page, name: string) => checkPage(page, name, { hangul: true });

/** The operator's API (bearer token), to set up this run's engagements and check what the pages wrote. */
const asOperator = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
  const r = await apiAs<T>(OPERATOR, path, init);
  return { status: r.status, body: r.json };
};

interface EngagementView {
  id: string;
  title: Record<string, string>;
  place: string | null;
  participants: { name: string }[];
  sources: { url: string | null }[];
}
const recordEngagement = async (title: string) => {
  const r = await asOperator<EngagementView>('/api/v1/engagements', {
    method: 'POST',
    body: {
      country: 'KR',
      kind: 'meeting',
      status: 'held',
      title: { az: title, en: `Working meeting ${run}` },
      startsOn: '2026-03-10',
      place: 'Bakı',
      participants: [{ name: 'Park Byeong-seug', country: 'KR' }],
      sources: [{ title: 'Azərtac', url: 'https://azertag.az/' }],
    },
  });
  expect(r.status).toBe(201);
  return r.body;
};

interface Release {
  id: string;
  reference: string;
  hazardAreaId: string | null;
  completedOn: string;
}
interface Hazard {
  id: string;
  reference: string;
  name: string;
  recordedOn: string;
  district: string | null;
  releases: { id: string }[];
}
/** A release linked to a hazardous area, and that area (the demo has such pairs). */
async function linkedPair(): Promise<{ release: Release; hazard: Hazard }> {
  const fc = (await (await fetch(`${BASE}/api/v1/land/releases/geojson`)).json()) as { features: { properties: { id: string; hazard_reference?: string } }[] };
  const f = fc.features.find((x) => x.properties.hazard_reference);
  expect(f, 'a demo release linked to a hazardous area').toBeTruthy();
  const release = (await (await fetch(`${BASE}/api/v1/land/releases/${f!.properties.id}`)).json()) as Release;
  const hazard = (await (await fetch(`${BASE}/api/v1/land/hazard-areas/${release.hazardAreaId}`)).json()) as Hazard;
  return { release, hazard };
}

describe('single records in the browser', () => {
  it('engagement edit (az): from the country page, prefilled, only the changes sent with the reason, the change shown on the country page', async () => {
    const title = `Yoxlama görüşü ${run}`;
    const made = await recordEngagement(title);
    const { page, errors } = await pageAs(OPERATOR, 'az');
    await page.goto(`${BASE}/countries/KR`);
    await settle(page);
    const edit = page.locator(`a[href="/engagements/${made.id}/edit"]`);
    expect(await edit.getAttribute('aria-label')).toContain(title);
    await edit.click();
    await page.waitForURL(`${BASE}/engagements/${made.id}/edit`);
    await page.getByTestId('engagement-form').waitFor();
    expect(await page.inputValue('#f-title-az')).toBe(title);
    expect(await page.inputValue('#f-place')).toBe('Bakı');
    expect(await page.inputValue('#f-participants-0-name')).toBe('Park Byeong-seug');
    expect(await page.locator('#f-country').isDisabled(), 'PATCH cannot move it to another country').toBe(true);
    await check(page, 'form-engagement-edit-az');

    // Saving an untouched form sends nothing and says so.
    const patches: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PATCH') patches.push(r.postDataJSON());
    });
    await page.getByTestId('engagement-submit').click();
    await page.getByTestId('engagement-unchanged').waitFor();
    expect(patches).toEqual([]);

    const changed = `Yoxlama görüşü (düzəliş) ${run}`;
    await page.fill('#f-title-az', changed);
    await page.fill('#f-place', 'Şuşa');
    // Unsaved changes: leaving by a link asks first.
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.locator('a[href="/countries/KR"]').first().click();
    expect(asked).not.toBe('');
    expect(new URL(page.url()).pathname).toBe(`/engagements/${made.id}/edit`);
    await page.fill('#f-reason', 'Yer və ad dəqiqləşdirildi');
    await page.getByTestId('engagement-submit').click();
    await page.waitForURL(`${BASE}/countries/KR`, { timeout: 20_000 });
    await page.getByText(changed).first().waitFor();
    expect(patches).toEqual([{ title: { az: changed, en: `Working meeting ${run}` }, place: 'Şuşa', reason: 'Yer və ad dəqiqləşdirildi' }]);

    const after = (await asOperator<EngagementView>(`/api/v1/engagements/${made.id}`)).body;
    expect(after.place).toBe('Şuşa');
    expect(
      after.participants.map((p) => p.name),
      'lists not sent stay as they were',
    ).toEqual(['Park Byeong-seug']);
    expect(after.sources[0].url).toBe('https://azertag.az/');
    const events = (await asOperator<{ items: { reason: string | null }[] }>(`/api/v1/audit/events?entityId=${made.id}&action=engagement.update`)).body;
    expect(events.items.map((e) => e.reason)).toContain('Yer və ad dəqiqləşdirildi');
    expect(errors).toEqual([]);
  });

  it('engagement edit (ko): a server refusal in place (held, dated in the future); a wrong record withdrawn after a confirmation with a reason', async () => {
    const title = `Səhv qeyd ${run}`;
    const made = await recordEngagement(title);
    const { page, errors } = await pageAs(OPERATOR, 'ko');
    await page.goto(`${BASE}/engagements/${made.id}/edit`);
    await page.getByTestId('engagement-form').waitFor();
    const future = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
    await page.fill('#f-startsOn', future);
    await page.getByTestId('engagement-submit').click();
    await page.locator('[data-field="/status"]').waitFor();
    await check(page, 'form-engagement-edit-ko');

    await page.getByTestId('engagement-withdraw-start').click();
    await page.getByTestId('engagement-withdraw-confirm').click();
    await page.locator('[data-field="/reason"]#f-withdraw-reason-err').waitFor();
    expect((await asOperator(`/api/v1/engagements/${made.id}`)).status, 'no reason, nothing withdrawn').toBe(200);
    await page.fill('#f-withdraw-reason', '같은 회의가 두 번 기록됨');
    await check(page, 'form-engagement-withdraw-ko');
    await page.getByTestId('engagement-withdraw-confirm').click();
    await page.waitForURL(`${BASE}/countries/KR`, { timeout: 20_000 });
    await settle(page);
    expect(await page.getByText(title).count()).toBe(0);
    expect((await asOperator(`/api/v1/engagements/${made.id}`)).status).toBe(404);
    const events = (await asOperator<{ items: { reason: string | null }[] }>(`/api/v1/audit/events?entityId=${made.id}&action=engagement.delete`)).body;
    expect(events.items.map((e) => e.reason)).toEqual(['같은 회의가 두 번 기록됨']);
    // The refusal is the one 422 the browser logs.
    expect(errors.filter((e) => !/status of 422 .*\/api\/v1\/engagements/.test(e))).toEqual([]);
  });

  it('a company is told why the edit page is closed, and the country page offers it no Edit link', async () => {
    const made = await recordEngagement(`Şirkət üçün bağlı ${run}`);
    const { page, errors } = await pageAs(COMPANY, 'az');
    await page.goto(`${BASE}/engagements/${made.id}/edit`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('engagement-form').count()).toBe(0);
    expect(await page.locator('h1').innerText()).not.toBe('');
    await check(page, 'form-engagement-edit-forbidden-az');
    await page.goto(`${BASE}/countries/KR`);
    await settle(page);
    await page.getByText(`Şirkət üçün bağlı ${run}`).first().waitFor();
    expect(await page.getByTestId('engagement-edit').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  for (const lang of ['az', 'ko'] as const) {
    it(`a visitor reads a hazardous area and a release linked to it (${lang}): translated attributes, dates, district, the link between them, the outline`, async () => {
      const { release, hazard } = await linkedPair();
      const { page, errors } = await pageAs(null, lang);
      await page.goto(`${BASE}/land/hazards/${hazard.id}`);
      await page.getByTestId('hazard-record').waitFor();
      await page.locator('[data-testid="preview-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
      const text = await page.getByTestId('hazard-record').innerText();
      expect(text).toContain(hazard.reference);
      if (lang === 'az') expect(text, 'the app formats Azerbaijani dates').toContain(azDate(new Date(hazard.recordedOn)));
      if (hazard.district) expect(await page.locator(`[data-testid="hazard-record"] a[href="/districts/${hazard.district}"]`).count()).toBe(1);
      expect(await page.locator(`a[href="/land/releases/${release.id}"]`).count(), 'the release over it is linked').toBe(1);
      expect(await page.getByTestId('record-correct').count(), 'a visitor corrects nothing').toBe(0);
      expect(await page.getByTestId('record-history').count()).toBe(0);
      await check(page, `record-hazard-${lang}`);

      await page.locator(`a[href="/land/releases/${release.id}"]`).click();
      await page.getByTestId('release-record').waitFor();
      await page.locator('[data-testid="preview-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
      const rtext = await page.getByTestId('release-record').innerText();
      expect(rtext).toContain(release.reference);
      if (lang === 'az') expect(rtext).toContain(azDate(new Date(release.completedOn)));
      const back = page.getByTestId('release-hazard');
      expect(await back.getAttribute('href')).toBe(`/land/hazards/${hazard.id}`);
      await page.waitForFunction((ref) => document.querySelector('[data-testid="release-hazard"]')?.textContent?.includes(ref), hazard.reference);
      await check(page, `record-release-${lang}`);
      expect(errors).toEqual([]);
    });
  }

  it('the district page lists its hazardous areas, linked to their records', async () => {
    const { hazard } = await linkedPair();
    expect(hazard.district).toBeTruthy();
    const { page, errors } = await pageAs(null, 'en');
    await page.goto(`${BASE}/districts/${hazard.district}`);
    await page.getByTestId('district-hazards').waitFor();
    const link = page.locator(`[data-testid="district-hazards"] a[href="/land/hazards/${hazard.id}"]`);
    if ((await link.count()) === 0) {
      // More than the first page in this district: any listed record stands for the link.
      await page.locator('[data-testid="district-hazards"] a[href^="/land/hazards/"]').first().click();
    } else await link.click();
    await page.getByTestId('hazard-record').waitFor();
    expect(errors).toEqual([]);
  });

  it('the map: a click on a hazardous area opens a popup that links to its record', async () => {
    const { hazard } = await linkedPair();
    const full = (await (await fetch(`${BASE}/api/v1/land/hazard-areas/${hazard.id}`)).json()) as { geometry: { coordinates: unknown } };
    const pts: number[][] = [];
    const walk = (c: unknown) => (Array.isArray(c) && typeof c[0] === 'number' ? pts.push(c as number[]) : Array.isArray(c) && c.forEach(walk));
    walk(full.geometry.coordinates);
    const centre = [pts.reduce((a, p) => a + p[0], 0) / pts.length, pts.reduce((a, p) => a + p[1], 0) / pts.length];
    const { page, errors } = await pageAs(null, 'az');
    await page.goto(`${BASE}/map`);
    await page.waitForFunction(() => (window.__berpaMap?.querySourceFeatures('land').length ?? 0) > 0, null, { timeout: 30_000 });
    await page.evaluate((c) => window.__berpaMap!.jumpTo({ center: c as [number, number], zoom: 12 }), centre);
    await page.waitForFunction(() => window.__berpaMap!.loaded(), null, { timeout: 30_000 });
    // A pixel of a land record with no project over it (a project's popup wins there).
    const at = await page.evaluate(() => {
      const m = window.__berpaMap!;
      const c = m.getCanvas();
      for (let y = 80; y < c.clientHeight - 40; y += 6)
        for (let x = 40; x < c.clientWidth - 80; x += 6) {
          const land = m.queryRenderedFeatures([x, y], { layers: ['land-fill'] });
          if (land[0]?.properties?._record && !m.queryRenderedFeatures([x, y], { layers: ['clusters', 'project-points'] }).length) {
            const r = c.getBoundingClientRect();
            return { x: r.left + x, y: r.top + y, kind: String(land[0].properties._record), id: String(land[0].properties.id) };
          }
        }
      return null;
    });
    expect(at, 'a land record drawn on the map').toBeTruthy();
    await page.mouse.click(at!.x, at!.y);
    const link = page.locator('.maplibregl-popup a[data-record-link]');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/land/${at!.kind}/${at!.id}`);
    await link.click();
    await page.waitForURL(`${BASE}/land/${at!.kind}/${at!.id}`);
    await page.getByTestId(at!.kind === 'hazards' ? 'hazard-record' : 'release-record').waitFor();
    expect(errors).toEqual([]);
  });

  it('mine-action staff follow "Correct" from the record pages; an operator follows the history to the audit log', async () => {
    const { release, hazard } = await linkedPair();
    const mine = await pageAs(MINE, 'az');
    await mine.page.goto(`${BASE}/land/hazards/${hazard.id}`);
    await mine.page.getByTestId('record-correct').click();
    await mine.page.waitForURL(`${BASE}/land/hazards/${hazard.id}/edit`);
    await mine.page.getByTestId('hazard-correction').waitFor();
    expect(await mine.page.inputValue('#f-name')).toBe(hazard.name);
    await mine.page.goto(`${BASE}/land/releases/${release.id}`);
    await mine.page.getByTestId('release-record').waitFor();
    expect(await mine.page.getByTestId('record-history').count(), 'mine-action staff do not read the audit log').toBe(0);
    await mine.page.getByTestId('record-correct').click();
    await mine.page.waitForURL(`${BASE}/land/releases/${release.id}/edit`);
    await mine.page.getByTestId('release-correction').waitFor();
    expect(mine.errors).toEqual([]);

    const op = await pageAs(OPERATOR, 'az');
    await op.page.goto(`${BASE}/land/hazards/${hazard.id}`);
    await op.page.getByTestId('hazard-record').waitFor();
    expect(await op.page.getByTestId('record-correct').count(), 'operators do not correct mine-action records').toBe(0);
    await op.page.getByTestId('record-history').click();
    await op.page.waitForURL((u) => u.pathname === '/audit' && u.searchParams.get('entityId') === hazard.id);
    await op.page.getByTestId('audit-search').waitFor();
    expect(await op.page.inputValue('#audit-entityId')).toBe(hazard.id);
    expect(op.errors).toEqual([]);
  });
});
