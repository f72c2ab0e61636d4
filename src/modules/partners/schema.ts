import { type Static, Type } from '@sinclair/typebox';
import { PageQuery } from '../../lib/pagination.ts';
import { CountryCode, CurrencyCode, IsoDate, LocalizedNames, LocalizedText, LocalizedTextView, Reason, StrictObject, Uuid } from '../../lib/schemas.ts';

const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Names = LocalizedNames();

// Countries and partner periods

export const Country = Type.Object({ code: Type.String(), names: Names, partner: Type.Boolean({ description: 'a partner of the programme today' }) });
export const CodeParams = StrictObject({ code: CountryCode });

export const PartnerPeriod = Type.Object({
  id: Uuid,
  country: Type.String(),
  validFrom: IsoDate,
  validTo: Nullable(IsoDate),
  basis: Type.String(),
  basisReference: Nullable(Type.String()),
  isDemo: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const PeriodInput = StrictObject({
  country: CountryCode,
  validFrom: IsoDate,
  validTo: Type.Optional(Nullable(IsoDate)),
  basis: Type.String({ minLength: 3, maxLength: 2000, description: 'why: the agreement or decision that makes the country a partner' }),
  basisReference: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
});
export type PeriodInputT = Static<typeof PeriodInput>;

export const PeriodPatch = StrictObject({
  validFrom: Type.Optional(IsoDate),
  validTo: Type.Optional(Nullable(IsoDate)),
  basis: Type.Optional(Type.String({ minLength: 3, maxLength: 2000 })),
  basisReference: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 300 }))),
  reason: Reason,
});
export type PeriodPatchT = Static<typeof PeriodPatch>;
export const DeleteInput = StrictObject({ reason: Reason });

export const Partner = Type.Object({
  country: Type.String(),
  names: Names,
  current: Type.Boolean(),
  periods: Type.Array(PartnerPeriod),
});
export const PartnersQuery = StrictObject({ on: Type.Optional(IsoDate), country: Type.Optional(CountryCode) });

// Engagements

export const ENGAGEMENT_KINDS = ['visit', 'meeting', 'delegation', 'commission', 'forum', 'agreement', 'memorandum'] as const;
export const ENGAGEMENT_STATUSES = ['planned', 'held', 'cancelled'] as const;

export const Participant = StrictObject({
  name: Type.String({ minLength: 2, maxLength: 200 }),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  organisationName: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  organisationId: Type.Optional(Uuid),
  country: Type.Optional(CountryCode),
});
export const Source = StrictObject({
  title: Type.String({ minLength: 2, maxLength: 300 }),
  publisher: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  url: Type.Optional(Type.String({ format: 'uri', maxLength: 1000, pattern: '^https?://' })),
  documentId: Type.Optional(Uuid),
  publishedOn: Type.Optional(IsoDate),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export const Related = StrictObject({
  projects: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
  tenders: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
  organisations: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
});

const engagementFields = {
  kind: Type.Union(ENGAGEMENT_KINDS.map((k) => Type.Literal(k))),
  status: Type.Union(ENGAGEMENT_STATUSES.map((k) => Type.Literal(k))),
  title: LocalizedText(300),
  summary: Type.Optional(LocalizedText(8000)),
  startsOn: IsoDate,
  endsOn: Type.Optional(Nullable(IsoDate)),
  place: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  placeCountry: Type.Optional(CountryCode),
  topics: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 30, uniqueItems: true })),
  participants: Type.Optional(Type.Array(Participant, { maxItems: 200 })),
  sources: Type.Optional(Type.Array(Source, { maxItems: 50 })),
  related: Type.Optional(Related),
};
export const EngagementInput = StrictObject({ country: CountryCode, ...engagementFields });
export type EngagementInputT = Static<typeof EngagementInput>;
// Every field optional; participants, sources and related, when given, replace the whole list.
export const EngagementPatch = Type.Partial(StrictObject({ ...engagementFields, reason: Reason }));
export type EngagementPatchT = Static<typeof EngagementPatch>;

const Text = LocalizedTextView();
export const Engagement = Type.Object({
  id: Uuid,
  country: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  title: Text,
  summary: Text,
  startsOn: IsoDate,
  endsOn: Nullable(IsoDate),
  place: Nullable(Type.String()),
  placeCountry: Nullable(Type.String()),
  topics: Type.Array(Type.String()),
  participants: Type.Array(
    Type.Object({
      name: Type.String(),
      title: Nullable(Type.String()),
      organisationName: Nullable(Type.String()),
      organisationId: Nullable(Uuid),
      country: Nullable(Type.String()),
    }),
  ),
  sources: Type.Array(
    Type.Object({
      title: Type.String(),
      publisher: Nullable(Type.String()),
      url: Nullable(Type.String()),
      documentId: Nullable(Uuid),
      publishedOn: Nullable(IsoDate),
      note: Nullable(Type.String()),
    }),
  ),
  related: Type.Object({ projects: Type.Array(Uuid), tenders: Type.Array(Uuid), organisations: Type.Array(Uuid) }),
  isDemo: Type.Boolean(),
});
export const EngagementSummary = Type.Omit(Engagement, ['participants', 'sources', 'related']);
export const EngagementQuery = StrictObject({
  country: Type.Optional(CountryCode),
  kind: Type.Optional(Type.Union(ENGAGEMENT_KINDS.map((k) => Type.Literal(k)))),
  ...PageQuery,
});

// Pledges

export const PledgeInput = StrictObject({
  country: CountryCode,
  pledger: Type.String({ minLength: 2, maxLength: 300, description: 'the government or agency making the pledge' }),
  pledgerOrganisationId: Type.Optional(Uuid),
  engagementId: Type.Optional(Uuid),
  kind: Type.Optional(Type.Union([Type.Literal('money'), Type.Literal('in_kind')])),
  description: LocalizedText(2000),
  sector: Type.Optional(Type.String({ pattern: '^[a-z][a-zA-Z.]{1,60}$', description: 'OC4IDS sector code, e.g. transport.road' })),
  conditions: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
  currency: CurrencyCode,
  amount: Type.Number({ exclusiveMinimum: 0, maximum: 1e15 }),
  pledgedOn: IsoDate,
});
export type PledgeInputT = Static<typeof PledgeInput>;

export const StepInput = StrictObject({
  amount: Type.Number({ minimum: 0, maximum: 1e15 }),
  on: IsoDate,
  reason: Type.Optional(Reason),
});
export type StepInputT = Static<typeof StepInput>;

export const Pledge = Type.Object({
  id: Uuid,
  country: Type.String(),
  pledger: Type.String(),
  pledgerOrganisationId: Nullable(Uuid),
  engagementId: Nullable(Uuid),
  kind: Type.String(),
  description: Text,
  sector: Nullable(Type.String()),
  conditions: Nullable(Type.String()),
  currency: Type.String(),
  status: Type.String(),
  pledged: Type.Object({ amount: Type.Number(), on: IsoDate }),
  committed: Nullable(Type.Object({ amount: Type.Number(), on: IsoDate })),
  disbursed: Type.Object({ amount: Type.Number(), on: Nullable(IsoDate) }),
  overDisbursementReason: Nullable(Type.String()),
  steps: Type.Optional(Type.Array(Type.Object({ stage: Type.String(), amount: Type.Number(), on: IsoDate, reason: Nullable(Type.String()) }))),
  isDemo: Type.Boolean(),
});
export const PledgeQuery = StrictObject({ country: Type.Optional(CountryCode), ...PageQuery });

// Country view

const Money = Type.Object({ currency: Type.String(), amount: Type.Number() });
const YearSector = Type.Object({
  count: Type.Integer(),
  value: Type.Array(Money),
  byYearSector: Type.Array(Type.Object({ year: Type.Integer(), sector: Nullable(Type.String()), count: Type.Integer(), value: Type.Array(Money) })),
});
export const CountryView = Type.Object({
  country: Type.String(),
  names: Names,
  partner: Type.Object({ current: Type.Boolean(), periods: Type.Array(PartnerPeriod) }),
  engagements: Type.Array(Type.Composite([EngagementSummary, Type.Pick(Engagement, ['sources'])])),
  companies: Type.Object({
    registered: Type.Integer(),
    verified: Type.Integer(),
    items: Type.Array(Type.Object({ id: Uuid, name: Type.String(), roles: Type.Array(Type.String()) })),
  }),
  bids: Nullable(YearSector),
  contracts: Nullable(YearSector),
  fundedProjects: Nullable(
    Type.Object({
      items: Type.Array(
        Type.Object({
          projectId: Uuid,
          code: Type.String(),
          title: Text,
          status: Type.String(),
          sector: Type.Array(Type.String()),
          amount: Type.Number(),
          currency: Type.String(),
          pledgeId: Nullable(Uuid),
        }),
      ),
      total: Type.Array(Money),
    }),
  ),
  pledges: Type.Array(Type.Object({ currency: Type.String(), pledges: Type.Integer(), pledged: Type.Number(), committed: Type.Number(), disbursed: Type.Number() })),
});
