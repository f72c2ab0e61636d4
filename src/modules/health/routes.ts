import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import pkg from '../../../package.json' with { type: 'json' };
import type { App } from '../../http/types.ts';
import { AppError, Errors } from '../../lib/errors.ts';

export default async function healthRoutes(app: App) {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and database reachability',
        response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]), version: Type.String() }) },
      },
    },
    async (req) => {
      try {
        await sql`select 1`.execute(req.ctx.db);
      } catch {
        throw new AppError(Errors.internal, 'database unreachable');
      }
      return { status: 'ok' as const, database: req.ctx.dbKind, version: pkg.version };
    },
  );
}
