/**
 * Public answers served from memory (docs/decisions/0003-public-read-cache.md).
 *
 * For an anonymous GET on a route listed in PUBLIC_ROUTES, the answer is
 * kept in this process keyed by its URL, together with the sum of the
 * database change counters of the scopes it is built from. A request costs
 * one small statement (read the counters), shared with the requests waiting
 * at the same moment (SharedRead: never a read that began before the request
 * arrived); while they are unchanged the kept bytes are sent, and an
 * If-None-Match with their ETag gets a 304. The counters are bumped by
 * triggers in the writing transaction, so a committed write is seen by the
 * next read on every app server, its author's included. Signed-in callers
 * may see more (drafts, own records): never cached.
 *
 * Answers that carry the database clock (the tenders: `serverTime`, and a
 * phase judged by it) are `clock` routes: a kept answer is sent with the
 * clock of this request's counter read written into it, and only until the
 * moment its route named with `cacheUntil` (the next phase change), after
 * which it is rebuilt. They have no ETag: a 304 would keep an old clock.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor } from '../db/index.ts';
import { changeVersion } from './public-cache-repo.ts';
import { SharedRead } from './shared-read.ts';
import type { App } from './types.ts';

interface RouteRule {
  /** Change-counter scopes whose writes can change the answer. */
  scopes: readonly string[];
  /** Answers that also depend on the clock (a month boundary) are rebuilt at least this often. */
  maxAgeMs?: number;
  /** The answer carries `serverTime` (the database clock) and may name when it goes out of date (`cacheUntil`). */
  clock?: true;
  /** The answer shows the OCDS feed (public-cache-repo.ts changeVersion). */
  ocdsFeed?: true;
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
  // A tender's phase follows the clock (cacheUntil: the next period boundary); the list's filters read partners and places.
  // Eligibility filters are judged per day, hence the rebuild (as the tenders feed).
  '/api/v1/tenders': { scopes: ['tenders', 'projects', 'partners', 'programme', 'land'], clock: true, maxAgeMs: 60_000 },
  '/api/v1/tenders/:id': { scopes: ['tenders'], clock: true },
  // Open data: the feed's head joins the version (ocdsFeed); the publisher's name is the programme's.
  '/api/v1/ocds/releases': { scopes: ['programme'], ocdsFeed: true },
  '/api/v1/ocds/records/:ocid': { scopes: ['programme'], ocdsFeed: true },
  '/api/v1/oc4ids/projects': { scopes: ['projects', 'tenders', 'parties', 'land', 'contracts', 'partners', 'programme'], ocdsFeed: true },
  '/api/v1/oc4ids/projects/:id': { scopes: ['projects', 'tenders', 'parties', 'land', 'contracts', 'partners', 'programme'], ocdsFeed: true },
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
  /** The answer as sent: encoded once, not on every hit (a feed page is a quarter of a megabyte). */
  body: Buffer;
  /** The same gzipped, made once after the first answer (clients that accept it get it: a feed page shrinks about tenfold). */
  gzip?: Buffer;
  /** Headers of the answer that belong to it (a feed's `link` to the next page). */
  headers: Record<string, string>;
  /** Clock routes: the serverTime written in the payload, and the database time from which it is out of date. */
  serverTime?: string;
  until?: number;
}

/** Headers kept with an answer and sent again with it. */
const KEPT_HEADERS = ['link'] as const;

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
    if (e.body.length > this.maxBytes / 4) return;
    this.map.set(key, e);
    this.bytes += e.body.length;
    this.evict();
  }
  /** Keep the gzipped form with the entry it was made from, if that entry is still the one kept. */
  attachGzip(key: string, e: Entry, gzip: Buffer) {
    if (this.map.get(key) !== e || e.gzip) return;
    e.gzip = gzip;
    this.bytes += gzip.length;
    this.evict();
  }
  private evict() {
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) this.delete(this.map.keys().next().value!);
  }
  private delete(key: string) {
    const old = this.map.get(key);
    if (!old) return;
    this.bytes -= old.body.length + (old.gzip?.length ?? 0);
    this.map.delete(key);
  }
}

const PENDING = Symbol('publicCache');
type Pending = { key: string; version: number; clock: boolean; until?: number };
type WithPending = FastifyRequest & { [PENDING]?: Pending };

/**
 * A clock route's handler names when its answer stops being true at the
 * latest (a tender's next period boundary, by the database clock); before
 * then the kept answer is served with a fresh serverTime, from then rebuilt.
 */
export function cacheUntil(req: FastifyRequest, at: Date | null) {
  const p = (req as WithPending)[PENDING];
  if (!p || at === null) return;
  p.until = Math.min(p.until ?? Number.POSITIVE_INFINITY, at.getTime());
}

const etagOf = (payload: string) => `"${crypto.createHash('sha256').update(payload).digest('base64url').slice(0, 22)}"`;
const matches = (req: FastifyRequest, etag: string) =>
  String(req.headers['if-none-match'] ?? '')
    .split(',')
    .some((t) => t.trim().replace(/^W\//, '') === etag);

/** Accept-Encoding names gzip without refusing it (q=0). */
const acceptsGzip = (req: FastifyRequest) =>
  String(req.headers['accept-encoding'] ?? '')
    .split(',')
    .some((t) => {
      const [name, ...params] = t.trim().toLowerCase().split(';');
      const q = params.map((x) => /^\s*q=([\d.]+)\s*$/.exec(x)?.[1]).find((x) => x !== undefined);
      return (name === 'gzip' || name === 'x-gzip') && (q === undefined || Number(q) > 0);
    });
/** The gzipped form is another representation, so another strong ETag. */
const gzipEtag = (etag: string) => `${etag.slice(0, -1)}-gz"`;
/** Smaller answers are not worth a compressed copy. */
const GZIP_MIN_BYTES = 1024;

// Caches revalidate every time (no-cache): the ETag makes that a 304, and a write is never hidden by a max-age.
const PUBLIC_CC = 'public, no-cache';

/** The kept serverTime replaced by this request's: fast-json-stringify writes the key and value exactly so. */
const withClock = (e: Entry, now: Date) => {
  const text = e.body.toString('utf8');
  return e.serverTime ? text.split(`"serverTime":"${e.serverTime}"`).join(`"serverTime":"${now.toISOString()}"`) : text;
};

/** One SharedRead per database (primary or standby) and scope set. */
function versionReader() {
  const byDb = new WeakMap<object, Map<string, SharedRead<{ version: number; now: Date; unsettled: boolean }>>>();
  return (db: Executor, rule: RouteRule) => {
    let m = byDb.get(db);
    if (!m) byDb.set(db, (m = new Map()));
    const key = `${rule.scopes.join(',')}${rule.ocdsFeed ? '+ocds' : ''}`;
    let r = m.get(key);
    if (!r) m.set(key, (r = new SharedRead(() => changeVersion(db, rule.scopes, rule.ocdsFeed === true))));
    return r.get();
  };
}

export function registerPublicCache(app: App, cache = new AnswerCache()) {
  const readVersion = versionReader();
  app.addHook('preHandler', async (req: WithPending, reply: FastifyReply) => {
    if (req.method !== 'GET') return;
    const rule = PUBLIC_ROUTES[req.routeOptions.url ?? ''];
    if (!rule) return;
    if (req.ctx.actor.kind !== 'anonymous') {
      reply.header('cache-control', 'private, no-cache');
      return;
    }
    const { version, now, unsettled } = await readVersion(req.ctx.db, rule);
    // Releases waiting for their place in the feed: the handler places them first; its answer is not kept.
    if (unsettled) {
      reply.header('cache-control', PUBLIC_CC).header('x-cache', 'miss');
      return;
    }
    // A client asking for a fresh answer (a hard reload, a benchmark of the SQL behind) gets one; it still refills the cache.
    const fresh = /\bno-cache\b/.test(String(req.headers['cache-control'] ?? ''));
    const e = fresh ? undefined : cache.get(req.url);
    const current = e && e.version === version && (rule.maxAgeMs === undefined || Date.now() - e.at < rule.maxAgeMs) && (e.until === undefined || now.getTime() < e.until);
    if (e && current) {
      for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
      reply.header('cache-control', PUBLIC_CC).header('x-cache', 'hit');
      if (rule.clock) return reply.type(e.contentType).send(withClock(e, now));
      reply.header('vary', 'accept-encoding');
      const gzip = e.gzip && acceptsGzip(req) ? e.gzip : undefined;
      const etag = gzip ? gzipEtag(e.etag) : e.etag;
      reply.header('etag', etag);
      if (matches(req, e.etag) || matches(req, gzipEtag(e.etag))) return reply.code(304).send();
      if (gzip) reply.header('content-encoding', 'gzip');
      return reply.type(e.contentType).send(gzip ?? e.body);
    }
    req[PENDING] = { key: req.url, version, clock: rule.clock === true };
  });

  app.addHook('onSend', async (req: WithPending, reply, payload) => {
    const p = req[PENDING];
    if (!p || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const headers: Record<string, string> = {};
    for (const h of KEPT_HEADERS) {
      const v = reply.getHeader(h);
      if (v !== undefined) headers[h] = String(v);
    }
    const etag = etagOf(payload);
    const serverTime = p.clock ? /"serverTime":"([^"]+)"/.exec(payload)?.[1] : undefined;
    const entry: Entry = {
      version: p.version,
      at: Date.now(),
      etag,
      contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
      body: Buffer.from(payload, 'utf8'),
      headers,
      serverTime,
      until: p.until,
    };
    cache.set(p.key, entry);
    reply.header('cache-control', PUBLIC_CC).header('x-cache', 'miss');
    if (p.clock) return payload;
    // Off the event loop and after this answer: the first reader does not wait for the compression.
    if (entry.body.length >= GZIP_MIN_BYTES) zlib.gzip(entry.body, (err, gz) => err || cache.attachGzip(p.key, entry, gz));
    reply.header('etag', etag).header('vary', 'accept-encoding');
    if (matches(req, etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
