import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../lib/context.ts';
import { AppError, Errors } from '../lib/errors.ts';
import { ANONYMOUS } from '../modules/auth/permissions.ts';
import { SESSION_COOKIE } from '../modules/auth/routes.ts';
import { resolveSecret } from '../modules/auth/service.ts';
import { safeEqual } from '../modules/auth/tokens.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling: a bearer token (API clients) or the session cookie (web
 * app). A bad bearer token is an error; a stale cookie just means anonymous.
 * Cookie-authenticated writes must echo the session's CSRF token in
 * `X-CSRF-Token`, because the browser sends cookies on cross-site requests too.
 */
export function authenticate(deps: AppDeps) {
  return async function onRequest(req: FastifyRequest, reply: FastifyReply) {
    req.session = null;
    req.ctx = { ...deps, actor: ANONYMOUS, requestId: String(req.id) };
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const s = m ? await resolveSecret(deps, m[1]) : null;
      if (!s || s.kind !== 'token') throw new AppError(Errors.invalidToken);
      req.session = s;
      req.ctx.actor = s.actor;
      return;
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (!cookie) return;
    const s = await resolveSecret(deps, cookie);
    if (!s || s.kind !== 'cookie') {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    if (!SAFE_METHODS.has(req.method) && req.url.startsWith('/api/')) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !s.csrfToken || !safeEqual(sent, s.csrfToken)) throw new AppError(Errors.csrf);
    }
    req.session = s;
    req.ctx.actor = s.actor;
  };
}
