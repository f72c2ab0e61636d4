import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

/**
 * The change counters of some scopes, summed (migrations/0910_public_change.sql):
 * every counter only grows, so the sum changes whenever any of them does.
 * With it, the database clock: answers that show a phase or the server's time
 * (the tenders) are judged and refreshed by it, as the services do.
 *
 * `ocdsFeed`: the answer also shows the OCDS feed, whose rows are numbered
 * by the sequencer after their writers commit. The feed's head position (it
 * only grows) joins the sum, and `unsettled` says releases are waiting for
 * their number: the handler must then run (it numbers them first). Counting
 * OCDS rows with a trigger instead would make every writer of a release, and
 * the sequencer on the read path, queue on one counter row.
 */
export async function changeVersion(ex: Executor, scopes: readonly string[], ocdsFeed: boolean): Promise<{ version: number; now: Date; unsettled: boolean }> {
  const r = await sql<{ v: number; now: Date; unsettled: boolean }>`
    select (coalesce((select sum(n) from public_change where scope = any(${scopes as string[]}::text[])), 0)
            + case when ${ocdsFeed} then coalesce((select max(position) from ocds_release), 0) else 0 end)::int8 as v,
           ${ocdsFeed} and exists (select 1 from ocds_release where position is null) as unsettled,
           now() as now`.execute(ex);
  const row = r.rows[0];
  return { version: Number(row.v), now: new Date(row.now), unsettled: row.unsettled === true };
}
