import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, checkPage, closeBrowser, launch, settle, signedInPage, type Watched } from './harness.ts';

/**
 * More of the back office (issue 12): the operator records an engagement
 * (a double click makes one) and finds it on the country page; mine-action
 * staff correct a hazardous area with a reason; a company is told why the
 * engagement form is closed to it. Each form in az and ko, axe, screenshots.
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

const pageAs = (email: string, lang: string) => signedInPage(browser, email, { lang }, open);

const check = (page: Page, name: string) => checkPage(page, name, { hangul: true });

const engagementsTitled = async (title: string) => {
  const r = (await (await fetch(`${BASE}/api/v1/engagements?country=KR&limit=200`)).json()) as { items: { id: string; title: Record<string, string> }[] };
  return r.items.filter((e) => e.title.az === title);
};
const firstId = async (layer: 'hazard-areas' | 'releases') => {
  // The feature's own id is its reference; the record's id is a property.
  const fc = (await (await fetch(`${BASE}/api/v1/land/${layer}/geojson`)).json()) as { features: { properties: { id: string } }[] };
  return fc.features[0].properties.id;
};

describe('engagements and land corrections in the browser', () => {
  it('engagement (az): the empty form names its fields; filled and double-clicked, one engagement, shown on the country page', async () => {
    const { page, errors } = await pageAs(OPERATOR, 'az');
    await page.goto(`${BASE}/`);
    await settle(page);
    expect(await page.locator('a[href="/engagements/new"]').count(), 'the operator sees the link').toBeGreaterThan(0);
    await page.goto(`${BASE}/engagements/new`);
    await check(page, 'form-engagement-empty-az');
    await page.getByTestId('engagement-submit').click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.locator('[data-field="/country"]').count()).toBe(1);
    expect(await page.locator('[data-field="/title/az"]').count(), 'no title in any language is named on the first box').toBe(1);
    await check(page, 'form-engagement-errors-az');

    const title = `Koreya nümayəndə heyətinin Füzuli səfəri ${run}`;
    await page.selectOption('#f-country', 'KR');
    await page.selectOption('#f-kind', 'delegation');
    await page.fill('#f-title-az', title);
    await page.fill('#f-title-en', `Korean delegation visits Fuzuli ${run}`);
    await page.fill('#f-summary-az', 'Yenidənqurma layihələri ilə tanışlıq.');
    await page.fill('#f-place', 'Füzuli');
    await page.selectOption('#f-placeCountry', 'AZ');
    await page.fill('#f-topics', 'bərpa, enerji');
    await page.fill('#f-participants-0-name', 'Park Byeong-seug');
    await page.fill('#f-participants-0-organisationName', 'Koreya Respublikasının Milli Assambleyası');
    await page.selectOption('#f-participants-0-country', 'KR');
    await page.getByTestId('add-participant').click();
    await page.fill('#f-participants-1-name', 'Əli Əsədov');
    await page.fill('#f-sources-0-title', 'Azərtac xəbəri');
    await page.fill('#f-sources-0-url', 'https://azertag.az/');
    await check(page, 'form-engagement-az');
    await page.getByTestId('engagement-submit').dblclick();
    await page.waitForURL(/\/countries\/KR$/, { timeout: 20_000 });
    await settle(page);
    await page.getByText(title).first().waitFor();
    const made = await engagementsTitled(title);
    expect(made.length, 'a double click records one engagement').toBe(1);
    const full = (await (await fetch(`${BASE}/api/v1/engagements/${made[0].id}`)).json()) as { participants: { name: string }[]; sources: { url: string }[]; place: string };
    expect(full.participants.map((p) => p.name)).toEqual(['Park Byeong-seug', 'Əli Əsədov']);
    expect(full.sources[0].url).toBe('https://azertag.az/');
    expect(full.place).toBe('Füzuli');
    expect(errors).toEqual([]);
  });

  it('engagement (ko): the form, translated, warns before unsaved changes are left, and shows a server refusal in place (a future date marked held)', async () => {
    const { page, errors } = await pageAs(OPERATOR, 'ko');
    await page.goto(`${BASE}/engagements/new`);
    await settle(page);
    expect(await page.locator('h1').innerText()).toBe('협력국과의 교류 기록');
    await page.selectOption('#f-country', 'KR');
    await page.fill('#f-title-ko', `한국 대표단 방문 ${run}`);
    // Unsaved changes: following a link asks first, and staying keeps the form as it was.
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.locator('a[href="/work"]').first().click();
    expect(asked).toBe('저장하지 않은 변경 사항이 있습니다. 그래도 이 페이지를 떠나시겠습니까?');
    expect(new URL(page.url()).pathname).toBe('/engagements/new');
    expect(await page.inputValue('#f-title-ko')).toBe(`한국 대표단 방문 ${run}`);
    const future = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
    await page.fill('#f-startsOn', future);
    await page.getByTestId('engagement-submit').click();
    await page.locator('[data-field="/status"]').waitFor();
    await check(page, 'form-engagement-ko');
    expect(await engagementsTitled(`한국 대표단 방문 ${run}`)).toEqual([]);
    // The refusal itself is the one 422 the browser logs.
    expect(errors.filter((e) => !/status of 422 .*\/api\/v1\/engagements/.test(e))).toEqual([]);
  });

  it('engagement (ru): dates read dd.mm.yyyy, an impossible one is refused before sending, and a field the server refuses is named in Russian beside it', async () => {
    const { page, errors } = await pageAs(OPERATOR, 'ru');
    await page.goto(`${BASE}/engagements/new`);
    await page.getByTestId('engagement-form').waitFor();
    await settle(page);
    const [y, m, d] = new Date().toISOString().slice(0, 10).split('-');
    expect(await page.inputValue('#f-startsOn'), 'today, day first').toBe(`${d}.${m}.${y}`);
    expect(await page.getAttribute('#f-startsOn', 'placeholder')).toBe('дд.мм.гггг');
    await page.fill('#f-endsOn', '31.02.2025');
    expect(await page.locator('[data-field="/endsOn"]').innerText()).toBe('Такой даты нет.');
    await page.fill('#f-endsOn', '');
    expect(await page.locator('[data-field="/endsOn"]').count()).toBe(0);
    await page.selectOption('#f-country', 'KR');
    await page.fill('#f-title-ru', `Визит корейской делегации ${run}`);
    await page.fill('#f-sources-0-title', 'Азертадж');
    // A bad percent-escape passes the form's own first check (an address starting https://) but not the server's RFC 3986 one.
    await page.fill('#f-sources-0-url', 'https://azertag.az/a%zz');
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/engagements' && r.request().method() === 'POST');
    await page.getByTestId('engagement-submit').click();
    const refused = (await (await answer).json()) as { errors: { field: string; code?: string }[] };
    expect(refused.errors).toContainEqual(expect.objectContaining({ field: '/body/sources/0/url', code: 'format' }));
    await page.locator('[data-field="/sources/0/url"]').waitFor();
    expect(await page.locator('[data-field="/sources/0/url"]').innerText()).toBe('Введите полный веб-адрес, начиная с https://.');
    expect(errors.filter((e) => !/status of 400 .*\/api\/v1\/engagements/.test(e))).toEqual([]);
  });

  it('a company visiting /engagements/new is told why it is closed, and has no link to it', async () => {
    const { page, errors } = await pageAs(COMPANY, 'az');
    await page.goto(`${BASE}/engagements/new`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('engagement-form').count()).toBe(0);
    expect(await page.locator('a[href="/engagements/new"]').count()).toBe(0);
    await check(page, 'form-engagement-forbidden-az');
    expect(errors).toEqual([]);
  });

  it('hazard correction (az): a reason is required; with one, the change is saved and audited', async () => {
    const id = await firstId('hazard-areas');
    const { page, errors } = await pageAs(MINE, 'az');
    await page.goto(`${BASE}/land/hazards/${id}/edit`);
    await settle(page);
    await page.getByTestId('hazard-correction').waitFor();
    await check(page, 'form-land-hazard-correct-az');
    await page.getByTestId('correction-submit').click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.locator('[data-field="/reason"]').count(), 'no reason').toBe(1);
    expect(await page.locator('[data-field="/"]').count(), 'nothing changed').toBe(1);
    const name = `Düzəldilmiş ad ${run}`;
    await page.fill('#f-name', name);
    await page.fill('#f-reason', 'Sahə yoxlamasından sonra adı dəqiqləşdirildi');
    await check(page, 'form-land-hazard-correct-filled-az');
    await page.getByTestId('correction-submit').click();
    await page.getByTestId('correction-saved').waitFor();
    const after = (await page.evaluate(async (u) => (await fetch(u)).json(), `/api/v1/land/hazard-areas/${id}`)) as { name: string };
    expect(after.name).toBe(name);
    // The audit log (read by operators) holds the reason.
    const op = await pageAs(OPERATOR, 'az');
    const events = (await (await op.context.request.get(`${BASE}/api/v1/audit/events?entityId=${id}&action=land.hazard_correct`)).json()) as { items: { reason: string | null }[] };
    expect(events.items.map((e) => e.reason)).toContain('Sahə yoxlamasından sonra adı dəqiqləşdirildi');
    expect(errors).toEqual([]);
  });

  it('release correction (ru): the form starts from the linked hazardous area; emptied, with a reason, the release is unlinked', async () => {
    const fc = (await (await fetch(`${BASE}/api/v1/land/releases/geojson`)).json()) as { features: { properties: { id: string; hazard_reference?: string } }[] };
    const linked = fc.features.map((f) => f.properties).find((p) => p.hazard_reference);
    expect(linked, 'a demo release linked to a hazardous area').toBeTruthy();
    const { page, errors } = await pageAs(MINE, 'ru');
    await page.goto(`${BASE}/land/releases/${linked!.id}/edit`);
    await page.getByTestId('release-correction').waitFor();
    await settle(page);
    expect(await page.inputValue('#f-hazardReference')).toBe(linked!.hazard_reference);
    const was = (await (await fetch(`${BASE}/api/v1/land/releases/${linked!.id}`)).json()) as { completedOn: string };
    const [y, m, d] = was.completedOn.slice(0, 10).split('-');
    expect(await page.inputValue('#f-completedOn'), 'the date day first, as Russian writes it').toBe(`${d}.${m}.${y}`);
    expect(await page.getByTestId('correction-legend').innerText()).toMatch(/^Карта этой записи:\s+текущий контур$/);
    await page.fill('#f-hazardReference', '');
    await page.fill('#f-reason', 'Работы велись вне этого района: связь внесена по ошибке');
    await check(page, 'form-land-release-unlink-ru');
    await page.getByTestId('correction-submit').click();
    await page.getByTestId('correction-saved').waitFor();
    const after = (await (await fetch(`${BASE}/api/v1/land/releases/${linked!.id}`)).json()) as { hazardAreaId: string | null; hazardReference: string | null };
    expect(after).toMatchObject({ hazardAreaId: null, hazardReference: null });
    expect(errors).toEqual([]);
  });

  it('corrections (ko): the hazard and release forms, translated', async () => {
    const { page, errors } = await pageAs(MINE, 'ko');
    await page.goto(`${BASE}/land/hazards/${await firstId('hazard-areas')}/edit`);
    await page.getByTestId('hazard-correction').waitFor();
    await check(page, 'form-land-hazard-correct-ko');
    await page.goto(`${BASE}/land/releases/${await firstId('releases')}/edit`);
    await page.getByTestId('release-correction').waitFor();
    await check(page, 'form-land-release-correct-ko');
    expect(errors).toEqual([]);
  });
});
