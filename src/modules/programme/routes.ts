import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { CurrencyCode, Language, LocalizedText, LocalizedTextView, Problem, Reason, StrictObject } from '../../lib/schemas.ts';
import * as service from './service.ts';

/** Exported for the web app's types (web/src/api/types.ts). */
export const Programme = Type.Object({
  id: Type.String(),
  name: LocalizedTextView(),
  targetKm2: Type.Number(),
  currencies: Type.Array(Type.String()),
  languages: Type.Array(Language(), { description: 'the languages the programme works and publishes in (a subset of the platform languages)' }),
  ocidPrefix: Type.String(),
  oc4idsPrefix: Type.String(),
  partnerPolicy: Type.String(),
  timezone: Type.String(),
  isDemo: Type.Boolean(),
});

const PeriodRule = StrictObject({
  method: Type.Union([Type.Literal('open'), Type.Literal('selective'), Type.Literal('limited')]),
  currency: CurrencyCode,
  minValue: Type.Number({ minimum: 0, maximum: 1e15, description: 'the band starts at this tender value (inclusive), up to the next band' }),
  minTenderDays: Type.Integer({ minimum: 0, maximum: 365 }),
  minEnquiryDays: Type.Integer({ minimum: 0, maximum: 365 }),
  legalSource: Type.String({ minLength: 3, maxLength: 500, description: 'the law or regulation the minimum comes from' }),
});
const PeriodRules = Type.Object({ rules: Type.Array(PeriodRule) });

export default async function programmeRoutes(app: App) {
  app.get(
    '/api/v1/programme/period-rules',
    {
      schema: {
        tags: ['programme'],
        summary: 'Minimum tendering and enquiry periods per method and value band, with their legal source (public)',
        response: { 200: PeriodRules, 404: Problem },
      },
    },
    async (req) => service.getPeriodRules(req.ctx.db),
  );
  app.put(
    '/api/v1/programme/period-rules',
    {
      schema: {
        tags: ['programme'],
        summary: 'Replace the minimum-period rules (admins); enforced when tenders are published and amended',
        body: StrictObject({ rules: Type.Array(PeriodRule, { maxItems: 100 }), reason: Reason }),
        response: { 200: PeriodRules, 400: Problem, 403: Problem },
      },
    },
    async (req) => service.setPeriodRules(req.ctx, req.body),
  );

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
