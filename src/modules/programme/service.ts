import type { Selectable } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { ProgrammeTable } from './tables.ts';
import type { Ctx } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, definePermissions } from '../auth/permissions.ts';
import * as repo from './repo.ts';

export const ProgrammePerms = definePermissions('programme', { edit: ['admin'] });

export function present(p: Selectable<ProgrammeTable>) {
  return {
    id: p.id,
    name: p.name as Record<string, string>,
    targetKm2: Number(p.target_km2),
    currencies: p.currencies,
    languages: p.languages,
    ocidPrefix: p.ocid_prefix,
    oc4idsPrefix: p.oc4ids_prefix,
    partnerPolicy: p.partner_policy,
    timezone: p.timezone,
    isDemo: p.is_demo,
  };
}
export type ProgrammeView = ReturnType<typeof present>;

/** The programme this deployment runs. Errors: not_found (before the first seed). */
export async function getProgramme(ex: Executor): Promise<ProgrammeView> {
  const p = await repo.current(ex);
  if (!p) throw notFound('programme');
  return present(p);
}

/** Errors: forbidden, not_found. */
export async function updateProgramme(ctx: Ctx, patch: { name?: Record<string, string>; targetKm2?: number; currencies?: string[]; partnerPolicy?: 'all' | 'partners_only'; reason: string }) {
  assertCan(ctx.actor, ProgrammePerms.edit);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.current(trx);
    if (!before) throw notFound('programme');
    const after = await repo.update(trx, before.id, {
      name: patch.name ? JSON.stringify(patch.name) : undefined,
      target_km2: patch.targetKm2,
      currencies: patch.currencies,
      partner_policy: patch.partnerPolicy,
    });
    await recordAudit(trx, ctx, { action: 'programme.update', entityType: 'programme', entityId: before.id, before: present(before), after: present(after), reason: patch.reason });
    return present(after);
  });
}
