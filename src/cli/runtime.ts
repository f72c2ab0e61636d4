import { openDeps } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { DataDirBusyError } from '../db/data-dir-lock.ts';
import type { Database } from '../db/index.ts';
import type { AppDeps, Ctx } from '../lib/context.ts';
import { sequencePending } from '../modules/audit/service.ts';
import { systemActor } from '../modules/auth/permissions.ts';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, badInput: 3, unavailable: 4, busy: 5 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/** The running server's API, for commands that send their work there instead of opening its database. */
export interface ServerApi {
  url: string;
  /** GET or POST as the holder of BERPA_API_TOKEN; a problem+json answer becomes a CliError with its detail. */
  request<T>(method: 'GET' | 'POST', path: string, body?: BodyInit): Promise<T>;
}

export interface WithDepsOptions<T> {
  /** Reads only: no migrations, and the audit sequencer is not run (linking the chain belongs to the owner). */
  readOnly?: boolean;
  /** When a server holds the embedded directory: do the same work through its API instead of refusing. */
  viaApi?: (api: ServerApi) => Promise<T>;
}

/**
 * Run a command body with an open, migrated database and a system context;
 * audit events it writes are linked onto the chain before the process exits.
 * On the embedded database the command first takes the directory's
 * single-writer lock; if a server holds it, the command goes through that
 * server's API (when it can and has a token) or refuses with exit code 5 —
 * it never opens files another process is writing.
 */
export async function withDeps<T>(job: string, fn: (deps: AppDeps, ctx: Ctx, database: Database) => Promise<T>, opts: WithDepsOptions<T> = {}): Promise<T> {
  const config = loadConfig();
  let opened: { deps: AppDeps; database: Database };
  try {
    opened = await openDeps(config, { migrate: !opts.readOnly, owner: { role: 'cli', command: job.replace(/-/g, ' ') } });
  } catch (err) {
    if (err instanceof DataDirBusyError) return whenBusy(err, opts);
    throw new CliError(`cannot open the database: ${(err as Error).message}`, EXIT.unavailable);
  }
  const { deps, database } = opened;
  const ctx: Ctx = { ...deps, actor: systemActor(job), requestId: `cli-${job}-${Date.now()}` };
  try {
    const result = await fn(deps, ctx, database);
    if (!opts.readOnly) await sequencePending(deps.db);
    return result;
  } finally {
    await database.close();
  }
}

async function whenBusy<T>(err: DataDirBusyError, opts: WithDepsOptions<T>): Promise<T> {
  const url = err.holder?.role === 'server' ? err.holder.url : undefined;
  const token = process.env.BERPA_API_TOKEN;
  if (url && opts.viaApi && token) return opts.viaApi(serverApi(url, token));
  const hint = url && opts.viaApi ? ' (or set BERPA_API_TOKEN to an API token — POST /api/v1/auth/sign-in — and this command goes through it)' : '';
  throw new CliError(`${err.message}${hint}`, EXIT.busy);
}

function serverApi(url: string, token: string): ServerApi {
  return {
    url,
    async request<T>(method: 'GET' | 'POST', path: string, body?: BodyInit): Promise<T> {
      let res: Response;
      try {
        res = await fetch(new URL(path, url), { method, body, headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(600_000) });
      } catch (e) {
        throw new CliError(`cannot reach the running Berpa at ${url}: ${(e as Error).message}`, EXIT.unavailable);
      }
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: reported below with the status
      }
      if (!res.ok) {
        const p = (json ?? {}) as { title?: string; detail?: string; errors?: { field: string; message: string }[] };
        const fields = p.errors?.length ? '\n' + p.errors.map((e) => `  ${e.field}: ${e.message}`).join('\n') : '';
        throw new CliError(
          `${p.detail ?? p.title ?? `HTTP ${res.status}`}${fields}`,
          res.status === 401 || res.status === 403 ? EXIT.usage : res.status >= 500 ? EXIT.failure : EXIT.badInput,
        );
      }
      return json as T;
    },
  };
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
