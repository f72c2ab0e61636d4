import auditRoutes from '../modules/audit/routes.ts';
import authRoutes from '../modules/auth/routes.ts';
import type { SignInLimiters } from '../modules/auth/service.ts';
import contractRoutes from '../modules/contracts/routes.ts';
import documentRoutes from '../modules/documents/routes.ts';
import feedRoutes from '../modules/feeds/routes.ts';
import healthRoutes from '../modules/health/routes.ts';
import landRoutes from '../modules/land/routes.ts';
import ocdsRoutes from '../modules/ocds/routes.ts';
import organisationRoutes from '../modules/organisations/routes.ts';
import partnerRoutes from '../modules/partners/routes.ts';
import programmeRoutes from '../modules/programme/routes.ts';
import projectRoutes from '../modules/projects/routes.ts';
import receiptRoutes from '../modules/receipts/routes.ts';
import statsRoutes from '../modules/stats/routes.ts';
import tenderRoutes from '../modules/tenders/routes.ts';
import userRoutes from '../modules/users/routes.ts';
import type { App } from './types.ts';

/** Every module's routes, registered in one place. Add a module: one line here. */
export async function registerModules(app: App, opts: { limiters: SignInLimiters }) {
  await app.register(healthRoutes);
  await app.register(authRoutes, { limiters: opts.limiters });
  await app.register(programmeRoutes);
  await app.register(organisationRoutes);
  await app.register(userRoutes);
  await app.register(documentRoutes);
  await app.register(auditRoutes);
  await app.register(receiptRoutes);
  await app.register(partnerRoutes);
  await app.register(tenderRoutes);
  await app.register(landRoutes);
  await app.register(projectRoutes);
  await app.register(ocdsRoutes);
  await app.register(contractRoutes);
  await app.register(statsRoutes);
  await app.register(feedRoutes);
}
