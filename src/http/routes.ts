import type { App } from './types.ts';
import type { AttemptLimiter } from '../modules/auth/rate-limit.ts';
import auditRoutes from '../modules/audit/routes.ts';
import authRoutes from '../modules/auth/routes.ts';
import documentRoutes from '../modules/documents/routes.ts';
import healthRoutes from '../modules/health/routes.ts';
import organisationRoutes from '../modules/organisations/routes.ts';
import programmeRoutes from '../modules/programme/routes.ts';
import userRoutes from '../modules/users/routes.ts';

/** Every module's routes, registered in one place. Add a module: one line here. */
export async function registerModules(app: App, opts: { limiter: AttemptLimiter }) {
  await app.register(healthRoutes);
  await app.register(authRoutes, { limiter: opts.limiter });
  await app.register(programmeRoutes);
  await app.register(organisationRoutes);
  await app.register(userRoutes);
  await app.register(documentRoutes);
  await app.register(auditRoutes);
}
