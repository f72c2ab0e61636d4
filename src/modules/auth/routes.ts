import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { Email, Problem, StrictObject } from '../../lib/schemas.ts';
import { User } from '../users/schema.ts';
import type { SignInLimiters } from './service.ts';
import * as service from './service.ts';

export const SESSION_COOKIE = 'berpa_session';
const tags = ['auth'];

const SignInBody = StrictObject({
  email: Email,
  password: Type.String({ minLength: 1, maxLength: 200 }),
  mode: Type.Optional(Type.Union([Type.Literal('cookie'), Type.Literal('token')], { description: 'cookie: web session; token: bearer token for API clients', default: 'token' })),
});

/** Exported for the web app's types (web/src/api/types.ts). */
export const SignInResult = Type.Object({
  token: Type.Optional(Type.String({ description: 'Bearer token (mode token only)' })),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }),
  user: User,
  permissions: Type.Array(Type.String()),
});

export const Me = Type.Object({ user: Type.Union([User, Type.Null()]), permissions: Type.Array(Type.String()), csrfToken: Type.Union([Type.String(), Type.Null()]) });

export default async function authRoutes(app: App, opts: { limiters: SignInLimiters }) {
  app.post(
    '/api/v1/auth/sign-in',
    { schema: { tags, summary: 'Sign in with email and password', body: SignInBody, response: { 200: SignInResult, 401: Problem, 429: Problem } } },
    async (req, reply) => {
      const mode = req.body.mode ?? 'token';
      const r = await service.signIn({ ...req.ctx, limiters: opts.limiters }, { email: req.body.email, password: req.body.password, mode, clientIp: req.ip });
      if (mode === 'cookie') {
        reply.setCookie(SESSION_COOKIE, r.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: req.ctx.config.publicUrl.startsWith('https:'),
          expires: r.expiresAt,
        });
        return { csrfToken: r.csrfToken, expiresAt: r.expiresAt, user: r.user, permissions: r.permissions };
      }
      return r;
    },
  );

  app.post('/api/v1/auth/sign-out', { schema: { tags, summary: 'End this session or revoke this token', response: { 204: Type.Null(), 401: Problem } } }, async (req, reply) => {
    await service.signOut(req.ctx, req.session?.sessionId ?? null);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.post(
    '/api/v1/auth/sign-out-everywhere',
    {
      schema: { tags, summary: 'End every session and revoke every token of the caller (all devices)', response: { 200: Type.Object({ revoked: Type.Integer() }), 401: Problem } },
    },
    async (req, reply) => {
      const revoked = await service.signOutEverywhere(req.ctx);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { revoked };
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'The caller and what it may do',
        response: { 200: Me },
      },
    },
    async (req) => ({ ...(await service.me(req.ctx)), csrfToken: req.session?.csrfToken ?? null }),
  );
}
