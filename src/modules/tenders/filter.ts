import type { Executor } from '../../db/index.ts';
import { type FieldError, validationError } from '../../lib/errors.ts';
import { countryOf } from '../partners/countries.ts';
import { SECTORS } from '../projects/codelists.ts';
import { districtByCodeOrId, type TenderMatch } from './filter.repo.ts';

/** The filter as a visitor writes it (in an address or a form): a district by its code or id, a country code in either case. */
export interface TenderFilterInput {
  sector?: string;
  district?: string;
  eligibility?: string;
}

/**
 * Check a visitor's tender filter and resolve its district, for the tenders
 * list, the tenders feed and a tenders subscription alike.
 * Errors: validation_failed (each field named under `at`, e.g. /querystring).
 */
export async function resolveTenderFilter(ex: Executor, f: TenderFilterInput, at: '/querystring' | '/body'): Promise<TenderMatch> {
  const errs: FieldError[] = [];
  const eligibility = f.eligibility?.toUpperCase();
  if (f.sector && !SECTORS.has(f.sector)) errs.push({ field: `${at}/sector`, message: `"${f.sector}" is not an OC4IDS sector` });
  if (eligibility && !countryOf(eligibility)) errs.push({ field: `${at}/eligibility`, message: `"${f.eligibility}" is not an ISO 3166-1 alpha-2 country code` });
  const district = f.district ? await districtByCodeOrId(ex, f.district) : undefined;
  if (f.district && !district) errs.push({ field: `${at}/district`, message: `no district "${f.district}"` });
  if (errs.length) throw validationError(errs);
  return { sector: f.sector || undefined, districtId: district?.id, eligibility: eligibility || undefined };
}
