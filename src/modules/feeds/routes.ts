import type { App } from '../../http/types.ts';
import { Problem } from '../../lib/schemas.ts';
import * as S from './schema.ts';
import * as feeds from './service.ts';

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
      schema: { tags, summary: "Atom feed of a project's updates: status changes, tenders published and awarded", params: S.ProjectFeedParams, querystring: S.LangQuery, response },
    },
    async (req, reply) => reply.type(ATOM).send(await feeds.projectFeed(req.ctx, req.params.id, req.query.lang)),
  );
  app.get(
    `${base}/countries/:code.atom`,
    { schema: { tags, summary: "Atom feed of a country's engagements", params: S.CountryFeedParams, querystring: S.LangQuery, response } },
    async (req, reply) => reply.type(ATOM).send(await feeds.countryFeed(req.ctx, req.params.code, req.query.lang)),
  );
}
