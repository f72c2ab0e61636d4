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
