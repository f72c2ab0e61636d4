import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { idempotencyKeyOf } from '../../lib/idempotency.ts';
import { Page } from '../../lib/pagination.ts';
import { IdParams, Problem } from '../../lib/schemas.ts';
import { Organisation, OrganisationInput, OrganisationPatch, OrgListQuery, RegistrationInput, VerifyInput } from './schema.ts';
import * as service from './service.ts';

const tags = ['organisations'];

export default async function organisationRoutes(app: App) {
  app.post(
    '/api/v1/organisations/register',
    {
      schema: {
        tags,
        summary: 'Register a company and its first user (starts unverified; Idempotency-Key honoured)',
        body: RegistrationInput,
        response: { 201: Type.Object({ organisation: Organisation, userId: Type.String() }), 400: Problem, 409: Problem },
      },
    },
    async (req, reply) => reply.status(201).send(await service.register(req.ctx, req.body, idempotencyKeyOf(req.headers))),
  );

  app.post(
    '/api/v1/organisations',
    {
      schema: {
        tags,
        summary: 'Create an organisation (operators)',
        body: Type.Intersect([OrganisationInput, Type.Object({ roles: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }), verified: Type.Optional(Type.Boolean()) })]),
        response: { 201: Organisation },
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(req.ctx, req.body)),
  );

  app.get('/api/v1/organisations', { schema: { tags, summary: 'List organisations', querystring: OrgListQuery, response: { 200: Page(Organisation) } } }, async (req) =>
    service.list(req.ctx, req.query),
  );

  app.get('/api/v1/organisations/:id', { schema: { tags, summary: 'One organisation', params: IdParams, response: { 200: Organisation, 404: Problem } } }, async (req) =>
    service.get(req.ctx, req.params.id),
  );

  app.patch(
    '/api/v1/organisations/:id',
    { schema: { tags, summary: 'Edit an organisation (its own users, or operators)', params: IdParams, body: OrganisationPatch, response: { 200: Organisation } } },
    async (req) => service.update(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/v1/organisations/:id/verification',
    { schema: { tags, summary: 'Verify or reject a registered organisation', params: IdParams, body: VerifyInput, response: { 200: Organisation } } },
    async (req) => service.verify(req.ctx, req.params.id, req.body),
  );
}
