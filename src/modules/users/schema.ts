import { Type } from '@sinclair/typebox';
import { Email, StrictObject, Uuid } from '../../lib/schemas.ts';
import { ROLES } from '../auth/permissions.ts';

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const UserCreate = StrictObject({
  email: Email,
  name: Type.String({ minLength: 2, maxLength: 200 }),
  password: Type.String({ minLength: 12, maxLength: 200 }),
  roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 8, uniqueItems: true }),
  organisationId: Type.Optional(Type.Union([Uuid, Type.Null()])),
});

export const UserPatch = StrictObject({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
  roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 8, uniqueItems: true })),
  active: Type.Optional(Type.Boolean()),
});

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  locale: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  organisationId: Type.Union([Type.String(), Type.Null()]),
  organisationName: Type.Union([Type.String(), Type.Null()]),
  organisationCountry: Type.Union([Type.String(), Type.Null()]),
  organisationStatus: Type.Union([Type.String(), Type.Null()]),
});
