import path from 'node:path';

/** Everything the process reads from its environment, read once, in one place. */
export interface Config {
  port: number;
  host: string;
  /** Root for the embedded database, the blob store and the signing key. */
  dataDir: string;
  /** When set, PostgreSQL through `pg`; otherwise the embedded PGlite. */
  databaseUrl: string | undefined;
  /** A streaming standby for anonymous public reads (src/http/read-replica.ts); PostgreSQL only. */
  databaseReadUrl: string | undefined;
  /** After a write, the same browser reads from the primary this long (the standby may lag). */
  readAfterWriteSeconds: number;
  /** Production never loads or prints demonstration data. */
  production: boolean;
  logLevel: string;
  uploadMaxBytes: number;
  /** Absolute lifetime of a web session; API tokens live 30 days. */
  sessionTtlHours: number;
  /** A web session unused this long is over (ASVS 3.3.2); API tokens have no idle limit. */
  sessionIdleMinutes: number;
  signIn: { maxAttempts: number; windowSeconds: number };
  /** Abuse limits per route class (src/http/rate-limit.ts), per user or client address. */
  rateLimits: Record<'signIn' | 'registration' | 'upload' | 'search' | 'export', RateLimitPolicy>;
  /** Public base URL, used in published documents and OCDS URIs. */
  publicUrl: string;
  /** BERPA_SMTP_URL (smtp://host:port, smtps://user:pass@host): where subscription mail goes; null keeps it in the outbox. */
  smtpUrl: string | null;
  /** BERPA_MAIL_EVERY_MS: how often the server drains the outbox (default 30 s; the browser tests wait for a mail, so they shorten it). */
  mailEveryMs: number;
}

export interface RateLimitPolicy {
  max: number;
  windowSeconds: number;
}

/** `BERPA_RATE_LIMIT_SIGN_IN=30/60`: at most 30 requests in 60 seconds. */
function rate(value: string | undefined, fallback: RateLimitPolicy, name: string): RateLimitPolicy {
  if (value === undefined || value === '') return fallback;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new Error(`${name} must be MAX/SECONDS, e.g. 30/60, got "${value}"`);
  return { max: Number(m[1]), windowSeconds: Number(m[2]) };
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 3000, 'PORT');
  const production = env.NODE_ENV === 'production' || env.BERPA_PRODUCTION === '1';
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.BERPA_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_URL ? env.DATABASE_READ_URL || undefined : undefined,
    readAfterWriteSeconds: int(env.BERPA_READ_AFTER_WRITE_SECONDS, 10, 'BERPA_READ_AFTER_WRITE_SECONDS'),
    production,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    uploadMaxBytes: int(env.BERPA_UPLOAD_MAX_BYTES, 25 * 1024 * 1024, 'BERPA_UPLOAD_MAX_BYTES'),
    sessionTtlHours: int(env.BERPA_SESSION_TTL_HOURS, 12, 'BERPA_SESSION_TTL_HOURS'),
    sessionIdleMinutes: int(env.BERPA_SESSION_IDLE_MINUTES, 30, 'BERPA_SESSION_IDLE_MINUTES'),
    signIn: {
      maxAttempts: int(env.BERPA_SIGNIN_MAX_ATTEMPTS, 10, 'BERPA_SIGNIN_MAX_ATTEMPTS'),
      windowSeconds: int(env.BERPA_SIGNIN_WINDOW_SECONDS, 900, 'BERPA_SIGNIN_WINDOW_SECONDS'),
    },
    rateLimits: {
      signIn: rate(env.BERPA_RATE_LIMIT_SIGN_IN, { max: 30, windowSeconds: 60 }, 'BERPA_RATE_LIMIT_SIGN_IN'),
      registration: rate(env.BERPA_RATE_LIMIT_REGISTRATION, { max: 20, windowSeconds: 3600 }, 'BERPA_RATE_LIMIT_REGISTRATION'),
      upload: rate(env.BERPA_RATE_LIMIT_UPLOAD, { max: 60, windowSeconds: 60 }, 'BERPA_RATE_LIMIT_UPLOAD'),
      search: rate(env.BERPA_RATE_LIMIT_SEARCH, { max: 300, windowSeconds: 60 }, 'BERPA_RATE_LIMIT_SEARCH'),
      export: rate(env.BERPA_RATE_LIMIT_EXPORT, { max: 30, windowSeconds: 60 }, 'BERPA_RATE_LIMIT_EXPORT'),
    },
    publicUrl: env.BERPA_PUBLIC_URL ?? `http://localhost:${port}`,
    smtpUrl: env.BERPA_SMTP_URL || null,
    mailEveryMs: int(env.BERPA_MAIL_EVERY_MS, 30_000, 'BERPA_MAIL_EVERY_MS'),
  };
}
