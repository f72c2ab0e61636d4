import type { Executor } from '../../db/index.ts';

export async function keyRow(ex: Executor, name: string) {
  return ex.selectFrom('platform_key').select(['private_key', 'public_key']).where('name', '=', name).executeTakeFirst();
}

/** Store a key unless another server stored one first (the first one wins; every server then reads it). */
export async function insertKeyIfAbsent(ex: Executor, name: string, privateKey: string, publicKey: string): Promise<void> {
  await ex
    .insertInto('platform_key')
    .values({ name, private_key: privateKey, public_key: publicKey })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}
