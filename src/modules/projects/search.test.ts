import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import type { ProjectInputT } from './schema.ts';
import { makeArea, projectInput } from './test-helpers.ts';

/** Project search over the API: words in four languages, filters, facets, sorting, paging and the map's GeoJSON. */
let env: TestEnv;
let op: TestUser;
let fuz: string;
let zan: string;

const get = (url: string) => env.app.inject({ method: 'GET', url });
const make = async (o: Partial<ProjectInputT>) => {
  const r = await env.app.inject({ method: 'POST', url: '/api/v1/projects', payload: projectInput(o), headers: { authorization: op.auth } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
};
const countProjects = async () => Number((await sql<{ n: string }>`select count(*) as n from project`.execute(env.database.db)).rows[0].n);
const codes = (r: { json(): { items: { code: string }[] } }) =>
  r
    .json()
    .items.map((i) => i.code)
    .sort();

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
  fuz = await makeArea(env.deps, 'T-FUZ', [46.9, 39.4, 47.4, 39.8]);
  zan = await makeArea(env.deps, 'T-ZAN', [46.4, 38.9, 46.9, 39.3]);
});
afterAll(() => env?.close());

describe('search', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const kr = { sourceType: 'partner_country' as const, country: 'KR', amount: 100_000, currency: 'AZN' };
    const tr = { sourceType: 'partner_country' as const, country: 'TR', amount: 100_000, currency: 'AZN' };
    const specs: [string, Partial<ProjectInputT>][] = [
      [
        'S-ILHAM',
        {
          title: { az: 'İlham Əliyev prospektinin yenidən qurulması', en: 'Avenue reconstruction' },
          sector: ['transport', 'transport.urban'],
          status: 'implementation',
          districtId: fuz,
          budget: { amount: 5_000_000, currency: 'AZN' },
          funding: [kr],
          plannedPeriod: { startDate: '2022-01-01', endDate: '2023-12-31' },
          location: { type: 'Point', coordinates: [47.1, 39.6] },
        },
      ],
      [
        'S-SUSA',
        {
          title: { az: 'Şuşa şəhərində su təchizatı', en: 'Shusha water supply', ru: 'Водоснабжение Шуши' },
          sector: ['waterAndWaste'],
          status: 'preparation',
          districtId: fuz,
          budget: { amount: 9_000_000, currency: 'AZN' },
          funding: [tr],
          plannedPeriod: { startDate: '2025-01-01', endDate: '2026-12-31' },
          location: { type: 'Point', coordinates: [47.2, 39.7] },
        },
      ],
      [
        'S-KOREA',
        {
          title: { ko: '푸줄리 국제공항 확장', en: 'Fuzuli airport expansion' },
          sector: ['transport', 'transport.air'],
          status: 'identification',
          districtId: zan,
          budget: { amount: 50_000_000, currency: 'AZN' },
          funding: [kr],
          plannedPeriod: { startDate: '2027-01-01', endDate: '2028-12-31' },
          location: { type: 'Point', coordinates: [46.6, 39.1] },
        },
      ],
      [
        'S-SCHOOL',
        {
          title: { en: 'ILHAM school', az: 'Məktəb' },
          description: { en: 'A school named for a poet.' },
          sector: ['education'],
          status: 'completion',
          districtId: zan,
          budget: { amount: 1_500_000, currency: 'AZN' },
          plannedPeriod: { startDate: '2020-01-01', endDate: '2021-06-30' },
          location: { type: 'Point', coordinates: [46.7, 39.2] },
        },
      ],
    ];
    for (const [code, o] of specs) ids[code] = (await make({ code, ...o })).id;
  });

  const search = (qs: string) => get(`/api/v1/projects?${qs}`);

  it('folds Azerbaijani case: İlham, ilham, ILHAM and ılham find the same projects', async () => {
    for (const q of ['İlham', 'ilham', 'ILHAM', 'ılham', 'ilh']) {
      const r = await search(`q=${encodeURIComponent(q)}`);
      expect(r.statusCode).toBe(200);
      expect(codes(r), q).toEqual(['S-ILHAM', 'S-SCHOOL']);
    }
    expect(codes(await search(`q=${encodeURIComponent('eliyev')}`))).toEqual(['S-ILHAM']);
    expect(codes(await search(`q=${encodeURIComponent('susa')}`))).toEqual(['S-SUSA']);
    expect(codes(await search(`q=${encodeURIComponent('ŞUŞA su')}`))).toEqual(['S-SUSA']);
    expect(codes(await search(`q=${encodeURIComponent('водоснабжение')}`))).toEqual(['S-SUSA']);
    expect(codes(await search(`q=${encodeURIComponent('poet')}`))).toEqual(['S-SCHOOL']);
  });

  it('finds Korean text by any part of a word', async () => {
    for (const q of ['공항', '국제공항', '푸줄리', '확장', '항']) expect(codes(await search(`q=${encodeURIComponent(q)}`)), q).toEqual(['S-KOREA']);
    expect(codes(await search(`q=${encodeURIComponent('공항버스')}`))).toEqual([]);
  });

  it('filters by sector, status, district, bbox, partner country, budget and dates', async () => {
    const only = async (qs: string) => codes(await search(qs)).filter((c) => c.startsWith('S-'));
    expect(await only('sector=education')).toEqual(['S-SCHOOL']);
    expect(await only('sector=transport.air&sector=waterAndWaste')).toEqual(['S-KOREA', 'S-SUSA']);
    expect(await only('status=preparation')).toEqual(['S-SUSA']);
    expect(await only(`districtId=${zan}`)).toEqual(['S-KOREA', 'S-SCHOOL']);
    expect(await only('bbox=46.5,39.0,46.75,39.25')).toEqual(['S-KOREA', 'S-SCHOOL']);
    expect(await only('partnerCountry=KR')).toEqual(['S-ILHAM', 'S-KOREA']);
    expect(await only('partnerCountry=TR')).toEqual(['S-SUSA']);
    expect(await only('budgetMin=4000000&budgetMax=10000000')).toEqual(['S-ILHAM', 'S-SUSA']);
    expect(await only('from=2024-01-01&to=2026-01-01')).toEqual(['S-SUSA']);
    expect(await only('to=2021-12-31')).toEqual(['S-SCHOOL']);
  });

  it('counts facets over all matches', async () => {
    const r = await search(`districtId=${zan}&districtId=${fuz}&sector=transport&facets=true&limit=1`);
    const f = r.json().facets;
    expect(r.json().items).toHaveLength(1);
    expect(f.status).toEqual(expect.arrayContaining([{ value: 'implementation', count: expect.any(Number) }]));
    const count = (xs: { value: string; count: number }[], v: string) => xs.find((x) => x.value === v)?.count;
    // Sectors are counted at the top level, once per project: no sub-sector repeats its parent's name,
    // and the count of the filtered sector is the number of matches (what a click on it finds).
    expect(f.sector.filter((x: { value: string }) => x.value.includes('.'))).toEqual([]);
    expect(new Set(f.sector.map((x: { value: string }) => x.value)).size).toBe(f.sector.length);
    const matches = f.status.reduce((n: number, x: { count: number }) => n + x.count, 0);
    expect(count(f.sector, 'transport')).toBe(matches);
    expect(count(f.partnerCountry, 'KR')).toBeGreaterThanOrEqual(2);
    expect(count(f.districtId, zan)).toBe(1);
  });

  it('sorts by budget, date and relevance, and pages with a cursor without gaps or repeats', async () => {
    const byBudget = (await search('sort=budget&limit=200')).json().items.map((i: { budget: { amount: number } }) => i.budget.amount);
    expect(byBudget).toEqual([...byBudget].sort((a, b) => b - a));
    const byDate = (await search('sort=date&limit=200')).json().items.map((i: { sortDate: string }) => i.sortDate);
    expect(byDate).toEqual([...byDate].sort().reverse());
    const rel = (await search(`q=ilham`)).json().items;
    expect(rel.every((i: { rank: number }) => typeof i.rank === 'number')).toBe(true);
    for (const sort of ['budget', 'date']) {
      const all = (await search(`sort=${sort}&limit=200`)).json().items.map((i: { id: string }) => i.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 100; i++) {
        const r = await search(`sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...r.json().items.map((x: { id: string }) => x.id));
        cursor = r.json().nextCursor;
        if (!cursor) break;
      }
      expect(paged).toEqual(all);
    }
    const p1 = (await search('q=ilham&limit=1')).json();
    const p2 = (await search(`q=ilham&limit=1&cursor=${p1.nextCursor}`)).json();
    expect([...p1.items, ...p2.items].map((i: { code: string }) => i.code).sort()).toEqual(['S-ILHAM', 'S-SCHOOL']);
    expect(p2.nextCursor).toBeNull();
  });

  it('refuses bad search parameters with the field named', async () => {
    for (const [qs, field] of [
      ['bbox=47,39,46,40', '/querystring/bbox'],
      ['bbox=1,2,3', '/querystring/bbox'],
      ['budgetMin=10&budgetMax=5', '/querystring/budgetMax'],
      ['from=2025-01-01&to=2024-01-01', '/querystring/to'],
      ['sector=roads', '/querystring/sector/0'],
      ['sort=relevance', '/querystring/sort'],
      ['status=finished', '/querystring/status/0'],
      ['cursor=abc', '/querystring/cursor'],
      ['sort=budget&cursor=' + Buffer.from(JSON.stringify(['2024-01-01', 'x'])).toString('base64url'), '/querystring/cursor'],
      ['colour=red', '/querystring/colour'],
      ['sort=date&cursor=' + Buffer.from(JSON.stringify(['2024-02-30', '00000000-0000-4000-8000-000000000000'])).toString('base64url'), '/querystring/cursor'],
    ]) {
      const r = await search(qs);
      expect(r.statusCode, qs).toBe(400);
      expect(
        r.json().errors.map((e: { field: string }) => e.field),
        qs,
      ).toContain(field);
    }
    expect((await search('q=' + encodeURIComponent("'); drop table project; --"))).statusCode).toBe(200);
  });

  it('serves GeoJSON for the map: single features when zoomed in, clusters when zoomed out', async () => {
    const near = await get('/api/v1/geo/projects?bbox=46.5,39.0,46.75,39.25&zoom=14');
    expect(near.statusCode).toBe(200);
    const fc = near.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual(['S-KOREA', 'S-SCHOOL']);
    const far = (await get('/api/v1/geo/projects?bbox=44,38,50,41&zoom=3')).json();
    const total = far.features.reduce((a: number, f: { properties: { count: number } }) => a + f.properties.count, 0);
    expect(total).toBe(await countProjects());
    expect(far.features.some((f: { properties: { cluster: boolean } }) => f.properties.cluster)).toBe(true);
    expect((await get('/api/v1/geo/projects?bbox=1,1,0,0')).statusCode).toBe(400);
  });
});
