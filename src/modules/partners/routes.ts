import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { idempotencyKeyOf } from '../../lib/idempotency.ts';
import { Page } from '../../lib/pagination.ts';
import { IdParams, Problem } from '../../lib/schemas.ts';
import { countryView } from './country-view.service.ts';
import * as engagements from './engagements.service.ts';
import * as periods from './periods.service.ts';
import * as pledges from './pledges.service.ts';
import {
  CodeParams,
  Country,
  CountryView,
  DeleteInput,
  Engagement,
  EngagementInput,
  EngagementPatch,
  EngagementQuery,
  EngagementSummary,
  Partner,
  PartnerPeriod,
  PartnersQuery,
  PeriodInput,
  PeriodPatch,
  Pledge,
  PledgeInput,
  PledgeQuery,
  StepInput,
} from './schema.ts';

const tags = ['partners'];
const errs = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

export default async function partnerRoutes(app: App) {
  app.get(
    '/api/v1/countries',
    { schema: { tags, summary: 'Every ISO 3166-1 country, names in az/en/ko/ru, flagged when a partner today', response: { 200: Page(Country) } } },
    async (req) => periods.listCountries(req.ctx),
  );
  app.get(
    '/api/v1/countries/:code',
    {
      schema: {
        tags,
        summary: 'One country’s part in the programme: engagements, companies, bids, contracts, funded projects, pledges',
        params: CodeParams,
        response: { 200: CountryView, 404: Problem },
      },
    },
    async (req) => countryView(req.ctx, req.params.code),
  );

  app.get(
    '/api/v1/partners',
    {
      schema: {
        tags,
        summary: 'Partner countries, current and past, with their periods',
        querystring: PartnersQuery,
        response: { 200: Type.Object({ on: Type.String({ format: 'date' }), items: Type.Array(Partner) }) },
      },
    },
    async (req) => periods.listPartners(req.ctx, req.query),
  );
  app.post(
    '/api/v1/partners/periods',
    { schema: { tags, summary: 'Designate a country as a partner for a period (operators)', body: PeriodInput, response: { 201: PartnerPeriod, ...errs } } },
    async (req, reply) => reply.status(201).send(await periods.createPeriod(req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/partners/periods/:id',
    { schema: { tags, summary: 'Change a partner period (e.g. end it)', params: IdParams, body: PeriodPatch, response: { 200: PartnerPeriod, ...errs } } },
    async (req) => periods.updatePeriod(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/partners/periods/:id',
    { schema: { tags, summary: 'Remove a partner period recorded in error', params: IdParams, body: DeleteInput, response: { 204: Type.Null(), ...errs } } },
    async (req, reply) => {
      await periods.deletePeriod(req.ctx, req.params.id, req.body.reason);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/engagements',
    { schema: { tags, summary: 'Engagements with partner countries, newest first', querystring: EngagementQuery, response: { 200: Page(EngagementSummary) } } },
    async (req) => engagements.listEngagements(req.ctx, req.query),
  );
  app.get(
    '/api/v1/engagements/:id',
    { schema: { tags, summary: 'One engagement with participants, sources and related records', params: IdParams, response: { 200: Engagement, 404: Problem } } },
    async (req) => engagements.getEngagement(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/engagements',
    { schema: { tags, summary: 'Record an engagement (operators)', body: EngagementInput, response: { 201: Engagement, ...errs } } },
    async (req, reply) => reply.status(201).send(await engagements.createEngagement(req.ctx, req.body, idempotencyKeyOf(req.headers))),
  );
  app.patch(
    '/api/v1/engagements/:id',
    { schema: { tags, summary: 'Change an engagement; lists given replace the old ones', params: IdParams, body: EngagementPatch, response: { 200: Engagement, ...errs } } },
    async (req) => engagements.updateEngagement(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/engagements/:id',
    { schema: { tags, summary: 'Remove an engagement recorded in error', params: IdParams, body: DeleteInput, response: { 204: Type.Null(), ...errs } } },
    async (req, reply) => {
      await engagements.deleteEngagement(req.ctx, req.params.id, req.body.reason);
      return reply.status(204).send(null);
    },
  );

  app.get('/api/v1/pledges', { schema: { tags, summary: 'Pledges by partner countries, newest first', querystring: PledgeQuery, response: { 200: Page(Pledge) } } }, async (req) =>
    pledges.listPledges(req.ctx, req.query),
  );
  app.get('/api/v1/pledges/:id', { schema: { tags, summary: 'One pledge with its steps', params: IdParams, response: { 200: Pledge, 404: Problem } } }, async (req) =>
    pledges.getPledge(req.ctx, req.params.id),
  );
  app.post('/api/v1/pledges', { schema: { tags, summary: 'Record a pledge (operators)', body: PledgeInput, response: { 201: Pledge, ...errs } } }, async (req, reply) =>
    reply.status(201).send(await pledges.createPledge(req.ctx, req.body, idempotencyKeyOf(req.headers))),
  );
  app.post(
    '/api/v1/pledges/:id/commitment',
    { schema: { tags, summary: 'Record the commitment of a pledge (pledged → committed)', params: IdParams, body: StepInput, response: { 200: Pledge, ...errs } } },
    async (req) => pledges.stepPledge(req.ctx, req.params.id, 'committed', req.body),
  );
  app.post(
    '/api/v1/pledges/:id/disbursements',
    { schema: { tags, summary: 'Record a disbursement (adds to the disbursed total)', params: IdParams, body: StepInput, response: { 200: Pledge, ...errs } } },
    async (req) => pledges.stepPledge(req.ctx, req.params.id, 'disbursed', req.body),
  );
}
