import { loadConfig } from '../config.ts';
import { openDeps } from '../bootstrap.ts';
import type { Database } from '../db/index.ts';
import type { AppDeps, Ctx } from '../lib/context.ts';
import { systemActor } from '../modules/auth/permissions.ts';
import { sequencePending } from '../modules/audit/service.ts';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, badInput: 3, unavailable: 4 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/**
 * Run a command body with an open, migrated database and a system context;
 * audit events it writes are linked onto the chain before the process exits.
 */
export async function withDeps<T>(job: string, fn: (deps: AppDeps, ctx: Ctx, database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let opened: { deps: AppDeps; database: Database };
  try {
    opened = await openDeps(config);
  } catch (err) {
    throw new CliError(`cannot open the database: ${(err as Error).message}`, EXIT.unavailable);
  }
  const { deps, database } = opened;
  const ctx: Ctx = { ...deps, actor: systemActor(job), requestId: `cli-${job}-${Date.now()}` };
  try {
    const result = await fn(deps, ctx, database);
    await sequencePending(deps.db);
    return result;
  } finally {
    await database.close();
  }
}

/** A one-line progress bar on stderr for long work (only when stderr is a terminal). */
export function progress(label: string, total: number) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    tick(done: number) {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
