/**
 * The platform's languages, defined once: the localized-text schema
 * (lib/schemas.ts), the localized-text column type (db/columns.ts) and every
 * per-language loop derive from this list.
 */
export const LANGS = ['az', 'en', 'ko', 'ru'] as const;
export type Lang = (typeof LANGS)[number];
