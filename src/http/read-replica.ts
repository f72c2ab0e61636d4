/**
 * Public reads from a streaming standby (DATABASE_READ_URL), writes and
 * their authors on the primary. The rule, decided once here:
 *
 * - Only anonymous GET/HEAD requests to the routes below go to the standby:
 *   the portal, search (the lists' `q`) and open data. Their answers are the
 *   same for every anonymous caller, so a standby a moment behind shows what
 *   the primary showed a moment ago — nothing private, nothing half-written.
 * - Anyone signed in (a session cookie or a bearer token, even a stale one)
 *   reads from the primary, always: a user who just saved sees the save.
 * - An anonymous write (registration, a failed sign-in) sets a short
 *   `berpa_primary` cookie; while it lasts that browser reads from the
 *   primary too, so it sees what it just did however far the standby lags.
 * - Routes whose reads may write (the land figures refresh, the audit
 *   chain's catch-up) are not listed and stay on the primary.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../lib/context.ts';
import { SESSION_COOKIE } from '../modules/auth/routes.ts';
import type { App } from './types.ts';

export const PRIMARY_COOKIE = 'berpa_primary';

/** Fastify route patterns served from the standby for anonymous callers. */
export const REPLICA_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/programme',
  '/api/v1/areas',
  '/api/v1/areas/geojson',
  '/api/v1/projects',
  '/api/v1/projects/:id',
  '/api/v1/projects/export',
  '/api/v1/geo/projects',
  '/api/v1/tenders',
  '/api/v1/tenders/:id',
  '/api/v1/tenders/:id/enquiries',
  '/api/v1/tenders/:id/amendments',
  '/api/v1/tenders/:id/outcome',
  '/api/v1/contracts',
  '/api/v1/contracts/:id',
  '/api/v1/organisations',
  '/api/v1/organisations/:id',
  '/api/v1/partners',
  '/api/v1/countries',
  '/api/v1/countries/:code',
  '/api/v1/stats/procurement',
  '/api/v1/stats/report',
  '/api/v1/ocds/releases',
  '/api/v1/ocds/records/:ocid',
  '/api/v1/oc4ids/projects',
  '/api/v1/oc4ids/projects/:id',
]);

const READS = new Set(['GET', 'HEAD']);

export function usesReplica(req: FastifyRequest): boolean {
  if (!READS.has(req.method) || !REPLICA_ROUTES.has(req.routeOptions.url ?? '')) return false;
  if (req.headers.authorization !== undefined || req.session) return false;
  const cookies = req.cookies ?? {};
  return cookies[SESSION_COOKIE] === undefined && cookies[PRIMARY_COOKIE] === undefined;
}

/** Registered after authentication: by then the caller is known. No standby configured: nothing happens. */
export function registerReadReplica(app: App, deps: AppDeps) {
  const readDb = deps.readDb;
  if (!readDb) return;
  const seconds = deps.config.readAfterWriteSeconds;
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (usesReplica(req)) req.ctx = { ...req.ctx, db: readDb };
  });
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload) => {
    if (!READS.has(req.method) && req.method !== 'OPTIONS' && seconds > 0 && req.url.startsWith('/api/')) {
      reply.setCookie(PRIMARY_COOKIE, '1', { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.publicUrl.startsWith('https:'), maxAge: seconds });
    }
    return payload;
  });
}
