import { lockOf } from '../../db/locks.ts';
import type { SequencerSpec } from '../../db/sequencer.ts';
import { type ChainEvent, GENESIS_HASH, linkHash } from './chain.ts';
import * as repo from './repo.ts';

type Link = { id: number; seq: number; prev: string; hash: string };

/**
 * The audit chain as a configuration of the one sequencer (src/db/sequencer.ts):
 * committed, unchained events in id order get seq = head + 1, … and each a
 * hash over the previous one.
 */
export const auditSequencer: SequencerSpec<ChainEvent, { seq: number; hash: string }, Link> = {
  name: 'audit',
  lock: lockOf.auditSequencer,
  batch: 2000,
  pending: repo.unchained,
  stillPending: repo.countUnchainedOf,
  head: async (trx) => {
    const h = await repo.head(trx);
    return { seq: h?.seq ?? 0, hash: h?.hash ?? GENESIS_HASH };
  },
  link: (events, head) => {
    let { seq, hash: prev } = head;
    return events.map((e) => {
      seq += 1;
      const hash = linkHash(seq, prev, e);
      const link = { id: e.id, seq, prev, hash };
      prev = hash;
      return link;
    });
  },
  write: repo.writeLinks,
};
