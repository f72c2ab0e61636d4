import { Type } from '@sinclair/typebox';
import { OpenObject, StrictObject } from '../../lib/schemas.ts';

const Release = OpenObject('OCDS 1.1 release (standards/ocds)', { ocid: Type.String(), id: Type.String(), date: Type.String(), tag: Type.Array(Type.String()) });
const OcdsRecord = OpenObject('OCDS 1.1 record (standards/ocds)', { ocid: Type.String() });

export const FeedQuery = StrictObject({
  since: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601; only releases whose `date` is strictly later. Poll with the newest `date` you have seen.' })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'From `links.next` / `nextCursor`; carries `since` and `order`' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')], { description: 'desc (default): newest first; asc: oldest first, for pollers' })),
});

export const OcidParams = StrictObject({ ocid: Type.String({ minLength: 1, maxLength: 200 }) });

/** OCDS packages are validated against the official schema in tests; here only their outline. */
export const ReleasePackage = Type.Object(
  { uri: Type.String(), version: Type.String(), publishedDate: Type.String(), releases: Type.Array(Release) },
  { additionalProperties: true, 'x-shape': 'OCDS 1.1 release package (standards/ocds)', description: 'OCDS 1.1 release package' },
);
export const RecordPackage = Type.Object(
  { uri: Type.String(), version: Type.String(), publishedDate: Type.String(), records: Type.Array(OcdsRecord) },
  { additionalProperties: true, 'x-shape': 'OCDS 1.1 record package (standards/ocds)', description: 'OCDS 1.1 record package' },
);
