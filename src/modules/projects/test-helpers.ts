import { sql } from 'kysely';
import type { App } from '../../http/types.ts';
import type { AppDeps } from '../../lib/context.ts';
import type { ProjectInputT } from './schema.ts';

/** Test helpers for the projects module (imported by its tests only). */
let n = 0;

/** A district-level area with a rectangular boundary, created directly (the Land module owns the real import). */
export async function makeArea(deps: AppDeps, code: string, bbox: [number, number, number, number], level: 'district' | 'country' = 'district') {
  const existing = await deps.db.selectFrom('area').select('id').where('code', '=', code).executeTakeFirst();
  if (existing) return existing.id;
  const r = await sql<{ id: string }>`
    insert into area (code, level, name, geom)
    values (${code}, ${level}, ${JSON.stringify({ en: code })}::jsonb, ST_Multi(ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)))
    returning id`.execute(deps.db);
  return r.rows[0].id;
}

/** A valid project input; override what the test is about. */
export function projectInput(o: Partial<ProjectInputT> = {}): ProjectInputT {
  n += 1;
  return {
    code: `T-${process.pid}-${n}`,
    title: { en: `Test project ${n}`, az: `Sınaq layihəsi ${n}` },
    sector: ['transport', 'transport.road'],
    type: 'construction',
    location: { type: 'Point', coordinates: [47 + n / 1000, 39.5] },
    budget: { amount: 1_000_000, currency: 'AZN' },
    ...o,
  };
}

/** POST a file as multipart field "file" (the import endpoints). */
export function uploadFile(app: App, url: string, filename: string, data: Buffer | Uint8Array, auth?: string) {
  const boundary = `----berpa${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({ method: 'POST', url, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(auth ? { authorization: auth } : {}) } });
}
