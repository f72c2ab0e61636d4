import type { App } from '../../http/types.ts';
import { Problem } from '../../lib/schemas.ts';
import * as S from './schema.ts';
import * as feeds from './service.ts';
import * as subscriptions from './subscriptions.service.ts';

const tags = ['feeds'];
const base = '/api/v1/feeds';
const ATOM = 'application/atom+xml; charset=utf-8';
const response = { 200: S.AtomDocument, 400: Problem, 404: Problem };

export default async function feedRoutes(app: App) {
  app.get(
    `${base}/tenders.atom`,
    { schema: { tags, summary: 'Atom feed of published tenders (filters: sector, district, eligibility)', querystring: S.TenderFeedQuery, response } },
    async (req, reply) => reply.type(ATOM).send(await feeds.tendersFeed(req.ctx, req.query)),
  );
  app.get(
    `${base}/projects/:id.atom`,
    {
      schema: {
        tags,
        summary: "Atom feed of a project's updates: status changes, tenders published and awarded, contract milestones accepted, contracts completed",
        params: S.ProjectFeedParams,
        querystring: S.LangQuery,
        response,
      },
    },
    async (req, reply) => reply.type(ATOM).send(await feeds.projectFeed(req.ctx, req.params.id, req.query.lang)),
  );
  app.get(
    `${base}/countries/:code.atom`,
    { schema: { tags, summary: "Atom feed of a country's engagements and pledges", params: S.CountryFeedParams, querystring: S.LangQuery, response } },
    async (req, reply) => reply.type(ATOM).send(await feeds.countryFeed(req.ctx, req.params.code, req.query.lang)),
  );

  await app.register(subscriptionRoutes);
}

/** Email subscriptions (own plugin: the form body of RFC 8058's one-click POST is accepted here only). */
async function subscriptionRoutes(app: App) {
  const tags = ['subscriptions'];
  const base = '/api/v1/subscriptions';
  const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
  // A mail client's one-click POST sends `List-Unsubscribe=One-Click` as a form; the token in the URL is what counts.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, _body, done) => done(null, undefined));
  app.post(
    `${base}`,
    {
      schema: {
        tags,
        summary: 'Subscribe the signed-in user by email (tenders by filter, a project, a country)',
        body: S.SubscriptionInput,
        response: { 201: S.SubscriptionView, ...refusals },
      },
    },
    async (req, reply) => reply.status(201).send(await subscriptions.create(req.ctx, req.body)),
  );
  app.get(`${base}`, { schema: { tags, summary: "The signed-in user's subscriptions", response: { 200: S.SubscriptionList, ...refusals } } }, async (req) =>
    subscriptions.list(req.ctx),
  );
  app.delete(
    `${base}/:id`,
    { schema: { tags, summary: 'Remove one of your subscriptions', params: S.SubscriptionParams, response: { 200: S.Removed, ...refusals } } },
    async (req) => subscriptions.remove(req.ctx, req.params.id),
  );
  // The mail's link (GET) and RFC 8058 one-click (POST, List-Unsubscribe=One-Click): the token is the credential, no sign-in.
  const unsubscribe = {
    tags,
    summary: 'One-click unsubscribe with the token of a mail (RFC 8058)',
    querystring: S.UnsubscribeQuery,
    response: { 200: S.Unsubscribed, 400: Problem },
  };
  app.get(`${base}/unsubscribe`, { schema: unsubscribe }, async (req) => subscriptions.unsubscribe(req.ctx, req.query.token));
  app.post(`${base}/unsubscribe`, { schema: unsubscribe }, async (req) => subscriptions.unsubscribe(req.ctx, req.query.token));
}
