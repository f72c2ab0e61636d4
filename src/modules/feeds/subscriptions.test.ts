import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { type Inbox, readMail as parse, startSmtp } from '../../../test/helpers/smtp.ts';
import { projectInput } from '../projects/test-helpers.ts';
import { bidder, inEvaluation, type Member, setupKey, tenderCast, tenderInput } from '../tenders/test-kit.ts';
import { sendPending } from './mail-sender.ts';

let env: TestEnv;
let smtp: Inbox;
let operator: TestUser, evaluator: TestUser, reader: TestUser;
let members: Member[];
let roadProject: string, energyProject: string;

const post = (user: TestUser | null, url: string, payload?: object) => env.app.inject({ method: 'POST', url, payload, headers: user ? { authorization: user.auth } : {} });

async function publishTender(title: string, projectIds: string[]) {
  const c = await post(operator, '/api/v1/tenders', { ...tenderInput(members, { eligibility: 'all' }), title: { en: title }, projectIds });
  if (c.statusCode !== 201) throw new Error(c.body);
  const id = c.json().id as string;
  await setupKey(env, id, members);
  const p = await post(operator, `/api/v1/tenders/${id}/publish`);
  if (p.statusCode !== 200) throw new Error(p.body);
  return id;
}

beforeAll(async () => {
  smtp = await startSmtp();
  env = await testEnv({ publicUrl: 'https://berpa.example.org', smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
  await ensureProgramme(env.deps);
  ({ operator, evaluator, members } = await tenderCast(env));
  reader = await makeUser(env.deps, { roles: ['observer'] });
  const mk = async (input: object) => (await post(operator, '/api/v1/projects', input)).json().id as string;
  roadProject = await mk(projectInput({ sector: ['transport', 'transport.road'] }));
  energyProject = await mk(projectInput({ sector: ['energy'] }));
}, 240_000);
afterAll(async () => {
  await env?.close();
  await smtp?.close();
});

describe('email subscriptions', () => {
  it('refuses an anonymous caller and a bad filter (naming the field)', async () => {
    expect((await post(null, '/api/v1/subscriptions', { kind: 'tenders' })).statusCode).toBe(401);
    const bad = await post(reader, '/api/v1/subscriptions', { kind: 'tenders', sector: 'nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('/body/sector');
  });

  it('mails a matching tender once, with a one-click unsubscribe link; after unsubscribing, nothing', async () => {
    const s = await post(reader, '/api/v1/subscriptions', { kind: 'tenders', sector: 'transport', language: 'en' });
    expect(s.statusCode, s.body).toBe(201);
    const sub = s.json();
    expect(sub).toMatchObject({ kind: 'tenders', filter: { sector: 'transport' }, email: reader.email });
    const audit = await env.deps.db.selectFrom('audit_event').select('action').where('entity_id', '=', sub.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['subscription.create']);
    const mine = await env.app.inject({ method: 'GET', url: '/api/v1/subscriptions', headers: { authorization: reader.auth } });
    expect(mine.json().items.map((x: { id: string }) => x.id)).toEqual([sub.id]);

    const road = await publishTender('Road & bridge <Aghdam>', [roadProject]);
    await publishTender('Solar plant', [energyProject]);
    smtp.mails.length = 0;
    expect(await sendPending(env.deps)).toEqual({ sent: 1, failed: 0, skipped: false });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual([reader.email]);
    const m = parse(smtp.mails[0].raw);
    expect(m.header('Subject')).toBe('New tender: Road & bridge <Aghdam>');
    expect(m.body).toContain(`https://berpa.example.org/tenders/${road}`);
    const link = m.body.match(/https:\/\/berpa\.example\.org\/api\/v1\/subscriptions\/unsubscribe\?token=[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeTruthy();
    expect(m.header('List-Unsubscribe')).toBe(`<${link}>`);
    expect(m.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // A second run sends nothing: the mail was marked sent in its transaction.
    expect(await sendPending(env.deps)).toMatchObject({ sent: 0 });

    const path = link!.replace('https://berpa.example.org', '');
    const u = await env.app.inject({ method: 'GET', url: path });
    expect(u.statusCode).toBe(200);
    expect(u.json()).toEqual({ removed: true });
    expect((await env.app.inject({ method: 'GET', url: path })).json()).toEqual({ removed: false });

    await publishTender('Another road', [roadProject]);
    smtp.mails.length = 0;
    expect(await sendPending(env.deps)).toMatchObject({ sent: 0 });
    expect(smtp.mails).toHaveLength(0);
  });

  it('accepts the RFC 8058 one-click POST, and mails project status changes and engagements', async () => {
    const p = (await post(reader, '/api/v1/subscriptions', { kind: 'project', projectId: roadProject, language: 'ru' })).json();
    const c = (await post(reader, '/api/v1/subscriptions', { kind: 'country', country: 'KR', language: 'ko' })).json();
    expect(p.id && c.id).toBeTruthy();
    expect((await post(operator, `/api/v1/projects/${roadProject}/status`, { status: 'preparation', reason: 'Design approved' })).statusCode).toBe(200);
    const e = await post(operator, '/api/v1/engagements', {
      country: 'KR',
      kind: 'meeting',
      status: 'held',
      title: { en: 'Ministers meet', ko: '장관 회담' },
      startsOn: '2024-05-02',
      participants: [],
      sources: [],
    });
    expect(e.statusCode, e.body).toBe(201);
    smtp.mails.length = 0;
    expect(await sendPending(env.deps)).toMatchObject({ sent: 2 });
    const subjects = smtp.mails.map((x) => parse(x.raw).body);
    expect(subjects.some((b) => b.includes('Статус: Определение → Подготовка'))).toBe(true);
    expect(subjects.some((b) => b.includes('장관 회담'))).toBe(true);
    // One-click: a form POST to the link, as a mail client sends it.
    const tok = (await env.deps.db.selectFrom('subscription').select('unsubscribe_token').where('id', '=', c.id).executeTakeFirstOrThrow()).unsubscribe_token;
    const oc = await env.app.inject({
      method: 'POST',
      url: `/api/v1/subscriptions/unsubscribe?token=${tok}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(oc.statusCode, oc.body).toBe(200);
    expect(oc.json()).toEqual({ removed: true });
    const del = await env.app.inject({ method: 'DELETE', url: `/api/v1/subscriptions/${p.id}`, headers: { authorization: reader.auth } });
    expect(del.json()).toEqual({ id: p.id, removed: true });
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/subscriptions', headers: { authorization: reader.auth } })).json().items).toEqual([]);
  });

  it("mails an award to the subscribers of the tender's projects (once each), and a pledge to the country's", async () => {
    const journalist = await makeUser(env.deps, { roles: ['observer'] });
    const sub = (payload: object) => post(journalist, '/api/v1/subscriptions', payload);
    for (const payload of [
      { kind: 'project', projectId: roadProject, language: 'az' },
      { kind: 'project', projectId: energyProject, language: 'az' },
      { kind: 'country', country: 'KR', language: 'ru' },
    ])
      expect((await sub(payload)).statusCode).toBe(201);
    const [winner, other] = [await bidder(env, 'KR'), await bidder(env, 'AZ')];
    const tender = await inEvaluation(
      env,
      { operator, evaluator, members },
      [
        [winner, 1_800_000],
        [other, 1_750_500],
      ],
      { eligibility: 'all', projectIds: [roadProject, energyProject] },
    );
    // The publication's mail goes out first; the award's is the one after.
    await sendPending(env.deps);
    smtp.mails.length = 0;
    const ranking = (await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${tender.id}/evaluation`, headers: { authorization: evaluator.auth } })).json().ranking;
    const aw = await post(operator, `/api/v1/tenders/${tender.id}/award`, { bidId: ranking[0].bidId, reasons: 'Lowest valid price.' });
    expect(aw.statusCode, aw.body).toBe(201);
    const name = (await env.deps.db.selectFrom('organisation').select('name').where('id', '=', aw.json().supplierOrgId).executeTakeFirstOrThrow()).name;
    expect(await sendPending(env.deps)).toMatchObject({ sent: 1, failed: 0 });
    const m = parse(smtp.mails[0].raw);
    expect(smtp.mails[0].to).toEqual([journalist.email]);
    expect(m.header('Subject')).toBe('Layihədə yenilik: Tenderin qalibi müəyyənləşib: Ağdam su xəttinin bərpası');
    // The full amount in Azerbaijani grouping, never rounded: 1 750 500 and 1 800 000 must not look alike.
    expect(m.body).toMatch(new RegExp(`Qalib: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, 1[.\u00a0 ]750[.\u00a0 ]500 AZN`));
    expect(m.body).toContain(`https://berpa.example.org/tenders/${tender.id}`);

    // A pledge: the country's subscribers, in their language.
    smtp.mails.length = 0;
    const pl = await post(operator, '/api/v1/pledges', {
      country: 'KR',
      pledger: 'Korea International Cooperation Agency',
      description: { en: 'Smart-village pilot', ru: 'Пилотный проект «умной деревни»' },
      currency: 'USD',
      amount: 2_500_000,
      pledgedOn: '2024-03-01',
    });
    expect(pl.statusCode, pl.body).toBe(201);
    expect(await sendPending(env.deps)).toMatchObject({ sent: 1 });
    const pm = parse(smtp.mails[0].raw);
    expect(pm.header('Subject')).toBe('Новое обязательство: Korea International Cooperation Agency');
    expect(pm.body).toMatch(/Обязательство: Korea International Cooperation Agency, 2[\u00a0 ]500[\u00a0 ]000 USD/);
    expect(pm.body).toContain('Пилотный проект «умной деревни»');
    expect(pm.body).toContain('https://berpa.example.org/countries/KR');
  });

  it('keeps the outbox when no SMTP is configured', async () => {
    const r = await sendPending({ ...env.deps, config: { ...env.deps.config, smtpUrl: null } });
    expect(r).toEqual({ sent: 0, failed: 0, skipped: true });
  });
});
