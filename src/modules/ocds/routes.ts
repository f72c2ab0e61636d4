import type { App } from '../../http/types.ts';
import { Problem } from '../../lib/schemas.ts';
import { FeedQuery, OcidParams, RecordPackage, ReleasePackage } from './schema.ts';
import * as service from './service.ts';

const tags = ['open data (OCDS)'];
/** Public OCDS endpoints (no sign-in). */
export default async function ocdsRoutes(app: App) {
  app.get(
    '/api/v1/ocds/releases',
    {
      schema: {
        tags,
        summary: 'OCDS release package: every release, newest first (or oldest first), with `since` and cursor paging',
        querystring: FeedQuery,
        response: { 200: ReleasePackage, 400: Problem },
      },
    },
    async (req, reply) => {
      const r = await service.listReleases(req.ctx, req.query);
      if (r.package.links?.next) reply.header('link', `<${r.package.links.next}>; rel="next"`);
      return r.package;
    },
  );

  app.get(
    '/api/v1/ocds/records/:ocid',
    { schema: { tags, summary: 'OCDS record package for one contracting process, with its compiled release', params: OcidParams, response: { 200: RecordPackage, 404: Problem } } },
    async (req) => service.getRecord(req.ctx, req.params.ocid),
  );
}
