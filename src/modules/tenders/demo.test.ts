import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { seedCore } from '../../seed/core-demo.ts';
import type { DemoState } from '../../seed/demo.ts';
import { systemActor } from '../auth/permissions.ts';
import { seedTenders } from './demo.ts';

let env: TestEnv;
const state: DemoState = { orgs: {}, users: {}, refs: {} };
beforeAll(async () => {
  env = await testEnv();
  const ctx = { ...env.ctx(systemActor('demo-seed')) };
  await seedCore(ctx, state, 'demo-password-for-tests');
  await seedTenders(ctx, state);
}, 240_000);
afterAll(() => env?.close());

describe('tender demo data', () => {
  it('has tenders at every stage, a real opening, an award under standstill with a complaint, a contract', async () => {
    const rows = await env.deps.db.selectFrom('tender').select(['id', 'status']).execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['active', 'cancelled', 'complete', 'complete', 'complete', 'draft', 'evaluation', 'standstill', 'unsuccessful']);
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.id]));
    const openingRec = await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${byStatus.evaluation}/opening` });
    expect(openingRec.json().validBids).toBe(3);
    expect(openingRec.json().bids.some((b: { bidder: { country: string } }) => b.bidder.country === 'KR')).toBe(true);
    expect(openingRec.json().bids.some((b: { prices: { abnormallyLow: boolean }[] }) => b.prices[0].abnormallyLow)).toBe(true);
    const outcome = (await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${byStatus.standstill}/outcome` })).json();
    expect(outcome.awards[0].status).toBe('suspended');
    expect(outcome.complaints[0].status).toBe('pending');
    const done = (await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${byStatus.complete}/outcome` })).json();
    expect(done.contracts).toHaveLength(1);
    // the still-sealed tender has bids but no readable prices
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${byStatus.active}/opening` })).statusCode).toBe(404);
    const keys = JSON.parse(fs.readFileSync(path.join(env.deps.config.dataDir, 'demo', 'committee-keys.json'), 'utf8'));
    expect(Object.keys(keys)).toHaveLength(3);
  });
});
