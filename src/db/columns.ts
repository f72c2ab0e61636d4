import type { ColumnType } from 'kysely';
import type { Lang } from '../lib/languages.ts';

/**
 * Column types shared by every module's tables.ts. Kept apart from schema.ts
 * (which joins the module tables into DB) so that module tables never import
 * the file that imports them.
 */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp column with a default (`now()`): optional on insert. Use instead of Generated<Timestamp>. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A JSON column with a default: optional on insert. Use instead of Generated<Json<T>>. */
export type DefaultJson<T = unknown> = ColumnType<T, string | T | undefined, string | T>;
/** Text in some of the platform languages (lib/languages.ts). */
export type LocalizedText = Partial<Record<Lang, string>>;
