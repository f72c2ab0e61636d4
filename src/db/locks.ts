import { type RawBuilder, sql } from 'kysely';
import type { Tx } from './index.ts';

/**
 * THE registry of PostgreSQL advisory-lock keys. Every lock the platform
 * takes is named here, so two features can never pick the same number by
 * accident, and a reader sees in one place what serialises what. All are
 * transaction-scoped (`pg_advisory_xact_*`): they are released at commit or
 * rollback, and the helpers take a `Tx` so that a lock outside a
 * transaction (which would end at once) does not compile.
 *
 * The numbers are stable: processes of two versions running side by side in a
 * rolling deploy must agree on them. Add new keys; never renumber.
 */
export const LockKeys = {
  /** Migrations: concurrent starts wait for each other. */
  migration: 7_411_001,
  /** The audit chain sequencer (one linker at a time). */
  auditSequencer: 7_411_002,
  /** The land figures refresh (one refresher at a time). */
  landFiguresRefresh: 7_411_100,
  /** OCDS publications of one contracting process: class key, with hashtext(ocid). */
  ocdsProcess: 7_411_500,
  /** The OCDS feed sequencer (one at a time). */
  ocdsSequencer: 7_411_501,
} as const;

export type LockKey = RawBuilder<unknown>;

/** Keys for one lock each. Text-keyed ones hash a prefixed name so that classes cannot collide. */
export const lockOf = {
  migration: (): LockKey => sql`${LockKeys.migration}::bigint`,
  auditSequencer: (): LockKey => sql`${LockKeys.auditSequencer}::bigint`,
  landFiguresRefresh: (): LockKey => sql`${LockKeys.landFiguresRefresh}::bigint`,
  ocdsSequencer: (): LockKey => sql`${LockKeys.ocdsSequencer}::bigint`,
  /** Two-part key (class, hashtext(ocid)). */
  ocdsProcess: (ocid: string): LockKey => sql`${LockKeys.ocdsProcess}::int, hashtext(${ocid})`,
  /** Bids take it shared, status and period changes exclusive (see tenders/repo.ts). */
  tender: (id: string): LockKey => sql`hashtextextended(${'tender:' + id}, 0)`,
  /** Imports of one contracting process followed from another OCDS publisher (see projects/external-ocds.service.ts). */
  externalOcdsProcess: (ocid: string): LockKey => sql`hashtextextended(${'external-ocds:' + ocid}, 0)`,
  /** Writers of one country's partner periods. */
  partnerPeriod: (country: string): LockKey => sql`hashtext(${'partner_period:' + country})::bigint`,
};

/** Wait for an exclusive transaction-scoped lock. */
export async function xactLock(trx: Tx, key: LockKey): Promise<void> {
  await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}

/** Wait for a shared transaction-scoped lock (exclusive holders wait for every shared one). */
export async function xactLockShared(trx: Tx, key: LockKey): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(${key})`.execute(trx);
}

/** Take an exclusive transaction-scoped lock if it is free; never waits. */
export async function tryXactLock(trx: Tx, key: LockKey): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${key}) as ok`.execute(trx);
  return r.rows[0].ok;
}
