/**
 * Real processes for the multi-server tests (test/infra/): Berpa app servers
 * started as `node src/server.ts` would be, and Debian's nginx in front of
 * them as a round-robin proxy, each in its own temporary directory, on
 * loopback ports only. Every start is bounded in time and every process is
 * stopped by whoever started it (`stop()`), never by name.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const NGINX = process.env.BERPA_NGINX ?? '/usr/sbin/nginx';

export interface Proc {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

function exited(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

async function stopProc(proc: ChildProcess, ms = 20_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), ms);
  await exited(proc);
  clearTimeout(t);
}

/** One app server on an ephemeral loopback port; `env` adds to (and wins over) the defaults. */
export function startServer(env: Record<string, string>): Promise<Proc> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-infra-srv-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      BERPA_PRODUCTION: '1',
      BERPA_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      // The test is one client address doing what many would: the limits are tested elsewhere.
      BERPA_RATE_LIMIT_SIGN_IN: '10000/60',
      BERPA_RATE_LIMIT_UPLOAD: '10000/60',
      BERPA_RATE_LIMIT_SEARCH: '10000/60',
      BERPA_RATE_LIMIT_EXPORT: '10000/60',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start in 120 s:\n${out}`));
    }, 120_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /Berpa is running on \w+: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          output: () => out,
          stop: async () => {
            await stopProc(proc);
            fs.rmSync(dataDir, { recursive: true, force: true });
          },
        });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it started:\n${out}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * nginx in the foreground (`daemon off`) with everything — config, pid, logs,
 * temp files — under a temporary prefix. Started as root (CI containers),
 * the master would keep root and its workers switch to `nobody`; instead the
 * whole nginx runs as nobody, owning its prefix, so nothing runs privileged.
 * Each answer names the upstream that served it (`x-upstream`), so a test
 * can see the round robin.
 */
export async function startNginx(upstreams: string[]): Promise<Proc> {
  if (!fs.existsSync(NGINX)) throw new Error(`${NGINX} not found (install Debian's nginx, or set BERPA_NGINX)`);
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-infra-nginx-'));
  fs.mkdirSync(path.join(prefix, 'logs'));
  const port = await freePort();
  const servers = upstreams.map((u) => `    server ${new URL(u).host};`).join('\n');
  const conf = `worker_processes 1;
error_log ${prefix}/logs/error.log warn;
pid ${prefix}/nginx.pid;
events { worker_connections 256; }
http {
  access_log ${prefix}/logs/access.log;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  client_max_body_size 30m;
  upstream berpa {
${servers}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://berpa;
      proxy_set_header Host $host:$server_port;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream off;
      add_header x-upstream $upstream_addr always;
    }
  }
}
`;
  fs.writeFileSync(path.join(prefix, 'nginx.conf'), conf);
  const asNobody = process.getuid?.() === 0;
  if (asNobody) spawnSync('chown', ['-R', '65534:65534', prefix]);
  const args = ['-e', `${prefix}/logs/error.log`, '-p', prefix, '-c', `${prefix}/nginx.conf`, '-g', 'daemon off;'];
  const check = spawnSync(NGINX, ['-t', ...args], { encoding: 'utf8', ...(asNobody ? { uid: 65534, gid: 65534 } : {}) });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const proc = spawn(NGINX, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(asNobody ? { uid: 65534, gid: 65534 } : {}) });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited (${proc.exitCode}):\n${out}\n${fs.readFileSync(path.join(prefix, 'logs/error.log'), 'utf8')}`);
    try {
      const r = await fetch(`${url}/healthz`);
      await r.body?.cancel();
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopProc(proc);
      throw new Error(`nginx did not answer in 20 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    output: () => out + (fs.existsSync(path.join(prefix, 'logs/error.log')) ? fs.readFileSync(path.join(prefix, 'logs/error.log'), 'utf8') : ''),
    stop: async () => {
      // SIGQUIT: graceful; the master waits for its worker and removes the pid file.
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGQUIT');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited(proc);
      clearTimeout(t);
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}
