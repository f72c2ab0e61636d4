import { Type } from '@sinclair/typebox';

/** Shared TypeBox pieces, defined once and reused by every module. */
export const LANGS = ['az', 'en', 'ko', 'ru'] as const;
export type Lang = (typeof LANGS)[number];

export const LocalizedText = (maxLength = 2000) =>
  Type.Object(
    {
      az: Type.Optional(Type.String({ minLength: 1, maxLength })),
      en: Type.Optional(Type.String({ minLength: 1, maxLength })),
      ko: Type.Optional(Type.String({ minLength: 1, maxLength })),
      ru: Type.Optional(Type.String({ minLength: 1, maxLength })),
    },
    { additionalProperties: false, minProperties: 1, description: 'Text in one or more of az, en, ko, ru' },
  );

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
export const IsoDate = Type.String({ format: 'date' });
export const IsoDateTime = Type.String({ format: 'date-time' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Reason = Type.String({ minLength: 3, maxLength: 2000 });
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    retryAfter: Type.Optional(Type.Integer({ description: 'rate_limited only: seconds to wait, as in the Retry-After header' })),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** Pick the text for a language, falling back to English, then anything. */
export function pickText(text: Partial<Record<Lang, string>> | null | undefined, lang: Lang = 'en'): string {
  if (!text) return '';
  return text[lang] ?? text.en ?? Object.values(text).find(Boolean) ?? '';
}

/** Objects reject unknown fields: a typo in a field name is an error, not silently ignored. */
export const StrictObject = <T extends import('@sinclair/typebox').TProperties>(props: T, opts: import('@sinclair/typebox').ObjectOptions = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });
