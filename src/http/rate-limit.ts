import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { RateLimitPolicy } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { AppError, Errors } from '../lib/errors.ts';
import * as repo from '../modules/auth/rate-limit.repo.ts';
import type { App } from './types.ts';

/**
 * Abuse limits per route class, through @fastify/rate-limit with its counters
 * in PostgreSQL / PGlite (table rate_limit_counter), so every app server
 * counts the same hits. The key is the signed-in user, else the client
 * address. Limits come from config (BERPA_RATE_LIMIT_<POLICY>=max/seconds).
 * A refusal is a 429 problem+json with Retry-After.
 *
 * Which routes fall in which class is this one table: a module adding an
 * upload or an export adds a line here.
 */
export type PolicyName = 'signIn' | 'registration' | 'upload' | 'search' | 'export';

export const ROUTE_POLICIES: { method: string; url: RegExp; policy: PolicyName }[] = [
  { method: 'POST', url: /^\/api\/v1\/auth\/sign-in$/, policy: 'signIn' },
  { method: 'POST', url: /^\/api\/v1\/organisations\/register$/, policy: 'registration' },
  { method: 'POST', url: /^\/api\/v1\/documents$/, policy: 'upload' },
  { method: 'POST', url: /^\/api\/v1\/projects\/import$/, policy: 'upload' },
  { method: 'POST', url: /^\/api\/v1\/land\/imports\/:kind$/, policy: 'upload' },
  { method: 'GET', url: /^\/api\/v1\/projects$/, policy: 'search' },
  { method: 'GET', url: /\/search$/, policy: 'search' },
  { method: 'GET', url: /^\/api\/v1\/projects\/export$/, policy: 'export' },
];

export function policyOf(method: string, url: string): PolicyName | undefined {
  return ROUTE_POLICIES.find((p) => p.method === method && p.url.test(url))?.policy;
}

interface StoreOptions {
  routeInfo?: { method?: string; url?: string };
}

/** A @fastify/rate-limit store over the database; the plugin builds it with `new`. */
function databaseStore(db: Kysely<DB>) {
  let calls = 0;
  return class DatabaseRateStore {
    constructor(
      _opts: unknown,
      private readonly prefix = 'rl:',
    ) {}

    incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number) {
      repo
        .hit(db, `${this.prefix}${key}`.slice(0, 300), timeWindow)
        .then((h) => {
          if (++calls % 1000 === 0) void repo.prune(db).catch(() => {});
          cb(null, { current: h.hits, ttl: h.ttlMs });
        })
        .catch((err: Error) => cb(err));
    }

    read(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void) {
      repo
        .peek(db, `${this.prefix}${key}`.slice(0, 300))
        .then((h) => cb(null, { current: h.hits, ttl: h.ttlMs }))
        .catch((err: Error) => cb(err));
    }

    child(opts: StoreOptions) {
      const r = opts.routeInfo ?? {};
      return new DatabaseRateStore(opts, `rl:${policyOf(String(r.method), String(r.url)) ?? `${r.method}${r.url}`}:`);
    }
  };
}

function clientKey(req: FastifyRequest): string {
  const a = req.ctx?.actor;
  return a?.kind === 'user' && a.userId ? `user:${a.userId}` : `ip:${req.ip}`;
}

export async function registerRateLimits(app: App, db: Kysely<DB>, limits: Record<PolicyName, RateLimitPolicy>) {
  // Runs before the plugin's own onRoute hook, so the route arrives with its limit.
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const name = methods.map((m) => policyOf(m, route.url ?? '')).find(Boolean);
    if (!name) return;
    const p = limits[name];
    route.config = { ...(route.config as object), rateLimit: { max: p.max, timeWindow: p.windowSeconds * 1000, hook: 'onRequest' } } as RouteOptions['config'];
  });
  await app.register(rateLimit, {
    global: false,
    store: databaseStore(db) as never,
    keyGenerator: clientKey,
    // If the counter cannot be written the database is down, and the request would fail anyway.
    skipOnError: false,
    errorResponseBuilder: (_req, ctx) => {
      const retryAfter = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new AppError(Errors.rateLimited, `at most ${ctx.max} requests in ${ctx.after}; try again in ${retryAfter} s`, { extra: { retryAfter } });
    },
  });
}
