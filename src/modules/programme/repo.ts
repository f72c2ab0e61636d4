import type { Executor, Tx } from '../../db/index.ts';

export async function current(ex: Executor) {
  return ex.selectFrom('programme').selectAll().executeTakeFirst();
}

/** The programme row locked to the end of the transaction: tenders number their OCIDs under it (tenders/repo.ts nextOcid). */
export async function lockForUpdate(ex: Tx) {
  await ex.selectFrom('programme').select('id').forUpdate().execute();
}

export async function insert(
  ex: Executor,
  p: {
    name: object;
    targetKm2: number;
    currencies: string[];
    languages: string[];
    ocidPrefix: string;
    oc4idsPrefix: string;
    partnerPolicy: 'all' | 'partners_only';
    isDemo: boolean;
    timezone?: string;
  },
) {
  return ex
    .insertInto('programme')
    .values({
      name: JSON.stringify(p.name),
      target_km2: p.targetKm2,
      currencies: p.currencies,
      languages: p.languages,
      ocid_prefix: p.ocidPrefix,
      oc4ids_prefix: p.oc4idsPrefix,
      partner_policy: p.partnerPolicy,
      is_demo: p.isDemo,
      timezone: p.timezone ?? 'Asia/Baku',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function update(ex: Executor, id: string, patch: { name?: string; target_km2?: number; currencies?: string[]; partner_policy?: 'all' | 'partners_only' }) {
  return ex
    .updateTable('programme')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
