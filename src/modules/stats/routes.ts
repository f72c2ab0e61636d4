import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { Problem } from '../../lib/schemas.ts';
import * as service from './service.ts';

const Money = Type.Object({ amount: Type.Number(), currency: Type.String() });

/** Exported for the web app's types (web/src/api/types.ts). */
export const ProcurementFigures = Type.Object({
  openedTenders: Type.Integer(),
  averageBidsPerTender: Type.Union([Type.Number(), Type.Null()]),
  histogram: Type.Array(Type.Object({ bids: Type.Integer(), tenders: Type.Integer() })),
  committed: Type.Union([Money, Type.Null()]),
  committedByCurrency: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Number(), contracts: Type.Integer() })),
  budgetByCurrency: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Number(), projects: Type.Integer() })),
  spent: Type.Union([Money, Type.Null()], { description: 'Paid by contract payments, in the headline currency' }),
  spentByCurrency: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Number(), payments: Type.Integer() })),
});

/** One amount per currency, never summed across currencies. */
const amounts = (description: string) => Type.Array(Type.Object({ currency: Type.String(), amount: Type.Number() }), { description });

/** Exported for the web app's types (web/src/api/types.ts). */
export const ReportFigures = Type.Object({
  asOf: Type.String({ format: 'date-time', description: 'When these figures were read (the database clock)' }),
  districts: Type.Array(
    Type.Object({
      districtId: Type.String(),
      code: Type.String({ description: 'Area code, as in /api/v1/land/summary' }),
      projects: Type.Integer({ description: 'Projects in the district, cancelled ones left out' }),
      budget: amounts('Budgets of those projects, per currency'),
    }),
  ),
  countries: Type.Array(
    Type.Object({
      country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
      current: Type.Boolean({ description: 'A partner today' }),
      pledged: amounts('Pledged, per currency'),
      contracted: amounts('Signed contracts (not terminated) on the projects its pledges fund, in the pledge currency'),
      paid: amounts('Payments drawn on its pledges, net of retention'),
      companies: Type.Integer({ description: 'Registered companies (tenderers or suppliers) of the country' }),
      bidsWon: Type.Integer({ description: 'Awards (not cancelled) to its companies' }),
    }),
  ),
});

export default async function statsRoutes(app: App) {
  app.get(
    '/api/v1/stats/procurement',
    {
      schema: {
        tags: ['stats'],
        summary: 'Competition and money figures for the dashboard (public)',
        response: {
          200: ProcurementFigures,
          404: Problem,
        },
      },
    },
    async (req) => service.procurementFigures(req.ctx),
  );
  app.get(
    '/api/v1/stats/report',
    {
      schema: {
        tags: ['stats'],
        summary: 'The programme report’s tables (public): projects and budgets per district; pledged, contracted, paid, companies and bids won per partner country',
        response: { 200: ReportFigures },
      },
    },
    async (req) => service.reportFigures(req.ctx),
  );
}
