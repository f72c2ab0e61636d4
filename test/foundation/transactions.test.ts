import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB, Tx } from '../../src/db/index.ts';
import { LockKeys } from '../../src/db/locks.ts';
import type { Ctx } from '../../src/lib/context.ts';
import { idempotent } from '../../src/lib/idempotency.ts';
import { recordAudit } from '../../src/modules/audit/service.ts';
import { publishRelease, storeRelease } from '../../src/modules/ocds/service.ts';
import { publishStage } from '../../src/modules/tenders/ocds-hook.ts';

/**
 * "Every change and its audit event in one transaction" is enforced by the
 * types: these helpers take a `Tx`, and the bare database does not compile.
 * The function below is never run; `npm run typecheck` checks it, and fails
 * if a helper starts accepting `Kysely<DB>` again (the expect-error lines
 * would then be unused errors).
 */
export function _typeLevelChecks(db: Kysely<DB>, trx: Tx, ctx: Ctx) {
  const entry = { action: 'x', entityType: 'x', entityId: 'x' };
  // @ts-expect-error the bare database is refused: audit events are written in the caller's transaction
  void recordAudit(db, ctx, entry);
  void recordAudit(trx, ctx, entry);
  // @ts-expect-error releases too
  void publishRelease(db, ctx, 'ocid', ['tender']);
  // @ts-expect-error
  void storeRelease(db, ctx, 'ocid', ['tender'], {});
  // @ts-expect-error
  void publishStage(db, ctx, 'ocid', ['tender']);
  // @ts-expect-error idempotency claims commit with the change they guard
  void idempotent(db, 'scope', 'key', {}, async () => 1);
}

const SRC = path.join(import.meta.dirname, '../../src');
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('advisory locks', () => {
  it('are taken only through the one registry (src/db/locks.ts)', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => !f.endsWith(path.join('db', 'locks.ts')))
      .filter((f) => /pg_(try_)?advisory/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('have distinct numbers', () => {
    const values = Object.values(LockKeys);
    expect(new Set(values).size).toBe(values.length);
  });
});
