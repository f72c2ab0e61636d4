import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { seedCore } from '../../seed/core-demo.ts';
import type { DemoState } from '../../seed/demo.ts';
import { systemActor } from '../auth/permissions.ts';
import { seedPartners } from './demo.ts';
import { isPartnerOn } from './eligibility.ts';

let env: TestEnv;
const state: DemoState = { orgs: {}, users: {}, refs: {} };
beforeAll(async () => {
  env = await testEnv();
  const ctx = { ...env.ctx(systemActor('demo-seed')), requestId: 'demo' };
  await seedCore(ctx, state, 'demo-password-for-tests');
  await seedPartners(ctx, state);
}, 180_000);
afterAll(() => env?.close());

describe('partners demo data', () => {
  it('starts with the origin meeting, correctly spelled, with its source, and not marked as demonstration data', async () => {
    const list = (await env.app.inject({ method: 'GET', url: '/api/v1/engagements?country=KR&limit=200' })).json().items;
    const held = list.filter((e: { status: string }) => e.status === 'held');
    const origin = held[held.length - 1];
    expect(origin).toMatchObject({ startsOn: '2021-08-19', kind: 'meeting', place: 'Baku', isDemo: false });
    const all = (await env.app.inject({ method: 'GET', url: '/api/v1/engagements?limit=200' })).json().items;
    expect(all[all.length - 1].id).toBe(origin.id);
    expect(all.filter((e: { isDemo: boolean }) => !e.isDemo)).toHaveLength(1);

    const full = (await env.app.inject({ method: 'GET', url: `/api/v1/engagements/${origin.id}` })).json();
    expect(full.participants.map((p: { name: string }) => p.name)).toEqual(['İlham Aliyev', 'Park Byeong-seug']);
    // Only the source note mentions the fault it corrects.
    expect(JSON.stringify({ ...full, sources: [] })).not.toContain('?lham');
    expect(full.summary.az).toContain('İlham Əliyev');
    expect(full.title.en).toContain('İlham Aliyev');
    expect(full.sources).toHaveLength(1);
    expect(full.sources[0]).toMatchObject({ publisher: 'Azertag', publishedOn: '2021-08-19' });
    const content = await env.app.inject({ method: 'GET', url: `/api/v1/documents/${full.sources[0].documentId}/content` });
    expect(content.statusCode).toBe(200);
    expect(content.body).toContain('President İlham Aliyev and Korean National Assembly Speaker Park Byeong-seug');
    expect(content.body).toContain('We need to rebuild 10,000 square kilometers');
    expect(content.body).not.toContain('?lham');
    // The stored text is the kept source file, byte for byte.
    const kept = fs.readFileSync(new URL('../../../data-assets/sources/origin-article.txt', import.meta.url));
    expect(crypto.createHash('sha256').update(content.rawPayload).digest('hex')).toBe(crypto.createHash('sha256').update(kept).digest('hex'));
  });

  it('makes KR, TR, IT, GB and AZ partners today but not Germany, and gives Japan a history', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const c of ['KR', 'TR', 'IT', 'GB', 'AZ', 'JP']) expect(await isPartnerOn(env.deps.db, c, today), c).toBe(true);
    expect(await isPartnerOn(env.deps.db, 'DE', today)).toBe(false);
    expect(await isPartnerOn(env.deps.db, 'KR', '2021-08-18')).toBe(false);
    expect(await isPartnerOn(env.deps.db, 'JP', '2024-01-01')).toBe(false);
    const jp = (await env.app.inject({ method: 'GET', url: '/api/v1/partners?country=JP' })).json().items[0];
    expect(jp.periods).toHaveLength(2);
  });

  it('has pledges at every stage, one over-disbursed with its reason, left for the projects step', async () => {
    const pledges = (await env.app.inject({ method: 'GET', url: '/api/v1/pledges?limit=200' })).json().items;
    expect(new Set(pledges.map((p: { status: string }) => p.status))).toEqual(new Set(['pledged', 'committed', 'disbursed']));
    const tr = pledges.find((p: { country: string }) => p.country === 'TR');
    expect(tr.disbursed.amount).toBeGreaterThan(tr.committed.amount);
    expect(tr.overDisbursementReason).toMatch(/tunnel/);
    expect(pledges.every((p: { isDemo: boolean; pledger: string }) => p.isDemo && p.pledger.endsWith('(demo)'))).toBe(true);
    expect(state.refs.pledges).toHaveLength(pledges.length);
    expect(state.refs['pledges.KR']).toHaveLength(2);
    const kr = (await env.app.inject({ method: 'GET', url: '/api/v1/countries/KR' })).json();
    expect(kr.pledges).toEqual([
      { currency: 'KRW', pledges: 1, pledged: 12_000_000_000, committed: 0, disbursed: 0 },
      { currency: 'USD', pledges: 1, pledged: 20_000_000, committed: 15_000_000, disbursed: 6_500_000 },
    ]);
    // Companies only (tenderer/supplier roles): the embassy registered as an observer organisation is not one (issue 15).
    expect(kr.companies).toMatchObject({ registered: 2, verified: 1 });
  });
});
