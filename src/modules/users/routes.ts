import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { idempotencyKeyOf } from '../../lib/idempotency.ts';
import { Page, PageQuery } from '../../lib/pagination.ts';
import { IdParams, Problem, StrictObject, Uuid } from '../../lib/schemas.ts';
import { User, UserCreate, UserPatch } from './schema.ts';
import * as service from './service.ts';

const tags = ['users'];
/** Exported for the web app's types (web/src/api/types.ts). */
export const UserRow = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  organisationId: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  createdAt: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }),
});

export default async function userRoutes(app: App) {
  app.post(
    '/api/v1/users',
    { schema: { tags, summary: 'Create a user (Idempotency-Key honoured)', body: UserCreate, response: { 201: User, 403: Problem, 409: Problem } } },
    async (req, reply) => reply.status(201).send(await service.createUser(req.ctx, req.body, idempotencyKeyOf(req.headers))),
  );
  app.get(
    '/api/v1/users',
    { schema: { tags, summary: 'List users', querystring: StrictObject({ organisationId: Type.Optional(Uuid), ...PageQuery }), response: { 200: Page(UserRow) } } },
    async (req) => service.listUsers(req.ctx, req.query),
  );
  app.patch(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'Change a user’s name, roles or active flag (admins)', params: IdParams, body: UserPatch, response: { 200: User } } },
    async (req) => service.updateUser(req.ctx, req.params.id, req.body),
  );
}
