import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { makeArea, projectInput } from '../projects/test-helpers.ts';
import { type Member, makeCommittee, partner, setupKey, tenderInput } from '../tenders/test-kit.ts';
import { atomChildren, checkAtom } from './test-kit.ts';

const NASTY = `Bridge <b>&amp; "quotes" 'apos' & <script>x</script> Ağdam körpüsü 다리 мост`;

let env: TestEnv;
let operator: TestUser;
let members: Member[];
let roadProject: string, energyProject: string;
let roadTender: string, energyTender: string, draftTender: string;

const call = (url: string, headers: Record<string, string> = {}) => env.app.inject({ method: 'GET', url, headers });
const post = (user: TestUser, url: string, payload?: object) => env.app.inject({ method: 'POST', url, payload, headers: { authorization: user.auth } });

async function tender(o: { title: Record<string, string>; projectIds: string[]; eligibility: 'all' | 'partners'; publish: boolean }) {
  const c = await post(operator, '/api/v1/tenders', { ...tenderInput(members, { eligibility: o.eligibility }), title: o.title, projectIds: o.projectIds });
  if (c.statusCode !== 201) throw new Error(c.body);
  const id = c.json().id as string;
  if (o.publish) {
    await setupKey(env, id, members);
    const p = await post(operator, `/api/v1/tenders/${id}/publish`);
    if (p.statusCode !== 200) throw new Error(p.body);
  }
  return id;
}

beforeAll(async () => {
  env = await testEnv({ publicUrl: 'https://berpa.example.org' });
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  members = await makeCommittee(env, 2);
  await partner(env, 'KR');
  const d1 = await makeArea(env.deps, 'FEEDD1', [46.0, 39.0, 47.5, 40.5]);
  const d2 = await makeArea(env.deps, 'FEEDD2', [47.5, 39.0, 49.0, 40.5]);
  const mk = async (input: object) => {
    const r = await post(operator, '/api/v1/projects', input);
    if (r.statusCode !== 201) throw new Error(r.body);
    return r.json().id as string;
  };
  roadProject = await mk(projectInput({ sector: ['transport', 'transport.road'], districtId: d1, location: { type: 'Point', coordinates: [47.0, 39.6] } }));
  energyProject = await mk(projectInput({ sector: ['energy'], districtId: d2, location: { type: 'Point', coordinates: [48.0, 39.6] } }));
  roadTender = await tender({ title: { en: NASTY, az: 'Ağdam körpüsünün bərpası' }, projectIds: [roadProject], eligibility: 'partners', publish: true });
  energyTender = await tender({ title: { en: 'Solar plant', ru: 'Солнечная станция' }, projectIds: [energyProject], eligibility: 'all', publish: true });
  draftTender = await tender({ title: { en: 'DRAFTSECRET tender' }, projectIds: [roadProject], eligibility: 'all', publish: false });
}, 240_000);
afterAll(() => env?.close());

/** RFC 4287, strictly (test-kit.ts), and the self link under the portal's public address. */
function parseAtom(body: string) {
  const f = checkAtom(body);
  const self = atomChildren(f.feed, 'link').find((l) => l.getAttribute('rel') === 'self');
  expect(self?.getAttribute('href')).toMatch(/^https:\/\/berpa\.example\.org\/api\/v1\/feeds\//);
  return f;
}

const tenderIds = (es: { link: string }[]) => es.map((e) => e.link.match(/\/tenders\/([0-9a-f-]{36})$/)?.[1]).filter(Boolean);

describe('tenders feed', () => {
  it('is Atom with published tenders, absolute links to the portal, never a draft, and the title escaped', async () => {
    const r = await call('/api/v1/feeds/tenders.atom');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(r.body).not.toContain('DRAFTSECRET');
    expect(r.body).not.toContain('<script>');
    const f = parseAtom(r.body);
    expect(f.lang).toBe('en');
    const ids = tenderIds(f.entries);
    expect(ids).toContain(roadTender);
    expect(ids).toContain(energyTender);
    expect(ids).not.toContain(draftTender);
    const road = f.entries.find((e) => e.link === `https://berpa.example.org/tenders/${roadTender}`)!;
    expect(road.title).toBe(NASTY);
  });

  it('stays anonymous for a signed-in caller (no draft)', async () => {
    const r = await call('/api/v1/feeds/tenders.atom', { authorization: operator.auth });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain('DRAFTSECRET');
    expect(tenderIds(parseAtom(r.body).entries)).not.toContain(draftTender);
  });

  it('filters by sector (a top level includes its sub-sectors), district and eligibility', async () => {
    const ids = async (q: string) => tenderIds(parseAtom((await call(`/api/v1/feeds/tenders.atom?${q}`)).body).entries);
    expect(await ids('sector=transport')).toEqual([roadTender]);
    expect(await ids('sector=transport.road')).toEqual([roadTender]);
    expect(await ids('sector=energy')).toEqual([energyTender]);
    expect(await ids('district=FEEDD1')).toEqual([roadTender]);
    expect(await ids('district=FEEDD2&sector=transport')).toEqual([]);
    expect((await ids('eligibility=KR')).sort()).toEqual([roadTender, energyTender].sort());
    expect(await ids('eligibility=FR')).toEqual([energyTender]);
  });

  it('agrees with the tenders list under the same filters (one definition of a match)', async () => {
    const feed = async (q: string) => tenderIds(parseAtom((await call(`/api/v1/feeds/tenders.atom?${q}`)).body).entries);
    const list = async (q: string) => {
      const r = await call(`/api/v1/tenders?limit=200&${q}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().items as { id: string }[]).map((t) => t.id);
    };
    for (const q of [
      'sector=transport',
      'sector=energy',
      'district=FEEDD1',
      'district=FEEDD2&sector=transport',
      'eligibility=KR',
      'eligibility=fr',
      'sector=transport&eligibility=FR',
    ]) {
      expect((await list(q)).sort(), q).toEqual((await feed(q)).sort());
    }
    expect(await list('sector=transport&district=FEEDD1&eligibility=KR')).toEqual([roadTender]);
    // The office sees its draft in the list, filtered the same way; the public never does.
    const office = await call('/api/v1/tenders?limit=200&sector=transport', { authorization: operator.auth });
    expect((office.json().items as { id: string }[]).map((t) => t.id).sort()).toEqual([roadTender, draftTender].sort());
    const bad = await call('/api/v1/tenders?district=NOWHERE&sector=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('/querystring/district');
    expect(JSON.stringify(bad.json().errors)).toContain('/querystring/sector');
  });

  it('keeps the filters and the language in its self link', async () => {
    const f = parseAtom((await call('/api/v1/feeds/tenders.atom?sector=energy&lang=ru')).body);
    const self = atomChildren(f.feed, 'link')
      .find((l) => l.getAttribute('rel') === 'self')!
      .getAttribute('href');
    expect(self).toBe('https://berpa.example.org/api/v1/feeds/tenders.atom?sector=energy&lang=ru');
    const alt = atomChildren(f.feed, 'link')
      .find((l) => l.getAttribute('rel') === 'alternate')!
      .getAttribute('href');
    expect(alt).toBe('https://berpa.example.org/tenders?sector=energy');
  });

  it('refuses a bad filter with problem+json naming the field', async () => {
    for (const [q, field] of [
      ['sector=nonsense', '/querystring/sector'],
      ['district=NOWHERE', '/querystring/district'],
      ['eligibility=ZZ', '/querystring/eligibility'],
      ['lang=fr', '/querystring/lang'],
    ]) {
      const r = await call(`/api/v1/feeds/tenders.atom?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(r.json().errors)).toContain(field);
    }
  });

  it('picks the language, marking a fallback with xml:lang', async () => {
    const az = parseAtom((await call('/api/v1/feeds/tenders.atom?lang=az')).body);
    expect(az.lang).toBe('az');
    expect(az.title).toBe('Berpa: tenderlər');
    const roadAz = az.entries.find((e) => e.link.endsWith(roadTender))!;
    expect(roadAz).toMatchObject({ title: 'Ağdam körpüsünün bərpası', titleLang: null });
    const ko = parseAtom((await call('/api/v1/feeds/tenders.atom?lang=ko')).body);
    expect(ko.title).toBe('Berpa: 입찰');
    expect(ko.entries.find((e) => e.link.endsWith(roadTender))).toMatchObject({ title: NASTY, titleLang: 'en' });
    const ru = parseAtom((await call('/api/v1/feeds/tenders.atom?lang=ru')).body);
    expect(ru.entries.find((e) => e.link.endsWith(energyTender))).toMatchObject({ title: 'Солнечная станция', titleLang: null });
  });

  it('answers with an ETag and 304 like the other public reads', async () => {
    const a = await call('/api/v1/feeds/tenders.atom?sector=energy');
    expect(a.headers.etag).toBeTruthy();
    expect(a.headers['cache-control']).toBe('public, no-cache');
    const b = await call('/api/v1/feeds/tenders.atom?sector=energy', { 'if-none-match': String(a.headers.etag) });
    expect(b.statusCode).toBe(304);
  });
});

describe('project feed', () => {
  it("shows the project's status changes and published tenders, never a draft", async () => {
    const s = await post(operator, `/api/v1/projects/${roadProject}/status`, { status: 'preparation', reason: 'Design approved INTERNALREASON' });
    expect(s.statusCode).toBe(200);
    const r = await call(`/api/v1/feeds/projects/${roadProject}.atom`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(r.body).not.toContain('DRAFTSECRET');
    expect(r.body).not.toContain('INTERNALREASON');
    const f = parseAtom(r.body);
    expect(f.entries.map((e) => e.title)).toContain('Status: Identification → Preparation');
    expect(tenderIds(f.entries)).toEqual([roadTender]);
    expect(f.entries.find((e) => e.link.endsWith(roadTender))!.title).toBe(`Tender published: ${NASTY}`);
    const ru = parseAtom((await call(`/api/v1/feeds/projects/${roadProject}.atom?lang=ru`)).body);
    expect(ru.entries.map((e) => e.title)).toContain('Статус: Определение → Подготовка');
  });

  it('answers 404 problem+json for an unknown project', async () => {
    const r = await call('/api/v1/feeds/projects/00000000-0000-4000-8000-000000000000.atom');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await call('/api/v1/feeds/projects/not-a-uuid.atom')).statusCode).toBe(400);
  });
});

describe('country feed', () => {
  it("lists the country's engagements in the asked language", async () => {
    const e = await post(operator, '/api/v1/engagements', {
      country: 'KR',
      kind: 'meeting',
      status: 'held',
      title: { en: 'Ministers meet & "agree"', ko: '장관 회담 <합의>' },
      summary: { en: 'Roads and schools.' },
      startsOn: '2024-05-02',
      place: 'Seoul',
      placeCountry: 'KR',
      topics: ['reconstruction'],
      participants: [],
      sources: [],
    });
    expect(e.statusCode, e.body).toBe(201);
    const f = parseAtom((await call('/api/v1/feeds/countries/KR.atom?lang=ko')).body);
    expect(f.lang).toBe('ko');
    const entry = f.entries.find((x) => x.id.endsWith(e.json().id))!;
    expect(entry).toMatchObject({ title: '장관 회담 <합의>', titleLang: null, link: 'https://berpa.example.org/countries/KR' });
    expect(entry.summary).toContain('회의');
    const en = parseAtom((await call('/api/v1/feeds/countries/KR.atom')).body);
    expect(en.entries.find((x) => x.id.endsWith(e.json().id))!.title).toBe('Ministers meet & "agree"');
  });

  it('answers 404 problem+json for an unknown country', async () => {
    const r = await call('/api/v1/feeds/countries/ZZ.atom');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
