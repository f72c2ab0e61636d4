import { AppError, Errors } from '../../lib/errors.ts';

export const ROLES = ['admin', 'operator', 'mine_action', 'company', 'committee', 'evaluator', 'auditor', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  kind: 'user' | 'anonymous' | 'system';
  userId: string | null;
  orgId: string | null;
  roles: Role[];
  /** Shown in the audit log: the user's email, or "system:<job>". */
  label: string;
}

export const ANONYMOUS: Actor = { kind: 'anonymous', userId: null, orgId: null, roles: [], label: 'anonymous' };
export const systemActor = (job: string): Actor => ({ kind: 'system', userId: null, orgId: null, roles: ['admin'], label: `system:${job}` });

/**
 * Permission registry: each module declares which roles may perform each of
 * its actions (`definePermissions` in its own permissions file). Services
 * call `assertCan`; `/api/v1/me` lists what the caller may do so that the web
 * app shows only those actions. Ownership (a company acting on its own
 * records) is checked by the service on top of this.
 */
const registry = new Map<string, readonly Role[]>();

export function definePermissions<const T extends Record<string, readonly Role[]>>(module: string, perms: T): { [K in keyof T]: string } {
  const names = {} as { [K in keyof T]: string };
  for (const [action, roles] of Object.entries(perms)) {
    const name = `${module}.${action}`;
    if (registry.has(name)) throw new Error(`permission ${name} defined twice`);
    registry.set(name, roles);
    (names as Record<string, string>)[action] = name;
  }
  return names;
}

/**
 * The permissions consulted while `current` is set: only the authorisation
 * matrix generator (test/security/permission-matrix.ts) sets it, around one
 * request at a time. Unset, it costs one property read.
 */
export const permissionTrace: { current: Set<string> | null } = { current: null };

/** Every registered permission and the roles that hold it, sorted by name. */
export function permissionRegistry(): { permission: string; roles: readonly Role[] }[] {
  return [...registry.entries()].map(([permission, roles]) => ({ permission, roles })).sort((a, b) => a.permission.localeCompare(b.permission));
}

export function can(actor: Actor, permission: string): boolean {
  const roles = registry.get(permission);
  if (!roles) throw new Error(`unknown permission ${permission}`);
  permissionTrace.current?.add(permission);
  return actor.roles.some((r) => roles.includes(r));
}

export function assertCan(actor: Actor, permission: string): void {
  if (can(actor, permission)) return;
  if (actor.kind === 'anonymous') throw new AppError(Errors.unauthenticated, `sign in to ${permission}`);
  throw new AppError(Errors.forbidden, `your role may not ${permission}`);
}

export function assertSignedIn(actor: Actor): asserts actor is Actor & { userId: string } {
  if (actor.kind !== 'user' || !actor.userId) throw new AppError(Errors.unauthenticated);
}

export function permissionsOf(actor: Actor): string[] {
  return [...registry.keys()].filter((p) => can(actor, p)).sort();
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
