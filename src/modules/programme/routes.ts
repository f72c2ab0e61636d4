import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { CurrencyCode, LocalizedText, Problem, Reason, StrictObject } from '../../lib/schemas.ts';
import * as service from './service.ts';

/** Exported for the web app's types (web/src/api/types.ts). */
export const Programme = Type.Object({
  id: Type.String(),
  name: Type.Record(Type.String(), Type.String()),
  targetKm2: Type.Number(),
  currencies: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  ocidPrefix: Type.String(),
  oc4idsPrefix: Type.String(),
  partnerPolicy: Type.String(),
  timezone: Type.String(),
  isDemo: Type.Boolean(),
});

export default async function programmeRoutes(app: App) {
  app.get('/api/v1/programme', { schema: { tags: ['programme'], summary: 'The programme', response: { 200: Programme, 404: Problem } } }, async (req) =>
    service.getProgramme(req.ctx.db),
  );
  app.patch(
    '/api/v1/programme',
    {
      schema: {
        tags: ['programme'],
        summary: 'Change the programme (admins)',
        body: StrictObject({
          name: Type.Optional(LocalizedText(300)),
          targetKm2: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000_000 })),
          currencies: Type.Optional(Type.Array(CurrencyCode, { minItems: 1, maxItems: 10, uniqueItems: true })),
          partnerPolicy: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('partners_only')])),
          reason: Reason,
        }),
        response: { 200: Programme },
      },
    },
    async (req) => service.updateProgramme(req.ctx, req.body),
  );
}
