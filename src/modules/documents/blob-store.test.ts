import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../../db/index.ts';
import { BlobStore, CHUNK_BYTES, DatabaseBlobStore } from './blob-store.ts';

// The database store runs on either backend (its tables exist on both); on PostgreSQL it is what the app uses.
let database: Database;
let store: DatabaseBlobStore;
beforeAll(async () => {
  database = await testDatabase();
  store = new DatabaseBlobStore(database.db);
});
afterAll(() => database?.close());

function bytes(n: number, seed: number) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

describe('documents in the database', () => {
  it('stores a file over several chunks and gives back the same bytes', async () => {
    const data = bytes(2 * CHUNK_BYTES + 12345, 7);
    const sha = await store.put(data);
    expect(sha).toBe(BlobStore.sha256(data));
    const chunks = await database.db
      .selectFrom('document_blob_chunk')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sha256', '=', sha)
      .executeTakeFirstOrThrow();
    expect(Number(chunks.n)).toBe(3);
    const back = await store.get(sha);
    expect(back?.equals(data)).toBe(true);
  });

  it('stores the same content once, also when two puts race; an empty file is a blob too', async () => {
    const data = bytes(5000, 3);
    const [a, b] = await Promise.all([store.put(data), store.put(data)]);
    expect(a).toBe(b);
    const rows = await database.db
      .selectFrom('document_blob')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sha256', '=', a)
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(1);
    const empty = await store.put(Buffer.alloc(0));
    expect((await store.get(empty))?.length).toBe(0);
  });

  it('answers null for unknown content and refuses bytes changed in the database', async () => {
    expect(await store.get('0'.repeat(64))).toBeNull();
    const data = bytes(100, 9);
    const sha = await store.put(data);
    await sql`update document_blob_chunk set data = ${Buffer.from('tampered')} where sha256 = ${sha}`.execute(database.db);
    await expect(store.get(sha)).rejects.toThrow(/does not match/);
  });
});
