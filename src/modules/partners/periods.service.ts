import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound, validationError } from '../../lib/errors.ts';
import { LANGS, type Lang } from '../../lib/languages.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { allCountries, countryOf } from './countries.ts';
import { PartnerErrors } from './errors.ts';
import * as repo from './periods.repo.ts';
import { PartnerPerms } from './permissions.ts';
import { coversDay, type Period, periodsOverlap } from './rules.ts';
import type { PeriodInputT, PeriodPatchT } from './schema.ts';

export function presentPeriod(p: repo.PeriodRow) {
  return {
    id: p.id,
    country: p.country,
    validFrom: p.valid_from,
    validTo: p.valid_to,
    basis: p.basis,
    basisReference: p.basis_reference,
    isDemo: p.is_demo,
    createdAt: new Date(p.created_at as unknown as Date).toISOString(),
  };
}
export type PeriodView = ReturnType<typeof presentPeriod>;

/** Throws unknown_country naming `field` unless `code` is an assigned ISO 3166-1 code. */
export function assertCountry(code: string, field: string) {
  if (!countryOf(code)) {
    throw new AppError(PartnerErrors.unknownCountry, `${code} is not an ISO 3166-1 alpha-2 country code`, {
      errors: [{ field, message: 'unknown country code', code: 'unknown_country', params: { value: code } }],
    });
  }
}

async function assertNoOverlap(trx: Parameters<typeof repo.byCountry>[0], country: string, candidate: Period, exceptId?: string) {
  const clash = (await repo.byCountry(trx, country)).find((p) => p.id !== exceptId && periodsOverlap(candidate, { validFrom: p.valid_from, validTo: p.valid_to }));
  if (clash) {
    throw new AppError(PartnerErrors.periodOverlap, `${country} is already a partner from ${clash.valid_from} to ${clash.valid_to ?? 'further notice'} (period ${clash.id})`, {
      errors: [{ field: '/body/validFrom', message: 'overlaps another partner period of this country' }],
    });
  }
}

function assertOrder(from: string, to: string | null | undefined) {
  if (to && to < from) throw validationError([{ field: '/body/validTo', message: 'must be on or after validFrom', code: 'end_before_start', params: { other: 'validFrom' } }]);
}

/**
 * Designate a country as a partner from a day (and until a day).
 * Errors: forbidden, unknown_country, validation_failed (validTo before validFrom), partner_period_overlap.
 */
export async function createPeriod(ctx: Ctx, input: PeriodInputT, opts: { isDemo?: boolean } = {}) {
  assertCan(ctx.actor, PartnerPerms.managePeriods);
  assertCountry(input.country, '/body/country');
  assertOrder(input.validFrom, input.validTo);
  return ctx.db.transaction().execute(async (trx) => {
    await repo.lockCountry(trx, input.country);
    await assertNoOverlap(trx, input.country, { validFrom: input.validFrom, validTo: input.validTo ?? null });
    const row = await repo.insert(trx, {
      country: input.country,
      valid_from: input.validFrom,
      valid_to: input.validTo ?? null,
      basis: input.basis,
      basis_reference: input.basisReference ?? null,
      created_by: ctx.actor.userId,
      is_demo: opts.isDemo ?? false,
    });
    const view = presentPeriod(row);
    await recordAudit(trx, ctx, { action: 'partner_period.create', entityType: 'partner_period', entityId: row.id, after: view, reason: input.basis });
    return view;
  });
}

/** Change the dates or basis of a period (e.g. end a partnership). Errors: forbidden, not_found, validation_failed, partner_period_overlap. */
export async function updatePeriod(ctx: Ctx, id: string, patch: PeriodPatchT) {
  assertCan(ctx.actor, PartnerPerms.managePeriods);
  return ctx.db.transaction().execute(async (trx) => {
    const first = await repo.byId(trx, id);
    if (!first) throw notFound('partner period', id);
    await repo.lockCountry(trx, first.country);
    const before = await repo.byId(trx, id);
    if (!before) throw notFound('partner period', id);
    const next = { validFrom: patch.validFrom ?? before.valid_from, validTo: patch.validTo === undefined ? before.valid_to : patch.validTo };
    assertOrder(next.validFrom, next.validTo);
    await assertNoOverlap(trx, before.country, next, id);
    const after = await repo.update(trx, id, {
      valid_from: next.validFrom,
      valid_to: next.validTo,
      basis: patch.basis,
      basis_reference: patch.basisReference,
    });
    await recordAudit(trx, ctx, {
      action: 'partner_period.update',
      entityType: 'partner_period',
      entityId: id,
      before: presentPeriod(before),
      after: presentPeriod(after),
      reason: patch.reason,
    });
    return presentPeriod(after);
  });
}

/** Remove a period recorded in error (ending a partnership is an update of validTo). Errors: forbidden, not_found. */
export async function deletePeriod(ctx: Ctx, id: string, reason: string) {
  assertCan(ctx.actor, PartnerPerms.managePeriods);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.byId(trx, id);
    if (!before) throw notFound('partner period', id);
    await repo.lockCountry(trx, before.country);
    await repo.remove(trx, id);
    await recordAudit(trx, ctx, { action: 'partner_period.delete', entityType: 'partner_period', entityId: id, before: presentPeriod(before), reason });
  });
}

/**
 * Partner countries with their periods, current and past. `on` judges
 * "current" for another day (default: today in the programme's calendar).
 */
export async function listPartners(ctx: Ctx, q: { on?: string; country?: string }) {
  const day = q.on ?? (await repo.today(ctx.db));
  const rows = q.country ? await repo.byCountry(ctx.db, q.country) : await repo.all(ctx.db);
  const byCountry = new Map<string, repo.PeriodRow[]>();
  for (const r of rows) byCountry.set(r.country, [...(byCountry.get(r.country) ?? []), r]);
  const items = [...byCountry.entries()].map(([code, ps]) => ({
    country: code,
    names: countryOf(code)?.names ?? (Object.fromEntries(LANGS.map((l) => [l, code])) as Record<Lang, string>),
    current: ps.some((p) => coversDay({ validFrom: p.valid_from, validTo: p.valid_to }, day)),
    periods: ps.map(presentPeriod),
  }));
  items.sort((a, b) => Number(b.current) - Number(a.current) || a.country.localeCompare(b.country));
  return { on: day, items };
}

/** Every ISO 3166-1 country, flagged when it is a partner today. */
export async function listCountries(ctx: Ctx) {
  const { items } = await listPartners(ctx, {});
  const current = new Set(items.filter((p) => p.current).map((p) => p.country));
  return { items: allCountries().map((c) => ({ ...c, partner: current.has(c.code) })), nextCursor: null };
}
