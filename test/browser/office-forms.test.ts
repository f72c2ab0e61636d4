import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, BASE, checkPage, clickMap, closeBrowser, launch, localInput, screenshot, settle, signedInPage, signInApi, type Watched } from './harness.ts';

/**
 * The operator's project and tender forms in Chromium against the real server:
 * a project registered with its site drawn on the map (terra-draw), district,
 * funding from a partner's pledge and an output; edited with an uploaded site
 * file, a status change with its reason and a photo; a tender drafted for it,
 * the chair's key ceremony, a publication the programme's minimum period
 * refuses (shown on the deadline field), corrected and published. Every form
 * in az and ko, with axe and a screenshot.
 */
let browser: Browser;
const open: Watched[] = [];
const run = crypto.randomInt(100_000, 999_999);
const code = `BT-${run}`;
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
let rulesBefore: unknown[] = [];

const pageAs = (email: string, lang: string) => signedInPage(browser, email, { lang }, open);
const check = (page: Page, name: string) => checkPage(page, name);
const local = localInput;
const DAY = 86_400_000;

/** A point well inside a demo district, and that district. */
let district: { id: string; code: string; point: [number, number] };

beforeAll(async () => {
  browser = await launch();
  const areas = (await (await fetch(`${BASE}/api/v1/areas?level=district`)).json()) as { items: { id: string; code: string }[] };
  const geo = (await (await fetch(`${BASE}/api/v1/areas/geojson?level=district`)).json()) as {
    features: { properties: { code?: string; id?: string }; geometry: { type: string; coordinates: number[][][][] } }[];
  };
  const f = geo.features.find((x) => areas.items.some((a) => a.code === x.properties.code || a.id === x.properties.id))!;
  const a = areas.items.find((x) => x.code === f.properties.code || x.id === f.properties.id)!;
  const ring = f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates[0][0] : (f.geometry.coordinates as unknown as number[][][])[0];
  const [x, y] = ring.reduce(([sx, sy], [px, py]) => [sx + px / ring.length, sy + py / ring.length], [0, 0]);
  district = { id: a.id, code: a.code, point: [x, y] };
  // Korea as a partner (the funding row offers partners only), as the bidding tests do.
  const kr = (await (await fetch(`${BASE}/api/v1/partners?country=KR`)).json()) as { items: { current: boolean }[] };
  if (!kr.items.some((p) => p.current))
    expect(
      (
        await apiAs('operator@demo.berpa.test', '/api/v1/partners/periods', {
          method: 'POST',
          body: { country: 'KR', validFrom: '2020-01-01', basis: 'Browser test of the project form' },
        })
      ).status,
    ).toBe(201);
  // A minimum period for limited procedures in EUR only, so the publish refusal below touches no other test; restored after.
  const rules = await apiAs('admin@demo.berpa.test', '/api/v1/programme/period-rules');
  rulesBefore = rules.status === 200 ? rules.json.rules : [];
  const set = await apiAs('admin@demo.berpa.test', '/api/v1/programme/period-rules', {
    method: 'PUT',
    body: {
      rules: [...rulesBefore, { method: 'limited', currency: 'EUR', minValue: 0, minTenderDays: 10, minEnquiryDays: 0, legalSource: 'Browser test of the tender form' }],
      reason: 'Browser test: a minimum period to be refused',
    },
  });
  expect(set.status, JSON.stringify(set.json)).toBe(200);
}, 120_000);
afterAll(async () => {
  await apiAs('admin@demo.berpa.test', '/api/v1/programme/period-rules', {
    method: 'PUT',
    body: { rules: rulesBefore, reason: 'Browser test of the tender form: rules as they were' },
  }).catch(() => {});
  for (const w of open) await w.context.close().catch(() => {});
  await closeBrowser(browser);
});

let projectId = '';
let tenderId = '';

describe.sequential('project and tender forms in the browser', () => {
  it('project (az): the empty form shows the schema’s errors in place and focuses the first', async () => {
    const { page, errors } = await pageAs('operator@demo.berpa.test', 'az');
    await page.goto(`${BASE}/projects/new`);
    await page.getByTestId('project-form').waitFor();
    await page.getByTestId('project-submit').click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-code');
    expect(await page.locator('.field-error').count()).toBeGreaterThanOrEqual(3);
    await page.locator('[data-testid=site-map][data-state=ready]').waitFor({ timeout: 60_000 });
    await check(page, 'form-project-new-az');
    expect(errors).toEqual([]);
  });

  it('project (ko): site drawn on the map, district from the site, a pledge among the funding sources, an output; saved once on a double click', async () => {
    const { page, errors } = await pageAs('operator@demo.berpa.test', 'ko');
    await page.goto(`${BASE}/projects/new`);
    await page.locator('[data-testid=site-map][data-state=ready]').waitFor({ timeout: 60_000 });
    await page.fill('#f-code', code);
    await page.fill('#f-title', `브라우저 테스트 도로 ${run}`);
    await page.selectOption('#f-sector', 'transport.road');
    await page.selectOption('#f-type', 'rehabilitation');
    // Zoom to the district, then draw a square around the point: four corners and the first again.
    await page.evaluate(([x, y]) => window.__berpaSiteMap!.jumpTo({ center: [x, y], zoom: 12 }), district.point);
    await page.waitForTimeout(300);
    await page.getByTestId('draw-site').click();
    const [x, y] = district.point;
    const d = 0.01;
    const siteRead = page.waitForResponse((r) => r.url().endsWith('/api/v1/projects/site-file'));
    for (const [px, py] of [
      [x - d, y - d],
      [x + d, y - d],
      [x + d, y + d],
      [x - d, y + d],
      [x - d, y - d],
    ])
      await clickMap(page, px, py);
    expect((await siteRead).status()).toBe(200);
    await expect.poll(() => page.getByTestId('site-district').textContent()).not.toContain('부지를 그리거나');
    await page.fill('#f-budget-amount', '2500000');
    await page.getByTestId('add-funding').click();
    await page.selectOption('#f-funding-0-sourceType', 'partner_country');
    await page.selectOption('#f-funding-0-country', 'KR');
    const pledges = await page.locator('#f-funding-0-pledgeId option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    if (pledges.length) await page.selectOption('#f-funding-0-pledgeId', pledges[0]);
    await page.fill('#f-funding-0-currency', 'AZN');
    await page.fill('#f-funding-0-amount', '500000');
    await page.getByTestId('add-output').click();
    await page.selectOption('#f-outputs-0-metric', 'roadKm');
    await page.fill('#f-outputs-0-planned', '12.5');
    await check(page, 'form-project-new-ko');
    const creates: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/projects') creates.push(r.url());
    });
    await page.getByTestId('project-submit').dblclick();
    await page.getByTestId('project-created').waitFor();
    // The second click found the form busy: one request, one project.
    expect(creates).toHaveLength(1);
    projectId = new URL(page.url()).pathname.split('/')[2];
    const p = (await apiAs('operator@demo.berpa.test', `/api/v1/projects/${projectId}`)).json;
    expect(p.code).toBe(code);
    expect(p.site.type).toBe('MultiPolygon');
    expect(p.districtId).toBe(district.id);
    expect(p.funding[0]).toMatchObject({ sourceType: 'partner_country', country: 'KR', amount: 500000 });
    if (pledges.length) expect(p.funding[0].pledgeId).toBe(pledges[0]);
    expect(p.outputs[0]).toMatchObject({ metric: 'roadKm', unit: 'km', planned: 12.5 });
    expect(errors).toEqual([]);
  });

  it('project edit (az): an uploaded site file, a status change with its reason, a photo', async () => {
    const { page, errors } = await pageAs('operator@demo.berpa.test', 'az');
    await page.goto(`${BASE}/projects/${projectId}/edit`);
    await page.locator('[data-testid=site-map][data-state=ready]').waitFor({ timeout: 60_000 });
    const [x, y] = district.point;
    const e = 0.02;
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [x - e, y - e],
                [x + e, y - e],
                [x + e, y + e],
                [x - e, y + e],
                [x - e, y - e],
              ],
            ],
          },
        },
      ],
    };
    const siteRead = page.waitForResponse((r) => r.url().endsWith('/api/v1/projects/site-file'));
    await page.setInputFiles('#site-file', { name: 'sahe.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
    expect((await siteRead).status()).toBe(200);
    // A file that is not a site is refused in place.
    await page.setInputFiles('#site-file', { name: 'broken.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{not json') });
    await page.locator('[data-field="/site"]').waitFor();
    await page.setInputFiles('#site-file', { name: 'sahe.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect.poll(() => page.locator('[data-field="/site"]').count()).toBe(0);
    await page.getByTestId('project-submit').click();
    await page.getByTestId('project-saved').waitFor();
    const p = (await apiAs('operator@demo.berpa.test', `/api/v1/projects/${projectId}`)).json;
    // Stored to 1e-7° (about a centimetre).
    expect(p.site.coordinates[0][0][0][0]).toBeCloseTo(x - e, 6);
    expect(p.site.coordinates[0][0][0][1]).toBeCloseTo(y - e, 6);

    // A reason is required; then the status moves.
    await page.selectOption('#f-status-status', 'preparation');
    await page.getByTestId('status-submit').click();
    await page.locator('#f-status-reason-err').waitFor();
    await page.fill('#f-status-reason', 'Texniki layihə təsdiq olundu');
    await page.getByTestId('status-submit').click();
    await expect.poll(async () => (await apiAs('operator@demo.berpa.test', `/api/v1/projects/${projectId}`)).json.status).toBe('preparation');

    await page.fill('#doc-title', 'Yolun işlərdən əvvəlki vəziyyəti');
    await page.setInputFiles('#doc-file', { name: 'evvel.png', mimeType: 'image/png', buffer: PNG_1PX });
    await page.getByTestId('document-submit').click();
    await page.getByTestId('project-documents').waitFor();
    const docs = (await apiAs('operator@demo.berpa.test', `/api/v1/projects/${projectId}`)).json.documents;
    expect(docs).toHaveLength(1);
    expect(docs[0].kind).toBe('photoBefore');
    await page.locator('[data-testid=site-map][data-state=ready]').waitFor();
    await check(page, 'form-project-edit-az');
    // The broken file's 400 is the refusal the page shows.
    expect(errors.filter((x) => !/status of 400/.test(x))).toEqual([]);
  });

  it('project edit (ko) renders in Korean and passes axe; a company is told why the page is closed', async () => {
    const { page, errors } = await pageAs('operator@demo.berpa.test', 'ko');
    await page.goto(`${BASE}/projects/${projectId}/edit`);
    await page.locator('[data-testid=site-map][data-state=ready]').waitFor({ timeout: 60_000 });
    await check(page, 'form-project-edit-ko');
    const co = await pageAs('company@demo.berpa.test', 'en');
    await co.page.goto(`${BASE}/projects/new`);
    await settle(co.page);
    expect(await co.page.locator('#main').textContent()).toContain('project.create');
    expect(errors).toEqual([]);
  });

  it('tender (az): the empty draft shows its errors in place', async () => {
    const { page, errors } = await pageAs('operator@demo.berpa.test', 'az');
    await page.goto(`${BASE}/tenders/new`);
    await page.getByTestId('tender-form').waitFor();
    await page.getByTestId('tender-submit').click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-title');
    await check(page, 'form-tender-new-az');
    expect(errors).toEqual([]);
  });

  it('tender (ko): drafted for the project with a committee of three (2 of 3); the chair runs the key ceremony; the minimum period refuses publication on the deadline field; corrected, published', async () => {
    const { page, errors } = await pageAs('operator@demo.berpa.test', 'ko');
    const candidates = (await apiAs('operator@demo.berpa.test', '/api/v1/committee/members')).json.items as { userId: string; name: string }[];
    const ids = await Promise.all(['committee1@demo.berpa.test', 'committee2@demo.berpa.test', 'committee3@demo.berpa.test'].map(async (m) => (await signInApi(m)).user.id));
    await page.goto(`${BASE}/tenders/new`);
    await page.getByTestId('tender-form').waitFor();
    await page.fill('#f-title', `브라우저 테스트 도로 공사 ${run}`);
    await expect.poll(() => page.locator(`#f-projectIds option[value="${projectId}"]`).count()).toBe(1);
    await page.selectOption('#f-projectIds', projectId);
    await page.selectOption('#f-method', 'limited');
    await page.fill('#f-value-amount', '900000');
    await page.fill('#f-value-currency', 'EUR');
    await page.fill('#f-lots-0-title', '도로 포장');
    await page.fill('#f-enquiryPeriod-startDate', local(60_000));
    await page.fill('#f-enquiryPeriod-endDate', local(DAY));
    await page.fill('#f-tenderPeriod-startDate', local(60_000));
    await page.fill('#f-tenderPeriod-endDate', local(2 * DAY));
    await page.fill('#f-openingDate', local(2 * DAY));
    for (const id of ids) await page.getByRole('checkbox', { name: candidates.find((c) => c.userId === id)!.name, exact: false }).check();
    await page.fill('#f-committee-k', '2');
    await page.setInputFiles('#tdoc-file', { name: 'spec.png', mimeType: 'image/png', buffer: PNG_1PX });
    await page.getByTestId('tender-documents').locator('li').waitFor();
    await check(page, 'form-tender-new-ko');
    await page.getByTestId('tender-submit').dblclick();
    await page.getByTestId('tender-created').waitFor();
    tenderId = new URL(page.url()).pathname.split('/')[2];
    expect(await page.getByTestId('ready-ceremony').getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    const draft = (await apiAs('operator@demo.berpa.test', `/api/v1/tenders/${tenderId}`)).json;
    expect(draft).toMatchObject({ status: 'draft', method: 'limited', projectIds: [projectId] });
    expect(draft.opening).toMatchObject({ k: 2, n: 3 });
    expect(draft.documents).toHaveLength(1);

    // The chair, in their own browser.
    const chair = await pageAs('committee1@demo.berpa.test', 'ko');
    await chair.page.goto(`${BASE}/committee/tenders/${tenderId}`);
    await settle(chair.page);
    await chair.page.getByTestId('ceremony-run').click();
    await chair.page.getByTestId('ceremony-done').waitFor();

    await page.reload();
    await page.getByTestId('tender-form').waitFor();
    await expect.poll(() => page.getByTestId('ready-ceremony').getAttribute('data-ok')).toBe('true');
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-error').waitFor();
    // The refusal is in Korean (its code's message), the server's English detail beside it.
    expect(await page.getByTestId('publish-error').textContent()).toContain('입찰 또는 질의 기간이 조달 규정이 허용하는 것보다 짧습니다');
    await page.locator('[data-field="/tenderPeriod/endDate"]').waitFor();
    expect(await page.locator('#f-tenderPeriod-endDate').getAttribute('aria-invalid')).toBe('true');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'form-tender-publish-refused-ko');

    await page.fill('#f-tenderPeriod-endDate', local(12 * DAY));
    await page.fill('#f-openingDate', local(12 * DAY));
    await page.getByTestId('tender-submit').click();
    await page.getByTestId('tender-saved').waitFor();
    await page.getByTestId('publish').click();
    await page.waitForURL(`${BASE}/tenders/${tenderId}`);
    expect((await apiAs('operator@demo.berpa.test', `/api/v1/tenders/${tenderId}`)).json.status).toBe('active');
    expect(errors.filter((x) => !/status of (400|409|422)/.test(x))).toEqual([]);
    expect(chair.errors).toEqual([]);
  });

  it('tender edit (az) of a published tender: read-only, says why', async () => {
    const { page, errors } = await pageAs('operator@demo.berpa.test', 'az');
    await page.goto(`${BASE}/tenders/${tenderId}/edit`);
    await page.getByTestId('tender-form').waitFor();
    expect(await page.getByTestId('tender-submit').count()).toBe(0);
    await check(page, 'form-tender-edit-az');
    expect(errors).toEqual([]);
  });
});
