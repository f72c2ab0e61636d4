import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CALLERS, parseRouteTable, probeMatrix, renderMarkdown } from './permission-matrix.ts';

const FILE = path.resolve('docs/permissions.md');

it('docs/permissions.md matches what every route does for every caller', async () => {
  const rows = await probeMatrix();
  expect(rows.length).toBeGreaterThan(50);
  if (process.env.BERPA_WRITE_PERMISSIONS === '1') {
    fs.writeFileSync(FILE, renderMarkdown(rows));
    return;
  }
  const committed = parseRouteTable(fs.readFileSync(FILE, 'utf8'));
  const disagreements: string[] = [];
  for (const r of rows) {
    const key = `${r.method} ${r.path}`;
    const want = committed.get(key);
    if (!want) {
      disagreements.push(`${key}: not in docs/permissions.md`);
      continue;
    }
    for (const c of CALLERS) if (want[c] !== r.outcome[c]) disagreements.push(`${key} as ${c}: table says ${want[c]}, the API ${r.outcome[c]}`);
    committed.delete(key);
  }
  for (const key of committed.keys()) disagreements.push(`${key}: in docs/permissions.md but not in the API`);
  expect(disagreements, 'regenerate with `npx tsx scripts/permissions-doc.ts` and review the diff').toEqual([]);
  // Sanity: the matrix is not trivially all-allowed or all-refused.
  expect(rows.some((r) => r.outcome.anonymous === 'refused')).toBe(true);
  expect(rows.some((r) => r.outcome.anonymous === 'allowed')).toBe(true);
  expect(rows.some((r) => r.outcome.admin === 'allowed' && r.outcome.company === 'refused')).toBe(true);
}, 600_000);
