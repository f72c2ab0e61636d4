import { type Static, Type } from '@sinclair/typebox';
import { Language, StrictObject, Uuid } from '../../lib/schemas.ts';

/** Request and response schemas of the Atom feeds. */
const lang = Type.Optional(Language({ description: 'Language of titles and summaries (text not in it falls back to English, marked with xml:lang)' }));

export const TenderFeedQuery = StrictObject({
  sector: Type.Optional(Type.String({ maxLength: 60, description: 'OC4IDS sector of a linked project (a top-level sector includes its sub-sectors)' })),
  district: Type.Optional(Type.String({ maxLength: 60, description: 'District (area code or id) of a linked project' })),
  eligibility: Type.Optional(Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2: tenders a company of that country may bid in today' })),
  lang,
});
export type TenderFeedQueryT = Static<typeof TenderFeedQuery>;

export const LangQuery = StrictObject({ lang });
export const ProjectFeedParams = StrictObject({ id: Uuid });
export const CountryFeedParams = StrictObject({ code: Type.String({ maxLength: 3 }) });

export const AtomDocument = Type.String({ description: 'An Atom 1.0 document (RFC 4287), application/atom+xml' });

export const SubscriptionInput = StrictObject({
  kind: Type.Union([Type.Literal('tenders'), Type.Literal('project'), Type.Literal('country')]),
  sector: Type.Optional(Type.String({ maxLength: 60 })),
  district: Type.Optional(Type.String({ maxLength: 60 })),
  eligibility: Type.Optional(Type.String({ maxLength: 2 })),
  projectId: Type.Optional(Uuid),
  country: Type.Optional(Type.String({ maxLength: 2 })),
  language: Type.Optional(Language()),
});
export type SubscriptionInputT = Static<typeof SubscriptionInput>;

export const SubscriptionView = Type.Object({
  id: Uuid,
  kind: Type.String(),
  filter: Type.Object(
    {
      sector: Type.Optional(Type.String()),
      district: Type.Optional(Type.String()),
      eligibility: Type.Optional(Type.String()),
      projectId: Type.Optional(Type.String()),
      country: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  language: Type.String(),
  email: Type.String(),
  createdAt: Type.String(),
});
export const SubscriptionList = Type.Object({ items: Type.Array(SubscriptionView) });
export const SubscriptionParams = StrictObject({ id: Uuid });
export const Removed = Type.Object({ id: Uuid, removed: Type.Boolean() });
export const UnsubscribeQuery = StrictObject({ token: Type.String({ minLength: 1, maxLength: 100 }) });
export const Unsubscribed = Type.Object({ removed: Type.Boolean() });
