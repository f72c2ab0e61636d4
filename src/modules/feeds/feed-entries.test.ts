import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import type { TestUser } from '../../../test/helpers/factories.ts';
import { people, type Signed, signedContract } from '../contracts/test-kit.ts';
import { checkAtom, isRfc3339 } from './test-kit.ts';

/**
 * The project feed's contract entries (accepted milestones, completion — never
 * a milestone still planned, submitted or rejected) and the country feed's
 * pledges beside its engagements, each in two languages; and the strict
 * RFC 4287 check the feed tests rely on, shown to refuse what is wrong.
 */
let env: TestEnv;
let P: Awaited<ReturnType<typeof people>>;
let c: Signed;

const call = (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  env.app.inject({ method, url, payload, headers: user ? { authorization: user.auth } : {} });
const feed = async (url: string) => {
  const r = await call(null, 'GET', url);
  expect(r.statusCode, r.body).toBe(200);
  return checkAtom(r.body);
};

beforeAll(async () => {
  env = await testEnv({ publicUrl: 'https://berpa.example.org' });
  P = await people(env);
  c = await signedContract(env, P.operator, P.supplier);
}, 240_000);
afterAll(() => env?.close());

describe('project feed: contract milestones', () => {
  it('shows a milestone once accepted (not planned, submitted or rejected) and the contract once completed, linked to the contract page', async () => {
    const plan = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/milestones`, {
      milestones: [
        { title: { en: 'Foundations poured', ru: 'Фундамент залит' }, dueDate: '2099-01-01', sharePct: 40 },
        { title: { en: 'Roof on REJECTEDSTEP' }, dueDate: '2099-02-01', sharePct: 60 },
      ],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const [m1, m2] = plan.json().items as { id: string }[];
    const url = `/api/v1/feeds/projects/${c.projectId}.atom`;
    const milestoneEntries = async (lang = 'en') => (await feed(`${url}?lang=${lang}`)).entries.filter((e) => e.categories.includes('milestone'));
    expect(await milestoneEntries()).toEqual([]);

    await call(P.supplier, 'POST', `/api/v1/milestones/${m1.id}/submit`);
    await call(P.supplier, 'POST', `/api/v1/milestones/${m2.id}/submit`);
    expect(await milestoneEntries(), 'submitted is not yet public news').toEqual([]);
    expect((await call(P.operator, 'POST', `/api/v1/milestones/${m1.id}/decision`, { decision: 'accepted' })).statusCode).toBe(200);
    const rej = await call(P.operator, 'POST', `/api/v1/milestones/${m2.id}/decision`, { decision: 'rejected', reason: 'Flashing missing' });
    expect(rej.statusCode, rej.body).toBe(200);

    const en = await milestoneEntries();
    expect(en).toHaveLength(1);
    expect(en[0]).toMatchObject({ title: 'Milestone accepted: Foundations poured (Test works)', titleLang: null, link: `https://berpa.example.org/contracts/${c.id}` });
    expect(en[0].id).toContain(m1.id);
    const ru = await milestoneEntries('ru');
    expect(ru[0]).toMatchObject({ title: 'Этап принят: Фундамент залит (Test works)', titleLang: null });
    expect((await call(null, 'GET', url)).body).not.toContain('REJECTEDSTEP');

    // Completion needs every milestone accepted: resubmitted and accepted, then the final acceptance.
    await call(P.supplier, 'POST', `/api/v1/milestones/${m2.id}/submit`);
    expect((await call(P.operator, 'POST', `/api/v1/milestones/${m2.id}/decision`, { decision: 'accepted' })).statusCode).toBe(200);
    const done = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/complete`, { actualEndDate: '2026-11-30', finalScope: 'All works' });
    expect(done.statusCode, done.body).toBe(200);
    const after = await feed(`${url}?lang=ko`);
    expect(after.entries.filter((e) => e.categories.includes('milestone'))).toHaveLength(2);
    const completed = after.entries.filter((e) => e.categories.includes('contract'));
    // The contract's title has no Korean: the fallback is marked with its language.
    expect(completed).toMatchObject([{ title: '계약 완료: Test works', titleLang: 'en', link: `https://berpa.example.org/contracts/${c.id}` }]);
  });
});

describe('country feed: pledges', () => {
  it("lists the country's pledges beside its engagements, newest first, in the asked language; another country's are not there", async () => {
    const pledge = (country: string, pledger: string, amount: number, pledgedOn: string) =>
      call(P.operator, 'POST', '/api/v1/pledges', {
        country,
        pledger,
        description: { en: 'Smart-village pilot', ko: '스마트 빌리지 시범 사업' },
        currency: 'USD',
        amount,
        pledgedOn,
      });
    const kr = await pledge('KR', 'Korea International Cooperation Agency', 12_500_000, '2025-03-01');
    expect(kr.statusCode, kr.body).toBe(201);
    expect((await pledge('JP', 'OTHERCOUNTRY agency', 1_000, '2025-04-01')).statusCode).toBe(201);
    const e = await call(P.operator, 'POST', '/api/v1/engagements', {
      country: 'KR',
      kind: 'visit',
      status: 'held',
      title: { en: 'Delegation visits Shusha' },
      startsOn: '2025-05-02',
      participants: [],
      sources: [],
    });
    expect(e.statusCode, e.body).toBe(201);

    const en = await feed('/api/v1/feeds/countries/KR.atom');
    expect(en.entries.map((x) => x.title)).toEqual(['Delegation visits Shusha', 'Pledge: Korea International Cooperation Agency, 12,500,000 USD']);
    const p = en.entries[1];
    expect(p).toMatchObject({ link: 'https://berpa.example.org/countries/KR', updated: '2025-03-01T00:00:00Z', categories: ['pledge'] });
    expect(p.id).toContain(kr.json().id);
    expect(p.summary).toBe('Pledged · 2025-03-01\n\nSmart-village pilot');
    const ko = await feed('/api/v1/feeds/countries/KR.atom?lang=ko');
    expect(ko.entries[1]).toMatchObject({ title: '공약: Korea International Cooperation Agency, 12,500,000 USD', summary: '공약 · 2025-03-01\n\n스마트 빌리지 시범 사업' });
    const az = await feed('/api/v1/feeds/countries/KR.atom?lang=az');
    expect(az.entries[1].title).toBe('Öhdəlik: Korea International Cooperation Agency, 12.500.000 USD');
    expect(JSON.stringify(en.entries)).not.toContain('OTHERCOUNTRY');
  });
});

describe('the RFC 4287 check', () => {
  const good = (over: { feed?: string; entry?: string } = {}) =>
    `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  ${over.feed ?? '<id>tag:x.org,2026:f</id><title>T</title><updated>2026-01-02T03:04:05Z</updated><author><name>A</name></author>'}
  <link rel="self" href="https://x.org/f.atom"/>
  <entry>${over.entry ?? '<id>tag:x.org,2026:e</id><title>E</title><updated>2026-01-01T00:00:00Z</updated><link href="https://x.org/e"/>'}</entry>
</feed>`;

  it('accepts a minimal valid feed', () => {
    expect(checkAtom(good()).entries).toHaveLength(1);
  });

  it('refuses what RFC 4287 forbids', () => {
    const cases: [string, string, RegExp][] = [
      ['no feed updated', good({ feed: '<id>tag:x.org,2026:f</id><title>T</title><author><name>A</name></author>' }), /0 atom:updated/],
      ['no author anywhere', good({ feed: '<id>tag:x.org,2026:f</id><title>T</title><updated>2026-01-02T03:04:05Z</updated>' }), /no atom:author/],
      ['an author without a name', good({ feed: '<id>tag:x.org,2026:f</id><title>T</title><updated>2026-01-02T03:04:05Z</updated><author/>' }), /atom:name/],
      ['30 February', good({ entry: '<id>tag:x.org,2026:e</id><title>E</title><updated>2026-02-30T00:00:00Z</updated><link href="https://x.org/e"/>' }), /RFC 3339/],
      ['lower-case t', good({ entry: '<id>tag:x.org,2026:e</id><title>E</title><updated>2026-01-01t00:00:00Z</updated><link href="https://x.org/e"/>' }), /RFC 3339/],
      ['an entry without a link or content', good({ entry: '<id>tag:x.org,2026:e</id><title>E</title><updated>2026-01-01T00:00:00Z</updated>' }), /no content/],
      ['a relative id', good({ entry: '<id>e1</id><title>E</title><updated>2026-01-01T00:00:00Z</updated><link href="https://x.org/e"/>' }), /absolute IRI/],
      [
        'an entry newer than the feed',
        good({ entry: '<id>tag:x.org,2026:e</id><title>E</title><updated>2027-01-01T00:00:00Z</updated><link href="https://x.org/e"/>' }),
        /after the feed/,
      ],
      [
        'two titles',
        good({ entry: '<id>tag:x.org,2026:e</id><title>E</title><title>F</title><updated>2026-01-01T00:00:00Z</updated><link href="https://x.org/e"/>' }),
        /2 atom:title/,
      ],
      [
        'a bad text type',
        good({ entry: '<id>tag:x.org,2026:e</id><title type="markdown">E</title><updated>2026-01-01T00:00:00Z</updated><link href="https://x.org/e"/>' }),
        /text type/,
      ],
      [
        'two alternates of one type',
        good({
          entry: '<id>tag:x.org,2026:e</id><title>E</title><updated>2026-01-01T00:00:00Z</updated><link href="https://x.org/e"/><link rel="alternate" href="https://x.org/f"/>',
        }),
        /two alternate links/,
      ],
      ['not XML', '<feed xmlns="http://www.w3.org/2005/Atom"><id>x</feed>', /well-formed/],
    ];
    for (const [name, doc, message] of cases) expect(() => checkAtom(doc), name).toThrow(message);
  });

  it('knows the calendar', () => {
    expect(isRfc3339('2024-02-29T23:59:60+14:00')).toBe(true);
    expect(isRfc3339('2023-02-29T00:00:00Z')).toBe(false);
    expect(isRfc3339('2026-01-01T24:00:00Z')).toBe(false);
    expect(isRfc3339('2026-01-01T00:00:00.123+05:30')).toBe(true);
    expect(isRfc3339('2026-01-01 00:00:00Z')).toBe(false);
  });
});
