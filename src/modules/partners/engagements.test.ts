import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeOrg, makeUser, type TestUser } from '../../../test/helpers/factories.ts';

let env: TestEnv;
let operator: TestUser, company: TestUser;
let krOrg: string;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  company = await makeUser(env.deps, { roles: ['company'] });
  krOrg = (await makeOrg(env.deps, { country: 'KR' })).id;
});
afterAll(() => env?.close());

const call = (user: TestUser | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  env.app.inject({ method, url, payload, headers: user ? { authorization: user.auth } : {} });
const count = async () =>
  (
    await env.deps.db
      .selectFrom('engagement')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86400_000).toISOString().slice(0, 10);

const meeting = (o: object = {}) => ({
  country: 'KR',
  kind: 'meeting',
  status: 'held',
  title: { en: 'Meeting of the President and the Speaker', az: 'Prezident və Spikerin görüşü' },
  summary: { en: 'Korea’s part in the reconstruction.' },
  startsOn: '2021-08-19',
  place: 'Baku',
  placeCountry: 'AZ',
  topics: ['reconstruction', 'inter-parliamentary relations'],
  participants: [
    { name: 'İlham Aliyev', title: 'President of the Republic of Azerbaijan', country: 'AZ' },
    { name: 'Park Byeong-seug', title: 'Speaker of the National Assembly', organisationName: 'National Assembly of the Republic of Korea', country: 'KR' },
  ],
  sources: [{ title: 'Azertag report', publisher: 'Azertag', url: 'https://azertag.az/en', publishedOn: '2021-08-19' }],
  related: { organisations: [krOrg] },
  ...o,
});

describe('engagements', () => {
  it('records an engagement with participants, sources and related records, and audits it', async () => {
    const r = await call(operator, 'POST', '/api/v1/engagements', meeting());
    expect(r.statusCode).toBe(201);
    const e = r.json();
    expect(e.participants.map((p: { name: string }) => p.name)).toEqual(['İlham Aliyev', 'Park Byeong-seug']);
    expect(e.sources[0]).toMatchObject({ publisher: 'Azertag', publishedOn: '2021-08-19' });
    expect(e.related).toEqual({ projects: [], tenders: [], organisations: [krOrg] });
    const got = (await call(null, 'GET', `/api/v1/engagements/${e.id}`)).json();
    expect(got).toEqual(e);
    const audit = await env.deps.db.selectFrom('audit_event').select('action').where('entity_id', '=', e.id).execute();
    expect(audit).toEqual([{ action: 'engagement.create' }]);
    // The country page lists it with where it was reported, so a visitor can check it.
    const country = (await call(null, 'GET', '/api/v1/countries/KR')).json();
    const listed = country.engagements.find((x: { id: string }) => x.id === e.id);
    expect(listed.sources).toEqual(e.sources);
    expect(listed).not.toHaveProperty('participants');
  });

  it('refuses an engagement dated in the future marked as held, but takes it as planned', async () => {
    const before = await count();
    const r = await call(operator, 'POST', '/api/v1/engagements', meeting({ startsOn: isoDay(2) }));
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'engagement_in_future', errors: [{ field: '/body/status' }] });
    expect(await count()).toBe(before);
    const planned = await call(operator, 'POST', '/api/v1/engagements', meeting({ status: 'planned', startsOn: isoDay(30), kind: 'forum' }));
    expect(planned.statusCode).toBe(201);
    // Marking it held before the day comes is refused too.
    const early = await call(operator, 'PATCH', `/api/v1/engagements/${planned.json().id}`, { status: 'held' });
    expect(early.statusCode).toBe(422);
    expect((await call(null, 'GET', `/api/v1/engagements/${planned.json().id}`)).json().status).toBe('planned');
  });

  it('refuses unknown countries, related records and malformed fields, naming them and writing nothing', async () => {
    const before = await count();
    const ghost = '00000000-0000-4000-8000-000000000000';
    const cases: [object, number, string, string][] = [
      [meeting({ country: 'XX' }), 400, 'unknown_country', '/body/country'],
      [meeting({ placeCountry: 'EU' }), 400, 'unknown_country', '/body/placeCountry'],
      [meeting({ participants: [{ name: 'Someone', country: 'SU' }] }), 400, 'unknown_country', '/body/participants/0/country'],
      [meeting({ related: { projects: [ghost] } }), 400, 'unknown_related_record', '/body/related/projects'],
      [meeting({ related: { organisations: [ghost] } }), 400, 'unknown_related_record', '/body/related/organisations'],
      [meeting({ sources: [{ title: 'No link' }] }), 400, 'validation_failed', '/body/sources/0'],
      [meeting({ sources: [{ title: 'Bad link', url: 'javascript:alert(1)' }] }), 400, 'validation_failed', '/body/sources/0/url'],
      [meeting({ kind: 'party' }), 400, 'validation_failed', '/body/kind'],
      [meeting({ title: {} }), 400, 'validation_failed', '/body/title'],
      [meeting({ endsOn: '2021-08-18' }), 400, 'validation_failed', '/body/endsOn'],
    ];
    for (const [payload, status, code, field] of cases) {
      const r = await call(operator, 'POST', '/api/v1/engagements', payload);
      expect(r.statusCode, JSON.stringify(payload).slice(0, 120)).toBe(status);
      expect(r.json().code).toBe(code);
      expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('is recorded by operators only and read by anyone', async () => {
    expect((await call(company, 'POST', '/api/v1/engagements', meeting())).statusCode).toBe(403);
    expect((await call(null, 'POST', '/api/v1/engagements', meeting())).statusCode).toBe(401);
    expect((await call(null, 'GET', '/api/v1/engagements?country=KR')).statusCode).toBe(200);
  });

  it('lists newest first with a cursor, by country and kind', async () => {
    for (const [country, startsOn] of [
      ['TR', '2022-03-01'],
      ['TR', '2023-05-10'],
      ['TR', '2022-11-20'],
      ['IT', '2022-04-04'],
    ]) {
      expect((await call(operator, 'POST', '/api/v1/engagements', meeting({ country, startsOn, kind: 'delegation', related: {} }))).statusCode).toBe(201);
    }
    const first = (await call(null, 'GET', '/api/v1/engagements?country=TR&limit=2')).json();
    expect(first.items.map((e: { startsOn: string }) => e.startsOn)).toEqual(['2023-05-10', '2022-11-20']);
    const second = (await call(null, 'GET', `/api/v1/engagements?country=TR&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((e: { startsOn: string }) => e.startsOn)).toEqual(['2022-03-01']);
    expect(second.nextCursor).toBeNull();
    const forums = (await call(null, 'GET', '/api/v1/engagements?kind=forum')).json();
    expect(forums.items.every((e: { kind: string }) => e.kind === 'forum')).toBe(true);
  });

  it('updates lists by replacement and deletes with a reason', async () => {
    const e = (await call(operator, 'POST', '/api/v1/engagements', meeting({ country: 'GB', related: {} }))).json();
    const r = await call(operator, 'PATCH', `/api/v1/engagements/${e.id}`, { participants: [{ name: 'A. Person' }], summary: { ko: '요약' }, reason: 'corrected list' });
    expect(r.statusCode).toBe(200);
    expect(r.json().participants).toEqual([{ name: 'A. Person', title: null, organisationName: null, organisationId: null, country: null }]);
    expect(r.json().sources).toHaveLength(1);
    expect(r.json().summary).toEqual({ ko: '요약' });
    const d = await call(operator, 'DELETE', `/api/v1/engagements/${e.id}`, { reason: 'duplicate record' });
    expect(d.statusCode).toBe(204);
    expect((await call(null, 'GET', `/api/v1/engagements/${e.id}`)).statusCode).toBe(404);
    expect(await env.deps.db.selectFrom('engagement_participant').select('id').where('engagement_id', '=', e.id).execute()).toEqual([]);
  });
});
