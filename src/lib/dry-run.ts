import type { Kysely, Transaction } from 'kysely';

/**
 * Run `work` in one transaction and, for a dry run, roll it back after it has
 * done everything a real run does — so the dry-run report is exactly what a
 * confirmed run would write (same checks, same constraints, same ids
 * resolved), and nothing of it is kept.
 */
class RolledBack<T> extends Error {
  constructor(readonly result: T) {
    super('dry run rolled back');
  }
}

export async function inTransaction<DB, T>(db: Kysely<DB>, dryRun: boolean, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await work(trx);
      if (dryRun) throw new RolledBack(result);
      return result;
    });
  } catch (e) {
    if (e instanceof RolledBack) return e.result as T;
    throw e;
  }
}
