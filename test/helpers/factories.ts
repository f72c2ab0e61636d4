import crypto from 'node:crypto';
import type { AppDeps } from '../../src/lib/context.ts';
import type { Actor, Role } from '../../src/modules/auth/permissions.ts';
import { insertSession } from '../../src/modules/auth/repo.ts';
import { hashSecret, newSecret } from '../../src/modules/auth/tokens.ts';
import * as orgRepo from '../../src/modules/organisations/repo.ts';
import * as programmeRepo from '../../src/modules/programme/repo.ts';
import * as userRepo from '../../src/modules/users/repo.ts';
import { DEMO_PROGRAMME } from '../../src/seed/core-demo.ts';

/**
 * Test factories: each makes what a test needs in one call and creates
 * missing parents itself (a company user gets its own organisation).
 */
const digits = (n: number) => Array.from(crypto.randomBytes(n), (b) => String(b % 10)).join('');

export async function ensureProgramme(deps: AppDeps, overrides: Partial<typeof DEMO_PROGRAMME> = {}) {
  const existing = await programmeRepo.current(deps.db);
  if (existing) return existing;
  return programmeRepo.insert(deps.db, { ...DEMO_PROGRAMME, ...overrides, isDemo: false });
}

export async function makeOrg(deps: AppDeps, o: { country?: string; verified?: boolean; roles?: string[]; name?: string } = {}) {
  const country = o.country ?? 'AZ';
  const scheme = country === 'AZ' ? 'AZ-VOEN' : country === 'KR' ? 'KR-BRN' : `${country}-TEST`;
  return orgRepo.insertOrganisation(deps.db, {
    name: o.name ?? `Test Org ${digits(6)}`,
    identifier_scheme: scheme,
    identifier_id: digits(10),
    country,
    roles: o.roles ?? ['tenderer'],
    verification_status: o.verified === false ? 'unverified' : 'verified',
    verified_at: o.verified === false ? null : new Date(),
    verification_note: null,
  });
}

// Tests do not need argon2's cost for users they never sign in with a password.
export const TEST_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$dGVzdHNhbHR0ZXN0c2FsdA$0000000000000000000000000000000000000000000';

export interface TestUser {
  id: string;
  email: string;
  orgId: string | null;
  roles: Role[];
  actor: Actor;
  /** Bearer token for app.inject: `headers: { authorization: user.auth }`. */
  auth: string;
}

export async function makeUser(deps: AppDeps, o: { roles?: Role[]; orgId?: string | null; country?: string; passwordHash?: string; email?: string } = {}): Promise<TestUser> {
  const roles = o.roles ?? ['company'];
  let orgId = o.orgId ?? null;
  if (orgId === null && o.orgId === undefined && roles.includes('company')) orgId = (await makeOrg(deps, { country: o.country })).id;
  const email = o.email ?? `user-${digits(8)}@test.berpa.test`;
  const { id } = await userRepo.insertUser(deps.db, { email, name: 'Test User', passwordHash: o.passwordHash ?? TEST_PASSWORD_HASH, organisationId: orgId, roles });
  const token = newSecret('bpt');
  await insertSession(deps.db, { userId: id, kind: 'token', tokenHash: hashSecret(token), csrfToken: null, name: 'test', expiresAt: new Date(Date.now() + 3600_000) });
  return { id, email, orgId, roles, actor: { kind: 'user', userId: id, orgId, roles, label: email }, auth: `Bearer ${token}` };
}

/** One user for every role, for permission matrices. */
export async function makeRoleUsers(deps: AppDeps) {
  const all: Role[] = ['admin', 'operator', 'mine_action', 'company', 'committee', 'evaluator', 'auditor', 'observer'];
  const out = {} as Record<Role, TestUser>;
  for (const r of all) out[r] = await makeUser(deps, { roles: [r] });
  return out;
}
