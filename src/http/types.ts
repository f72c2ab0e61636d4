import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Ctx } from '../lib/context.ts';
import type { ResolvedSession } from '../modules/auth/service.ts';

/** The Fastify instance every module's routes receive, typed by TypeBox schemas. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The service context: dependencies, the caller and the request id. */
    ctx: Ctx;
    session: ResolvedSession | null;
  }
}

/** Standard error responses to document on a route. */
export { Problem } from '../lib/schemas.ts';
