import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ctx } from '../../lib/context.ts';
import type { DemoState } from '../../seed/types.ts';
import { upload } from '../documents/service.ts';
import { DEMO_ENGAGEMENTS, DEMO_PERIODS, DEMO_PLEDGES, ORIGIN_MEETING, ORIGIN_SOURCE } from './demo-data.ts';
import { createEngagement } from './engagements.service.ts';
import { createPeriod } from './periods.service.ts';
import { createPledge, stepPledge } from './pledges.service.ts';

const ORIGIN_TEXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data-assets/sources/origin-article.txt');

/**
 * The partners step of the demo: partner periods, the origin meeting (real,
 * with its source document) and demonstration engagements and pledges,
 * all through the services so that every record passes the same checks and
 * is audited. Leaves pledge ids in `state.refs.pledges` (and per country in
 * `state.refs['pledges.KR']` …) for the projects step to fund projects from.
 */
export async function seedPartners(ctx: Ctx, state: DemoState) {
  for (const period of DEMO_PERIODS) await createPeriod(ctx, period, { isDemo: true });

  const doc = await upload(ctx, {
    data: fs.readFileSync(ORIGIN_TEXT),
    mediaType: 'text/plain',
    title: ORIGIN_SOURCE.title,
    documentType: 'other',
    language: 'en',
  });
  const origin = await createEngagement(ctx, { ...ORIGIN_MEETING, sources: [{ ...ORIGIN_SOURCE, documentId: doc.id }] }, undefined, { isDemo: false });
  const engagementIds: Record<string, string> = { origin: origin.id };

  for (const { orgs, key, ...input } of DEMO_ENGAGEMENTS) {
    const related = { organisations: (orgs ?? []).map((k) => state.orgs[k]).filter(Boolean) };
    const made = await createEngagement(ctx, { ...input, related }, undefined, { isDemo: true });
    if (key) engagementIds[key] = made.id;
  }

  const pledges: string[] = [];
  for (const { engagement, commit, disburse, ...input } of DEMO_PLEDGES) {
    const made = await createPledge(ctx, { ...input, engagementId: engagement ? engagementIds[engagement] : undefined }, undefined, { isDemo: true });
    if (commit) await stepPledge(ctx, made.id, 'committed', commit);
    for (const d of disburse ?? []) await stepPledge(ctx, made.id, 'disbursed', d);
    pledges.push(made.id);
    (state.refs[`pledges.${input.country}`] ??= []).push(made.id);
  }
  state.refs.pledges = pledges;
  state.refs.engagements = Object.values(engagementIds);
}
