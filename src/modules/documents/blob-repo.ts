import type { Executor, Tx } from '../../db/index.ts';

/** Claims a blob's row; false when it is already stored (or another server is storing it: this waits for its commit). */
export async function claim(trx: Tx, sha256: string, sizeBytes: number, chunks: number): Promise<boolean> {
  const r = await trx
    .insertInto('document_blob')
    .values({ sha256, size_bytes: sizeBytes, chunks })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returning('sha256')
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertChunk(trx: Tx, sha256: string, seq: number, data: Buffer): Promise<void> {
  await trx.insertInto('document_blob_chunk').values({ sha256, seq, data }).execute();
}

export async function header(ex: Executor, sha256: string) {
  return ex.selectFrom('document_blob').select(['size_bytes', 'chunks']).where('sha256', '=', sha256).executeTakeFirst();
}

export async function chunk(ex: Executor, sha256: string, seq: number): Promise<Buffer | null> {
  const r = await ex.selectFrom('document_blob_chunk').select('data').where('sha256', '=', sha256).where('seq', '=', seq).executeTakeFirst();
  return r ? Buffer.from(r.data) : null;
}

export async function count(ex: Executor): Promise<number> {
  const r = await ex
    .selectFrom('document_blob')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
