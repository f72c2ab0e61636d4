import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../../lib/context.ts';
import { presentRelease, recordPackage, releasePackage } from './package.ts';
import * as repo from './repo.ts';
import { allRecords, publisher, sequenceBeforeRead } from './service.ts';

/**
 * Bulk files: `releases.json` (one release package, every release, oldest
 * first) and `records.json` (one record package, every contracting process).
 * Written as streams, a release or record at a time, so memory stays flat.
 * Returns the counts.
 */
export async function exportOcds(deps: AppDeps, dir: string, onProgress?: (n: number) => void): Promise<{ releases: number; records: number; files: string[] }> {
  fs.mkdirSync(dir, { recursive: true });
  await sequenceBeforeRead(deps.db);
  const p = await publisher(deps);
  const releasesFile = path.join(dir, 'releases.json');
  const recordsFile = path.join(dir, 'records.json');
  let releases = 0;
  await writePackage(releasesFile, releasePackage(p, `${p.baseUrl}/api/v1/ocds/releases`, []), 'releases', async function* () {
    let after = 0;
    for (let i = 0; i < 10_000_000; i++) {
      const rows = await repo.feedPage(deps.db, { after, order: 'asc', limit: 1000 });
      if (rows.length === 0) return;
      for (const r of rows) yield presentRelease(r);
      releases += rows.length;
      onProgress?.(releases);
      after = rows[rows.length - 1].position;
    }
  });
  let records = 0;
  await writePackage(recordsFile, recordPackage(p, `${p.baseUrl}/api/v1/ocds/records`, []), 'records', async function* () {
    for await (const r of allRecords(deps)) {
      records += 1;
      yield r;
    }
  });
  return { releases, records, files: [releasesFile, recordsFile] };
}

/** Write `head` with its (empty) array `key` filled from `items`, without holding them all. */
async function writePackage(file: string, head: Record<string, unknown>, key: string, items: () => AsyncGenerator<unknown>) {
  const tmp = `${file}.partial`;
  const out = fs.createWriteStream(tmp);
  const write = (s: string) => new Promise<void>((ok, fail) => out.write(s, (err) => (err ? fail(err) : ok())));
  const { [key]: _empty, ...rest } = head;
  const open = JSON.stringify(rest);
  await write(`${open.slice(0, -1)},${JSON.stringify(key)}:[`);
  let first = true;
  for await (const item of items()) {
    await write((first ? '\n' : ',\n') + JSON.stringify(item));
    first = false;
  }
  await write('\n]}\n');
  await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
  // Only a complete file takes the real name.
  fs.renameSync(tmp, file);
}
