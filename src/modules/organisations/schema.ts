import { type Static, Type } from '@sinclair/typebox';
import { CountryCode, Email, LocalizedText, LocalizedTextView, StrictObject, Uuid } from '../../lib/schemas.ts';

export const ORG_ROLES = ['buyer', 'procuringEntity', 'tenderer', 'supplier', 'funder', 'mineActionOperator', 'reviewBody', 'publicAuthority'] as const;

export const Address = StrictObject({
  streetAddress: Type.Optional(Type.String({ maxLength: 300 })),
  locality: Type.Optional(Type.String({ maxLength: 120 })),
  region: Type.Optional(Type.String({ maxLength: 120 })),
  postalCode: Type.Optional(Type.String({ maxLength: 20 })),
  countryName: Type.Optional(Type.String({ maxLength: 120 })),
});

export const ContactPoint = StrictObject({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Email),
  telephone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[+0-9 ()-]{3,40}$' })),
  url: Type.Optional(Type.String({ format: 'uri', maxLength: 500 })),
});

export const OrganisationInput = StrictObject({
  name: Type.String({ minLength: 2, maxLength: 300 }),
  nameI18n: Type.Optional(LocalizedText(300)),
  identifier: StrictObject({
    scheme: Type.String({ minLength: 4, maxLength: 20, description: 'org-id.guide list code, e.g. AZ-VOEN, KR-BRN, TR-MERSIS' }),
    id: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  country: CountryCode,
  address: Type.Optional(Address),
  contactPoint: Type.Optional(ContactPoint),
});
export type OrganisationInputT = Static<typeof OrganisationInput>;

export const RegistrationInput = StrictObject({
  organisation: OrganisationInput,
  user: StrictObject({
    email: Email,
    name: Type.String({ minLength: 2, maxLength: 200 }),
    password: Type.String({ minLength: 12, maxLength: 200 }),
  }),
});
export type RegistrationInputT = Static<typeof RegistrationInput>;

export const Organisation = Type.Object({
  id: Uuid,
  name: Type.String(),
  nameI18n: LocalizedTextView(),
  identifier: Type.Object({ scheme: Type.String(), id: Type.String() }),
  country: Type.String(),
  roles: Type.Array(Type.String()),
  verificationStatus: Type.Union([Type.Literal('unverified'), Type.Literal('verified'), Type.Literal('rejected')]),
  verifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  address: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  contactPoint: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  isDemo: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const VerifyInput = StrictObject({
  status: Type.Union([Type.Literal('verified'), Type.Literal('rejected')]),
  note: Type.String({ minLength: 3, maxLength: 2000 }),
});

export const OrgListQuery = StrictObject({
  country: Type.Optional(CountryCode),
  status: Type.Optional(Type.Union([Type.Literal('unverified'), Type.Literal('verified'), Type.Literal('rejected')])),
  role: Type.Optional(Type.Union(ORG_ROLES.map((r) => Type.Literal(r)))),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const OrganisationPatch = StrictObject({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 300 })),
  nameI18n: Type.Optional(LocalizedText(300)),
  address: Type.Optional(Address),
  contactPoint: Type.Optional(ContactPoint),
});
