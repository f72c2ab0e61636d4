import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * One process owns an embedded data directory. Two PGlite instances writing
 * the same files corrupt them beyond repair, so every opener (the server, each
 * CLI command, tests) takes this lock first and holds it until it closes.
 *
 * The lock is a listening Unix socket whose name is derived from the
 * directory's real path. On Linux it lives in the abstract namespace: the
 * kernel binds it atomically (a second bind fails with EADDRINUSE) and removes
 * it the moment its process exits, kill -9 included, so there is never a stale
 * lock to clear. Elsewhere it is a socket file under the temporary directory;
 * a file left by a dead process refuses connections, and is removed and bound
 * again once.
 *
 * Who holds it, for the messages of those refused, is in `berpa-owner.json`
 * beside the data. That file is information, not the lock: it is read only
 * when the socket says the directory is taken.
 */

export interface LockHolder {
  pid: number;
  /** `server` answers the API at `url`; `cli` is a command that will finish by itself. */
  role: 'server' | 'cli';
  command: string;
  url?: string;
  since: string;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    super(describeBusy(dataDir, holder));
    this.name = 'DataDirBusyError';
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Add what others should know (the server's URL once it listens). */
  update(info: Partial<Pick<LockHolder, 'url' | 'command'>>): void;
  release(): Promise<void>;
}

const OWNER_FILE = 'berpa-owner.json';

function socketAddress(dataDir: string): { address: string; file: string | null } {
  const real = fs.realpathSync(dataDir);
  const id = crypto.createHash('sha256').update(real).digest('hex').slice(0, 32);
  if (process.platform === 'linux') return { address: `\0berpa-data-${id}`, file: null };
  const file = path.join(os.tmpdir(), `berpa-data-${id}.sock`);
  return { address: file, file };
}

function listen(server: net.Server, address: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => resolve(err);
    server.once('error', onError);
    server.listen(address, () => {
      server.off('error', onError);
      resolve(null);
    });
  });
}

/** Does anything answer on this socket file? (Only for the non-Linux fallback.) */
function answers(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(file);
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    setTimeout(() => done(true), 2000).unref();
  });
}

export function readHolder(dataDir: string): LockHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')) as LockHolder;
    if (typeof h.pid !== 'number') return null;
    // The file may be left from an earlier owner that crashed: trust it only if that process lives.
    try {
      process.kill(h.pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return null;
    }
    return h;
  } catch {
    return null;
  }
}

/**
 * Take the directory, or throw DataDirBusyError naming who has it.
 * The socket does not keep the event loop alive: a CLI command still exits when its work is done.
 */
export async function lockDataDir(dataDir: string, who: Pick<LockHolder, 'role' | 'command'>): Promise<DataDirLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  const { address, file } = socketAddress(dataDir);
  const server = net.createServer((sock) => sock.destroy());
  let err = await listen(server, address);
  if (err?.code === 'EADDRINUSE' && file && !(await answers(file))) {
    fs.rmSync(file, { force: true });
    err = await listen(server, address);
  }
  if (err?.code === 'EADDRINUSE') throw new DataDirBusyError(dataDir, readHolder(dataDir));
  if (err) throw err;
  server.unref();

  const holder: LockHolder = { pid: process.pid, role: who.role, command: who.command, since: new Date().toISOString() };
  const ownerPath = path.join(dataDir, OWNER_FILE);
  const write = () => fs.writeFileSync(ownerPath, `${JSON.stringify(holder, null, 2)}\n`, { mode: 0o644 });
  write();
  let released = false;
  return {
    dataDir,
    update(info) {
      Object.assign(holder, info);
      write();
    },
    async release() {
      if (released) return;
      released = true;
      try {
        const now = readHolder(dataDir);
        if (now?.pid === process.pid) fs.rmSync(ownerPath, { force: true });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

export function describeBusy(dataDir: string, holder: LockHolder | null): string {
  if (!holder) return `the database in ${dataDir} is in use by another Berpa process; stop it first`;
  if (holder.role === 'server') {
    return `the database in ${dataDir} is served by the running Berpa (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}); stop it or use the API`;
  }
  return `the database in ${dataDir} is in use by \`berpa ${holder.command}\` (pid ${holder.pid}); wait for it to finish`;
}
