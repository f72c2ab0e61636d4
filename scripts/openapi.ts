/**
 * Writes the OpenAPI document the server would serve at /api/openapi.json,
 * without a database (routes are registered, never called): `npm run api:types`
 * feeds it to openapi-typescript for web/src/api/schema.d.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import type { AppDeps } from '../src/lib/context.ts';
import { BlobStore } from '../src/modules/documents/blob-store.ts';

export async function openApiDocument(): Promise<unknown> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-openapi-'));
  const config = { ...loadConfig({ NODE_ENV: 'test' }), dataDir, logLevel: 'silent' as const };
  // No query runs while routes register; a database that throws proves it.
  const db = new Proxy(
    {},
    {
      get: () => {
        throw new Error('openapi: no database access expected');
      },
    },
  ) as AppDeps['db'];
  const deps: AppDeps = { db, dbKind: 'pglite', config, blobs: new BlobStore(path.join(dataDir, 'blobs')) };
  const app = await buildApp(deps, { logger: false, serveWeb: false });
  await app.ready();
  try {
    return app.swagger();
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const out = process.argv[2];
  const text = JSON.stringify(await openApiDocument(), null, 2) + '\n';
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text);
}
