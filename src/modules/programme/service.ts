import type { Selectable } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound, validationError } from '../../lib/errors.ts';
import type { Lang } from '../../lib/languages.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, definePermissions } from '../auth/permissions.ts';
import { ProgrammeErrors } from './errors.ts';
import * as rulesRepo from './procurement-rules.repo.ts';
import { applicableRule, type PeriodRule, periodViolations, ruleSetProblems, type TenderTerms } from './procurement-rules.ts';
import * as repo from './repo.ts';
import type { ProgrammeTable } from './tables.ts';

export const ProgrammePerms = definePermissions('programme', { edit: ['admin'] });

export function present(p: Selectable<ProgrammeTable>) {
  return {
    id: p.id,
    name: p.name as Record<string, string>,
    targetKm2: Number(p.target_km2),
    currencies: p.currencies,
    // Stored from Language() (routes.ts) or the seed's LANGS.
    languages: p.languages as Lang[],
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
export async function updateProgramme(
  ctx: Ctx,
  patch: { name?: Record<string, string>; targetKm2?: number; currencies?: string[]; partnerPolicy?: 'all' | 'partners_only'; reason: string },
) {
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

/** The programme's minimum tendering and enquiry periods. Errors: not_found. */
export async function getPeriodRules(ex: Executor) {
  const p = await repo.current(ex);
  if (!p) throw notFound('programme');
  return { rules: await rulesRepo.rules(ex, p.id) };
}

/** Replace the rule set, with a reason (audited). Errors: forbidden, not_found, validation_failed. */
export async function setPeriodRules(ctx: Ctx, input: { rules: PeriodRule[]; reason: string }) {
  assertCan(ctx.actor, ProgrammePerms.edit);
  const problems = ruleSetProblems(input.rules);
  if (problems.length) throw validationError(problems);
  return ctx.db.transaction().execute(async (trx) => {
    const p = await repo.current(trx);
    if (!p) throw notFound('programme');
    const before = await rulesRepo.rules(trx, p.id);
    await rulesRepo.replaceRules(trx, p.id, input.rules);
    const after = await rulesRepo.rules(trx, p.id);
    await recordAudit(trx, ctx, {
      action: 'programme.period_rules',
      entityType: 'programme',
      entityId: p.id,
      before: { rules: before },
      after: { rules: after },
      reason: input.reason,
    });
    return { rules: after };
  });
}

/**
 * The check the tenders module calls at publication and at each amendment,
 * in its own transaction: the periods measured from `publishedAt` must meet
 * the band the tender falls in. No rule for its method/currency: no minimum.
 * Errors: tender_period_too_short naming the date field.
 */
export async function assertTenderPeriods(ex: Executor, terms: TenderTerms, periods: { publishedAt: Date; tenderEnd: Date; enquiryEnd: Date }, fieldPrefix: string): Promise<void> {
  const p = await repo.current(ex);
  if (!p) return;
  const rule = applicableRule(await rulesRepo.rules(ex, p.id), terms);
  if (!rule) return;
  const errors = periodViolations(rule, { from: periods.publishedAt, tenderEnd: periods.tenderEnd, enquiryEnd: periods.enquiryEnd }, fieldPrefix);
  if (errors.length) throw new AppError(ProgrammeErrors.periodTooShort, errors.map((e) => e.message).join('; '), { errors, extra: { rule } });
}
