import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import pkg from '../../package.json' with { type: 'json' };
import type { AppDeps } from '../lib/context.ts';
import { AppError, Errors } from '../lib/errors.ts';
import { AttemptLimiter } from '../modules/auth/rate-limit.ts';
import { authenticate } from './auth-hook.ts';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH, refuseLongUrl, refuseNul } from './input-guards.ts';
import { withRedaction } from './log-redaction.ts';
import { sendProblem, toAppError } from './problem.ts';
import { registerPublicCache } from './public-cache.ts';
import { registerRateLimits } from './rate-limit.ts';
import { registerReadReplica } from './read-replica.ts';
import { registerModules } from './routes.ts';
import { docsCsp, registerSecurityHeaders } from './security-headers.ts';
import { metaFor, shareLanguage, withMeta } from './share-meta.ts';
import type { App } from './types.ts';
import { validatorCompiler } from './validation.ts';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export interface BuildOptions {
  logger?: boolean | object;
  serveWeb?: boolean;
  /**
   * Only for the authorisation matrix (test/security/permission-matrix.ts):
   * no request or response validation, so that every call reaches the
   * service's role check instead of stopping at a 400.
   */
  authorisationProbe?: boolean;
}

export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: withRedaction(opts.logger ?? { level: deps.config.logLevel }),
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: false,
    // A caller's request id is kept if it is sane, so that its logs and ours line up.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
    ajv: { customOptions: { strict: false } },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  if (opts.authorisationProbe) {
    app.setValidatorCompiler(() => () => true);
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  } else app.setValidatorCompiler(validatorCompiler);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Headers first, so that even a request refused by the next hook carries them.
  await registerSecurityHeaders(app, deps.config.publicUrl);
  app.addHook('onRequest', refuseLongUrl);
  app.addHook('preValidation', refuseNul);

  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) req.log.error({ err }, 'unhandled error');
    else req.log.info({ code: appErr.code, detail: appErr.message }, 'request refused');
    if (appErr.code === 'rate_limited' && appErr.extra?.retryAfter) reply.header('retry-after', String(appErr.extra.retryAfter));
    return sendProblem(reply, req, appErr);
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Berpa API',
        version: pkg.version,
        description:
          'Open platform for a reconstruction programme: land release, projects, tenders with sealed bids, contracts, partner countries and open data (OCDS, OC4IDS). Errors are application/problem+json (RFC 9457).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'berpa_session' } } },
    },
  });
  // Tags start folded: with every tag open, Swagger UI stops rendering after the first few of our ~130 operations.
  await app.register(swaggerUi, { routePrefix: '/api/docs', transformStaticCSP: docsCsp, uiConfig: { docExpansion: 'none' } });

  const windowMs = deps.config.signIn.windowSeconds * 1000;
  const limiters = {
    byEmail: new AttemptLimiter(deps.db, 'email', deps.config.signIn.maxAttempts, windowMs),
    byAddress: new AttemptLimiter(deps.db, 'address', deps.config.signIn.maxAttempts * 10, windowMs),
  };
  app.addHook('onRequest', authenticate(deps));
  registerReadReplica(app, deps);
  // Limits first: an answer from the public cache still counts against the caller's limit.
  await registerRateLimits(app, deps.db, deps.config.rateLimits);
  registerPublicCache(app);
  await registerModules(app, { limiters });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const serveWeb = opts.serveWeb ?? fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (serveWeb) {
    // index: false, so `/` too is answered below with its title and description in the HTML.
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, maxAge: '1h', immutable: false });
  }
  let indexHtml: string | null = null;
  // Unknown API paths are problems; any other GET is the single-page app, with the page's share metadata (share-meta.ts).
  app.setNotFoundHandler(async (req, reply) => {
    if (serveWeb && req.method === 'GET' && !req.url.startsWith('/api/')) {
      indexHtml ??= fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
      const url = new URL(req.url, 'http://local');
      const meta = await metaFor(app, url.pathname, shareLanguage(url.searchParams, req.headers['accept-language']));
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(withMeta(indexHtml, meta, deps.config.publicUrl));
    }
    return sendProblem(reply, req, new AppError(Errors.notFound, `no route ${req.method} ${req.url.split('?')[0]}`));
  });

  return app;
}
