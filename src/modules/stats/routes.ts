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
}
