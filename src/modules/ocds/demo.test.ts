import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { loadSchemaValidator } from '../../lib/standards.ts';
import { seedDemo } from '../../seed/demo.ts';
import { systemActor } from '../auth/permissions.ts';
import { exportOcds } from './export.service.ts';
import { publishRelease } from './service.ts';

/**
 * The demonstration programme's open data: every tender at every stage gets
 * a release (the ones the tender workflow wrote, plus one more per tender
 * here so that each stage's builder runs even if the workflow wrote none),
 * and the bulk export and every API package validate against OCDS 1.1.5.
 */
let env: TestEnv;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-ocds-export-'));
beforeAll(async () => {
  env = await testEnv();
  await seedDemo(env.deps);
}, 600_000);
afterAll(async () => {
  fs.rmSync(out, { recursive: true, force: true });
  await env?.close();
});

const TAGS: Record<string, string[]> = {
  active: ['tender'],
  opening: ['tenderUpdate'],
  evaluation: ['tenderUpdate'],
  standstill: ['award'],
  awarded: ['awardUpdate'],
  complete: ['contract'],
  cancelled: ['tenderCancellation'],
  unsuccessful: ['tenderUpdate'],
};

describe('OCDS output of the demo', () => {
  it('every release and record validates, in the API and in the bulk files', async () => {
    const tenders = await env.deps.db.selectFrom('tender').select(['ocid', 'status']).where('status', '<>', 'draft').execute();
    expect(tenders.length).toBeGreaterThan(0);
    const ctx = env.ctx(systemActor('ocds-demo-test'));
    for (const t of tenders) await env.deps.db.transaction().execute((trx) => publishRelease(trx, ctx, t.ocid, TAGS[t.status as string]));

    const r = await exportOcds(env.deps, out);
    expect(r.records).toBe(new Set(tenders.map((t) => t.ocid)).size);
    const releases = JSON.parse(fs.readFileSync(path.join(out, 'releases.json'), 'utf8'));
    const records = JSON.parse(fs.readFileSync(path.join(out, 'records.json'), 'utf8'));
    expect(releases.releases).toHaveLength(r.releases);
    expect(loadSchemaValidator('ocds/schema/release-package-schema.json').validate(releases).errors).toEqual([]);
    expect(loadSchemaValidator('ocds/schema/record-package-schema.json').validate(records).errors).toEqual([]);
    const statuses = new Set(records.records.map((x: { compiledRelease: { tender: { statusDetails: string } } }) => x.compiledRelease.tender.statusDetails));
    for (const s of ['active', 'standstill', 'complete']) expect(statuses, s).toContain(s);

    // The same through the API, a page at a time, and one record per process.
    const page = await env.app.inject({ method: 'GET', url: '/api/v1/ocds/releases?limit=1000' });
    expect(loadSchemaValidator('ocds/schema/release-package-schema.json').validate(page.json()).errors).toEqual([]);
    for (const t of tenders.slice(0, 5)) {
      const rec = await env.app.inject({ method: 'GET', url: `/api/v1/ocds/records/${t.ocid}` });
      expect(loadSchemaValidator('ocds/schema/record-package-schema.json').validate(rec.json()).errors).toEqual([]);
    }
  });

  it('publishes no bid, bidder or price for a tender that has not been opened', async () => {
    const open = await env.deps.db.selectFrom('tender').select(['id', 'ocid']).where('status', '=', 'active').execute();
    const releases = JSON.parse(fs.readFileSync(path.join(out, 'releases.json'), 'utf8')).releases as Record<string, any>[];
    let sealed = 0;
    for (const t of open) {
      const bidders = await env.deps.db
        .selectFrom('bid')
        .innerJoin('organisation', 'organisation.id', 'bid.organisation_id')
        .select(['organisation.name', 'organisation.identifier_id'])
        .where('bid.tender_id', '=', t.id)
        .execute();
      for (const rel of releases.filter((x) => x.ocid === t.ocid)) {
        expect(rel.bids).toBeUndefined();
        const text = JSON.stringify(rel);
        for (const b of bidders) expect(text).not.toContain(b.identifier_id);
      }
      sealed += bidders.length;
    }
    expect(sealed, 'the demo has sealed bids on an open tender to check against').toBeGreaterThan(0);
  });
});
