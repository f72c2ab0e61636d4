/**
 * Public answers served from memory (docs/decisions/0003-public-read-cache.md).
 *
 * For an anonymous GET on a route listed in PUBLIC_ROUTES, the answer is
 * kept in this process keyed by its URL, together with the sum of the
 * database change counters of the scopes it is built from. A request costs
 * one small statement (read the counters); while they are unchanged the
 * kept bytes are sent, and an If-None-Match with their ETag gets a 304. The
 * counters are bumped by triggers in the writing transaction, so a committed
 * write is seen by the next read on every app server, its author's included.
 * Signed-in callers may see more (drafts, own records): never cached.
 */
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { changeVersion } from './public-cache-repo.ts';
import type { App } from './types.ts';

interface RouteRule {
  /** Change-counter scopes whose writes can change the answer. */
  scopes: readonly string[];
  /** Answers that also depend on the clock (a month boundary) are rebuilt at least this often. */
  maxAgeMs?: number;
}

/** Fastify route patterns → what their anonymous answers depend on. */
export const PUBLIC_ROUTES: Record<string, RouteRule> = {
  '/api/v1/programme': { scopes: ['programme'] },
  '/api/v1/areas': { scopes: ['land'] },
  '/api/v1/areas/geojson': { scopes: ['land'] },
  '/api/v1/land/summary': { scopes: ['land', 'projects', 'programme'], maxAgeMs: 60_000 },
  '/api/v1/land/series': { scopes: ['land'], maxAgeMs: 60_000 },
  '/api/v1/land/hazard-areas/geojson': { scopes: ['land'] },
  '/api/v1/land/releases/geojson': { scopes: ['land'] },
  '/api/v1/projects': { scopes: ['projects', 'tenders', 'parties'] },
  '/api/v1/projects/:id': { scopes: ['projects', 'tenders', 'parties', 'land', 'contracts'] },
  '/api/v1/geo/projects': { scopes: ['projects'] },
  '/api/v1/partners': { scopes: ['partners', 'programme'], maxAgeMs: 60_000 },
  '/api/v1/countries/:code': { scopes: ['partners', 'parties', 'tenders', 'projects', 'programme', 'contracts'], maxAgeMs: 60_000 },
  '/api/v1/stats/procurement': { scopes: ['tenders', 'projects', 'contracts'] },
  '/api/v1/stats/report': { scopes: ['projects', 'land', 'partners', 'parties', 'tenders', 'contracts'], maxAgeMs: 60_000 },
  // The Atom feeds (src/modules/feeds); eligibility is judged per day, hence the rebuild.
  '/api/v1/feeds/tenders.atom': { scopes: ['tenders', 'projects', 'partners', 'programme', 'land'], maxAgeMs: 60_000 },
  '/api/v1/feeds/projects/:id.atom': { scopes: ['projects', 'tenders', 'contracts'] },
  '/api/v1/feeds/countries/:code.atom': { scopes: ['partners'] },
};

interface Entry {
  version: number;
  at: number;
  etag: string;
  contentType: string;
  payload: string;
}

/** A small LRU bounded by entries and bytes (URLs with query strings are many). */
export class AnswerCache {
  private map = new Map<string, Entry>();
  private bytes = 0;
  constructor(
    private maxEntries = 1000,
    private maxBytes = 64 << 20,
  ) {}
  get(key: string): Entry | undefined {
    const e = this.map.get(key);
    if (e) {
      this.map.delete(key);
      this.map.set(key, e);
    }
    return e;
  }
  set(key: string, e: Entry) {
    this.delete(key);
    if (e.payload.length > this.maxBytes / 4) return;
    this.map.set(key, e);
    this.bytes += e.payload.length;
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) this.delete(this.map.keys().next().value!);
  }
  private delete(key: string) {
    const old = this.map.get(key);
    if (!old) return;
    this.bytes -= old.payload.length;
    this.map.delete(key);
  }
}

const PENDING = Symbol('publicCache');
type Pending = { key: string; version: number };
type WithPending = FastifyRequest & { [PENDING]?: Pending };

const etagOf = (payload: string) => `"${crypto.createHash('sha256').update(payload).digest('base64url').slice(0, 22)}"`;
const matches = (req: FastifyRequest, etag: string) =>
  String(req.headers['if-none-match'] ?? '')
    .split(',')
    .some((t) => t.trim().replace(/^W\//, '') === etag);

// Caches revalidate every time (no-cache): the ETag makes that a 304, and a write is never hidden by a max-age.
const PUBLIC_CC = 'public, no-cache';

export function registerPublicCache(app: App, cache = new AnswerCache()) {
  app.addHook('preHandler', async (req: WithPending, reply: FastifyReply) => {
    if (req.method !== 'GET') return;
    const rule = PUBLIC_ROUTES[req.routeOptions.url ?? ''];
    if (!rule) return;
    if (req.ctx.actor.kind !== 'anonymous') {
      reply.header('cache-control', 'private, no-cache');
      return;
    }
    const version = await changeVersion(req.ctx.db, rule.scopes);
    // A client asking for a fresh answer (a hard reload, a benchmark of the SQL behind) gets one; it still refills the cache.
    const fresh = /\bno-cache\b/.test(String(req.headers['cache-control'] ?? ''));
    const e = fresh ? undefined : cache.get(req.url);
    if (e && e.version === version && (rule.maxAgeMs === undefined || Date.now() - e.at < rule.maxAgeMs)) {
      reply.header('etag', e.etag).header('cache-control', PUBLIC_CC).header('x-cache', 'hit');
      if (matches(req, e.etag)) return reply.code(304).send();
      return reply.type(e.contentType).send(e.payload);
    }
    req[PENDING] = { key: req.url, version };
  });

  app.addHook('onSend', async (req: WithPending, reply, payload) => {
    const p = req[PENDING];
    if (!p || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const etag = etagOf(payload);
    cache.set(p.key, { version: p.version, at: Date.now(), etag, contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'), payload });
    reply.header('etag', etag).header('cache-control', PUBLIC_CC).header('x-cache', 'miss');
    if (matches(req, etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
