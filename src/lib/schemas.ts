import { type TLiteral, type TOptional, type TString, Type } from '@sinclair/typebox';
import { LANGS, type Lang } from './languages.ts';

/** Shared TypeBox pieces, defined once and reused by every module. */
export { LANGS, type Lang } from './languages.ts';

/** Text in one or more of the platform languages: one optional property per entry of LANGS. */
export const LocalizedText = (maxLength = 2000) =>
  Type.Object(Object.fromEntries(LANGS.map((l) => [l, Type.Optional(Type.String({ minLength: 1, maxLength }))])) as Record<Lang, TOptional<TString>>, {
    additionalProperties: false,
    minProperties: 1,
    description: `Text in one or more of ${LANGS.join(', ')}`,
  });

/** Text by language as the API answers it (stored text was checked by LocalizedText on the way in; may be empty). */
export const LocalizedTextView = () =>
  Type.Object(Object.fromEntries(LANGS.map((l) => [l, Type.Optional(Type.String())])) as Record<Lang, TOptional<TString>>, {
    additionalProperties: false,
    description: `Text by language (${LANGS.join(', ')})`,
  });

/** Names in every platform language (countries): one required property per entry of LANGS. */
export const LocalizedNames = () => Type.Object(Object.fromEntries(LANGS.map((l) => [l, Type.String()])) as Record<Lang, TString>);

/** One of the platform languages. */
type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };
export const Language = (options: { description?: string } = {}) => Type.Union(LANGS.map((l) => Type.Literal(l)) as Literals<typeof LANGS>, options);

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
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: 'JSON pointer into the request, e.g. /body/organisation/name' }),
          message: Type.String({ description: 'What is wrong, in English' }),
          code: Type.Optional(
            Type.String({
              description:
                'The broken rule: request validation names the schema rule (required, unknown_field, min_length, max_length, minimum, maximum, pattern, format, enum, type, …); a service names its own (unknown_reference, already_used, end_before_start, outside_territory, amount_exceeds, …)',
            }),
          ),
          params: Type.Optional(
            Type.Object(
              {
                limit: Type.Optional(Type.Number({ description: 'min_length, max_length, minimum, maximum, min_items, max_items, …' })),
                allowed: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), { description: 'enum: the accepted values' })),
                format: Type.Optional(Type.String({ description: 'format: date, date-time, email, uuid, uri, …' })),
                type: Type.Optional(Type.String({ description: 'type: the expected JSON type' })),
                pattern: Type.Optional(Type.String({ description: 'pattern: the regular expression' })),
                value: Type.Optional(Type.String({ description: 'unknown_reference, already_used, duplicate_reference, bad_transition: the refused value' })),
                other: Type.Optional(Type.String({ description: 'end_before_start, start_after_end, before_other_date, after_other_date, not_allowed_with: the other field' })),
                date: Type.Optional(Type.String({ description: 'before_other_date, past_date: the day compared with, YYYY-MM-DD' })),
                currency: Type.Optional(Type.String({ description: 'currency_mismatch: the currency required' })),
              },
              { additionalProperties: false, description: "The rule's values, for clients that word the message themselves" },
            ),
          ),
        }),
      ),
    ),
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

/**
 * An object whose fields are defined elsewhere than here: `shape` names where
 * (an official standard, a layer's property list). The OpenAPI walk test
 * (test/foundation/response-schemas.test.ts) accepts an open object only with
 * this mark, so a route cannot fall back to "any object" by accident.
 */
export const OpenObject = (shape: string, props: import('@sinclair/typebox').TProperties = {}, description?: string) =>
  Type.Object(props, { additionalProperties: true, 'x-shape': shape, ...(description ? { description } : {}) });

/** RFC 7946 geometry (coordinates are nested arrays of positions, depth by type). */
export const Geometry = Type.Object(
  {
    type: Type.Unsafe<'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon'>({
      type: 'string',
      enum: ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'],
    }),
    coordinates: Type.Array(Type.Unknown(), { description: 'positions [lon, lat] nested per geometry type' }),
  },
  { description: 'GeoJSON geometry (RFC 7946), WGS 84' },
);

/** RFC 7946 FeatureCollection; `properties` per layer are named in the route summary. */
export const FeatureCollection = (layer: string) =>
  Type.Object(
    {
      type: Type.Literal('FeatureCollection'),
      features: Type.Array(
        Type.Object({
          type: Type.Literal('Feature'),
          id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
          geometry: Type.Union([Geometry, Type.Null()]),
          properties: OpenObject(`geojson-layer:${layer}`),
        }),
      ),
    },
    { additionalProperties: true, 'x-shape': 'RFC 7946 FeatureCollection (foreign members such as attribution allowed)' },
  );
export type GeometryT = import('@sinclair/typebox').Static<typeof Geometry>;
