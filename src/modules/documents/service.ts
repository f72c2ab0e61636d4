import type { Selectable } from 'kysely';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, assertSignedIn, can, definePermissions } from '../auth/permissions.ts';
import { contentMatches, isAcceptedType } from './media-types.ts';
import * as repo from './repo.ts';
import type { DocumentTable } from './tables.ts';

export const DocumentPerms = definePermissions('document', {
  upload: ['admin', 'operator', 'mine_action', 'company', 'evaluator', 'committee'],
  readRestricted: ['admin', 'operator', 'auditor'],
});

export function present(d: Selectable<DocumentTable>) {
  return {
    id: d.id,
    sha256: d.sha256,
    title: d.title,
    documentType: d.document_type,
    language: d.language,
    mediaType: d.media_type,
    sizeBytes: Number(d.size_bytes),
    accessLevel: d.access_level,
    organisationId: d.organisation_id,
    createdAt: new Date(d.created_at).toISOString(),
    url: `/api/v1/documents/${d.id}/content`,
  };
}
export type DocumentView = ReturnType<typeof present>;

export interface UploadInput {
  data: Buffer;
  mediaType: string;
  title: string;
  documentType: string;
  language?: string | null;
  accessLevel?: 'public' | 'limited' | 'restricted';
}

/** Errors: forbidden, payload_too_large, unsupported_media_type (type not accepted, or content is not that type). */
export async function upload(ctx: Ctx, input: UploadInput) {
  assertCan(ctx.actor, DocumentPerms.upload);
  if (input.data.length > ctx.config.uploadMaxBytes) throw new AppError(Errors.payloadTooLarge, `files are limited to ${ctx.config.uploadMaxBytes} bytes`);
  if (!isAcceptedType(input.mediaType)) throw new AppError(Errors.unsupportedMediaType, `${input.mediaType} is not an accepted document type`);
  if (!contentMatches(input.mediaType, input.data)) throw new AppError(Errors.unsupportedMediaType, `the file's content is not ${input.mediaType}`);
  const sha = await ctx.blobs.put(input.data);
  return ctx.db.transaction().execute(async (trx) => {
    const d = await repo.insert(trx, {
      sha256: sha,
      title: input.title,
      document_type: input.documentType,
      language: input.language ?? null,
      media_type: input.mediaType,
      size_bytes: input.data.length,
      access_level: input.accessLevel ?? 'public',
      organisation_id: ctx.actor.orgId,
      uploaded_by: ctx.actor.userId,
    });
    await recordAudit(trx, ctx, { action: 'document.upload', entityType: 'document', entityId: d.id, after: present(d) });
    return present(d);
  });
}

function mayRead(ctx: Ctx, d: Selectable<DocumentTable>) {
  if (d.access_level === 'public') return true;
  if (can(ctx.actor, DocumentPerms.readRestricted)) return true;
  return ctx.actor.orgId !== null && ctx.actor.orgId === d.organisation_id;
}

/** Errors: not_found (also when the caller may not see it, so that its existence does not leak). */
export async function get(ctx: Ctx, id: string) {
  const d = await repo.byId(ctx.db, id);
  if (!d || !mayRead(ctx, d)) throw notFound('document', id);
  return present(d);
}

export async function content(ctx: Ctx, id: string) {
  const d = await repo.byId(ctx.db, id);
  if (!d || !mayRead(ctx, d)) throw notFound('document', id);
  const data = await ctx.blobs.get(d.sha256);
  if (!data) throw notFound('document content', id);
  return { data, mediaType: d.media_type, title: d.title, sha256: d.sha256 };
}

export { assertSignedIn };
