import { notFound } from '../../lib/errors.ts';

/**
 * The "load or not found" preamble of the tender services, once: the row the
 * given read found, or not_found naming the tender. `published` also hides a
 * draft (to everyone but the paths that manage drafts). Errors: not_found.
 */
export async function tenderOrNotFound<T extends { status: string }>(row: Promise<T | undefined>, id: string, opts: { published?: boolean } = {}): Promise<T> {
  const t = await row;
  if (!t || (opts.published && t.status === 'draft')) throw notFound('tender', id);
  return t;
}
