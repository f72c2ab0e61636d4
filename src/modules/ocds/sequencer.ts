import { lockOf } from '../../db/locks.ts';
import type { SequencerSpec } from '../../db/sequencer.ts';
import * as repo from './repo.ts';

type Head = { position: number; last: number; now: number };
type Link = { id: string; position: number; date: Date };

/**
 * The OCDS feed as a configuration of the one sequencer (src/db/sequencer.ts):
 * committed releases, in the order they were written, get the next feed
 * positions and dates. Dates are the database clock at sequencing, to the
 * millisecond, forced strictly increasing so that `since=<last date seen>`
 * is exact.
 */
export const ocdsSequencer: SequencerSpec<{ id: string }, Head, Link> = {
  name: 'ocds',
  lock: lockOf.ocdsSequencer,
  batch: 1000,
  pending: repo.pending,
  stillPending: repo.countPendingOf,
  head: async (trx) => {
    const head = await repo.feedHead(trx);
    return { position: head?.position ?? 0, last: head?.date.getTime() ?? 0, now: (await repo.clock(trx)).getTime() };
  },
  link: (rows, head) => {
    let { position, last } = head;
    return rows.map((r) => {
      position += 1;
      last = Math.max(head.now, last + 1);
      return { id: r.id, position, date: new Date(last) };
    });
  },
  write: repo.assignPositions,
};
