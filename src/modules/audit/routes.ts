import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { Problem, StrictObject } from '../../lib/schemas.ts';
import { Page, PageQuery } from '../../lib/pagination.ts';
import * as service from './service.ts';

const Event = Type.Object({
  id: Type.Number(),
  occurredAt: Type.String(),
  actorUserId: Type.Union([Type.String(), Type.Null()]),
  actorOrgId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  seq: Type.Union([Type.Number(), Type.Null()]),
  hash: Type.Union([Type.String(), Type.Null()]),
});

const Verification = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Number({ description: 'links checked from the genesis' }),
  head: Type.Object({ seq: Type.Number(), hash: Type.String() }),
  pending: Type.Number({ description: 'committed events not yet linked onto the chain' }),
  firstBreak: Type.Union([Type.Object({ seq: Type.Number(), eventId: Type.Number(), problem: Type.String() }), Type.Null()]),
});

export default async function auditRoutes(app: App) {
  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Walk the chain from the genesis and name the first broken link (auditors, operators, admins; what `berpa audit verify` asks a running server)',
        querystring: StrictObject({ expectHead: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}:[0-9a-f]{64}$', description: '<seq>:<hash> pinned earlier' })) }),
        response: { 200: Verification, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const m = req.query.expectHead ? /^(\d+):([0-9a-f]{64})$/.exec(req.query.expectHead) : null;
      return service.verifyForCaller(req.ctx, m ? { seq: Number(m[1]), hash: m[2] } : undefined);
    },
  );

  app.get(
    '/api/v1/audit/head',
    {
      schema: {
        tags: ['audit'],
        summary: 'The current head of the audit chain, to pin',
        response: { 200: Type.Object({ seq: Type.Number(), hash: Type.String(), updatedAt: Type.Union([Type.Unsafe<Date>({ type: 'string', format: 'date-time' }), Type.Null()]) }) },
      },
    },
    async (req) => service.getHead(req.ctx.db),
  );
  app.get(
    '/api/v1/audit/events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first (auditors, operators, admins)',
        querystring: StrictObject({ entityType: Type.Optional(Type.String({ maxLength: 60 })), entityId: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }),
        response: { 200: Page(Event) },
      },
    },
    async (req) => service.listEvents(req.ctx, req.query),
  );
}
