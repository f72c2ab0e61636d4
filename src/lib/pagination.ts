import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { AppError, Errors } from './errors.ts';

/** Opaque cursor: the sort keys of the last item seen, base64url-encoded JSON. */
export function encodeCursor(keys: unknown[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(keys) && keys.length === arity) return keys;
  } catch {
    // fall through to the error below
  }
  throw new AppError(Errors.validation, 'cursor is not one this API issued', {
    errors: [{ field: '/querystring/cursor', message: 'invalid cursor' }],
  });
}

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'Opaque cursor from `nextCursor` of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};

export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

/** Fetch limit+1 rows, return limit of them and a cursor if there was more. */
export function pageOf<T>(rows: T[], limit: number, keysOf: (row: T) => unknown[]): PageOf<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? encodeCursor(keysOf(items[items.length - 1])) : null };
}

export type PageQueryT = Static<ReturnType<typeof Type.Object<typeof PageQuery>>>;
