/**
 * Test-only helpers for the contracts tests: a signed contract in one call.
 * The tender is written straight into its tables at the "awarded" stage
 * (the tenders tests cover how it gets there); the contract itself is signed
 * through the real HTTP endpoint, so the hand-over to this module is the real one.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { TestEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeOrg, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import * as projects from '../projects/service.ts';
import { projectInput } from '../projects/test-helpers.ts';
import { withExif } from './exif-writer.ts';

/** A site 0.02° square at (lon, lat) → about 1.7 × 2.2 km near 39.6 N. */
export const SITE = { lon: 47.1, lat: 39.6 };
export function square(lon: number, lat: number, d = 0.01) {
  return {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [lon - d, lat - d],
          [lon + d, lat - d],
          [lon + d, lat + d],
          [lon - d, lat + d],
          [lon - d, lat - d],
        ],
      ],
    ],
  };
}

export interface Signed {
  id: string;
  tenderId: string;
  ocid: string;
  projectId: string;
  outputs: { id: string; metric: string }[];
  supplier: TestUser;
}

export async function people(env: TestEnv) {
  await ensureProgramme(env.deps);
  return {
    operator: await makeUser(env.deps, { roles: ['operator'] }),
    operator2: await makeUser(env.deps, { roles: ['operator'] }),
    supplier: await makeUser(env.deps, { roles: ['company'], country: 'KR' }),
    other: await makeUser(env.deps, { roles: ['company'] }),
    auditor: await makeUser(env.deps, { roles: ['auditor'] }),
  };
}

export async function signedContract(
  env: TestEnv,
  operator: TestUser,
  supplier: TestUser,
  o: { value?: number; lon?: number; lat?: number; start?: string; end?: string } = {},
): Promise<Signed> {
  const value = o.value ?? 1_000_000;
  const lon = o.lon ?? SITE.lon;
  const lat = o.lat ?? SITE.lat;
  const p = await projects.create(
    env.ctx(operator.actor),
    projectInput({
      location: { type: 'Point', coordinates: [lon, lat] },
      site: square(lon, lat) as never,
      status: 'implementation',
      outputs: [
        { metric: 'homes', unit: 'units', planned: 120 },
        { metric: 'roadKm', unit: 'km', planned: 14 },
      ],
    } as never),
  );
  const prog = await env.deps.db.selectFrom('programme').select(['id', 'ocid_prefix']).executeTakeFirstOrThrow();
  const ocid = `${prog.ocid_prefix}-2026-${crypto.randomInt(10_000_000, 99_999_999)}`;
  const t = await sql<{ id: string }>`
    insert into tender (ocid, programme_id, title, method, status, enquiry_start, enquiry_end, tender_start, tender_end, opening_at, value_amount, value_currency, published_at)
    values (${ocid}, ${prog.id}, ${JSON.stringify({ en: 'Test works' })}::jsonb, 'open', 'awarded', now() - interval '60 days', now() - interval '45 days',
            now() - interval '60 days', now() - interval '30 days', now() - interval '30 days', ${value}, 'AZN', now() - interval '60 days')
    returning id`.execute(env.deps.db);
  const tenderId = t.rows[0].id;
  await sql`insert into tender_project (tender_id, project_id) values (${tenderId}, ${p.id})`.execute(env.deps.db);
  const lot = await sql<{ id: string }>`insert into tender_lot (tender_id, ref, title) values (${tenderId}, '1', '{"en":"Lot 1"}'::jsonb) returning id`.execute(env.deps.db);
  const bid = await sql<{ id: string }>`
    insert into bid (tender_id, organisation_id, status, lot_ids, envelope, envelope_sha256)
    values (${tenderId}, ${supplier.orgId}, 'valid', ${[lot.rows[0].id]}::uuid[], '{}'::jsonb, ${'0'.repeat(64)}) returning id`.execute(env.deps.db);
  await sql`insert into bid_price (bid_id, lot_id, amount, currency) values (${bid.rows[0].id}, ${lot.rows[0].id}, ${value}, 'AZN')`.execute(env.deps.db);
  // Opened, as the real flow has it before any award: other modules see bids only through the opened_* views.
  await sql`insert into tender_opening (tender_id, opened_at, opened_by, record) values (${tenderId}, now() - interval '29 days', '{}'::uuid[], '{}'::jsonb)`.execute(env.deps.db);
  await sql`insert into award (tender_id, bid_id, supplier_org_id, value_amount, value_currency, reasons, status, standstill_ends_at)
    values (${tenderId}, ${bid.rows[0].id}, ${supplier.orgId}, ${value}, 'AZN', 'lowest price', 'active', now() - interval '1 day')`.execute(env.deps.db);
  const r = await env.app.inject({
    method: 'POST',
    url: `/api/v1/tenders/${tenderId}/contract`,
    headers: { authorization: operator.auth },
    payload: { periodStart: o.start ?? '2026-01-01', periodEnd: o.end ?? '2027-12-31' },
  });
  if (r.statusCode !== 201) throw new Error(r.body);
  const outputs = await env.deps.db.selectFrom('project_output').select(['id', 'metric']).where('project_id', '=', p.id).execute();
  return { id: r.json().id, tenderId, ocid, projectId: p.id, outputs, supplier };
}

export async function jpeg(o: { takenAt?: Date; position?: { lat: number; lon: number }; width?: number } = {}) {
  const base = await sharp({ create: { width: o.width ?? 320, height: 240, channels: 3, background: '#7a9a5c' } })
    .jpeg()
    .toBuffer();
  return withExif(base, o);
}

/** A multipart body with an optional offSiteReason field and one file. */
export function multipart(file: Buffer, fields: Record<string, string> = {}, type = 'image/jpeg') {
  const boundary = `----berpa${crypto.randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="photo.jpg"\r\ncontent-type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function makeOrgUser(env: TestEnv, country = 'AZ') {
  const org = await makeOrg(env.deps, { country });
  return makeUser(env.deps, { roles: ['company'], orgId: org.id });
}

/** An API call as one of the test people (null: anonymous). */
export function callAs(env: TestEnv, user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return env.app.inject({ method, url, payload: payload as object, headers: { ...(user ? { authorization: user.auth } : {}), ...headers } });
}

/** Rows in a table: "nothing was written" checks. */
export async function rowCount(env: TestEnv, table: string): Promise<number> {
  return Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(env.deps.db)).rows[0].n);
}
