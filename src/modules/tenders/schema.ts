import { type Static, Type } from '@sinclair/typebox';
import { CurrencyCode, IsoDate, IsoDateTime, LocalizedText, Reason, StrictObject, Uuid } from '../../lib/schemas.ts';

/** Request and response schemas of the tender endpoints. */
export const Value = StrictObject({ amount: Type.Number({ minimum: 0, maximum: 1e15 }), currency: CurrencyCode });
export const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const TenderDocumentInput = StrictObject({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  sha256: Sha256Hex,
  documentType: Type.String({ minLength: 1, maxLength: 60 }),
  url: Type.Optional(Type.String({ format: 'uri', maxLength: 1000 })),
});
export const CriterionInput = StrictObject({
  id: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  weight: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
});
export const LotInput = StrictObject({
  ref: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' })),
  title: LocalizedText(300),
  description: Type.Optional(LocalizedText(4000)),
  value: Type.Optional(Value),
});
const Period = StrictObject({ startDate: IsoDateTime, endDate: IsoDateTime });

export const TenderInput = StrictObject({
  title: LocalizedText(300),
  description: Type.Optional(LocalizedText(8000)),
  projectIds: Type.Array(Uuid, { maxItems: 20, uniqueItems: true }),
  method: Type.Union([Type.Literal('open'), Type.Literal('selective'), Type.Literal('limited')]),
  eligibility: Type.Union([Type.Literal('all'), Type.Literal('partners')]),
  awardCriteria: Type.Union([Type.Literal('priceOnly'), Type.Literal('ratedCriteria')]),
  criteria: Type.Optional(Type.Array(CriterionInput, { maxItems: 10 })),
  value: Type.Optional(Value),
  documents: Type.Optional(Type.Array(TenderDocumentInput, { maxItems: 50 })),
  lots: Type.Array(LotInput, { minItems: 1, maxItems: 50 }),
  enquiryPeriod: Period,
  tenderPeriod: Period,
  openingDate: IsoDateTime,
  standstillDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
  minBids: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  amendmentWindowDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
  committee: StrictObject({ memberUserIds: Type.Array(Uuid, { minItems: 1, maxItems: 15, uniqueItems: true }), k: Type.Integer({ minimum: 1, maximum: 15 }) }),
});
export type TenderInputT = Static<typeof TenderInput>;

export const AmendmentInput = StrictObject({
  reason: Reason,
  changes: StrictObject(
    {
      title: Type.Optional(LocalizedText(300)),
      description: Type.Optional(LocalizedText(8000)),
      value: Type.Optional(Value),
      documents: Type.Optional(Type.Array(TenderDocumentInput, { maxItems: 50 })),
      tenderEndDate: Type.Optional(IsoDateTime),
      openingDate: Type.Optional(IsoDateTime),
      enquiryEndDate: Type.Optional(IsoDateTime),
    },
    { minProperties: 1 },
  ),
});
export type AmendmentInputT = Static<typeof AmendmentInput>;

export const Envelope = StrictObject({
  v: Type.Literal(1),
  alg: Type.String({ maxLength: 64 }),
  epk: Type.String({ maxLength: 64 }),
  iv: Type.String({ maxLength: 32 }),
  ct: Type.String({ maxLength: 23 * 1024 * 1024 }),
});
export const BidInput = StrictObject({ lotIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true }), envelope: Envelope });
export type BidInputT = Static<typeof BidInput>;

export const OpeningKeyInput = StrictObject({
  openingPublicKey: Type.String({ minLength: 43, maxLength: 43 }),
  k: Type.Integer({ minimum: 1, maximum: 15 }),
  n: Type.Integer({ minimum: 1, maximum: 15 }),
  shares: Type.Array(StrictObject({ memberUserId: Uuid, encryptedShare: Envelope, shareSha256: Sha256Hex }), { minItems: 1, maxItems: 15 }),
});
export type OpeningKeyInputT = Static<typeof OpeningKeyInput>;

export const MemberKeyInput = StrictObject({ publicKey: Type.String({ minLength: 43, maxLength: 43 }) });
export const ShareInput = StrictObject({ share: Type.String({ minLength: 1, maxLength: 4000 }) });
export const EnquiryInput = StrictObject({ question: Type.String({ minLength: 5, maxLength: 4000 }), lotId: Type.Optional(Uuid) });
export const AnswerInput = StrictObject({ answer: Type.String({ minLength: 1, maxLength: 8000 }) });
export const ConflictInput = StrictObject({ hasConflict: Type.Boolean(), statement: Type.String({ minLength: 3, maxLength: 4000 }) });
export const ScoresInput = StrictObject({
  scores: Type.Array(
    StrictObject({
      bidId: Uuid,
      criterionId: Type.String({ maxLength: 40 }),
      score: Type.Number({ minimum: 0, maximum: 100 }),
      comment: Type.Optional(Type.String({ maxLength: 4000 })),
    }),
    { minItems: 1, maxItems: 500 },
  ),
});
export const AwardInput = StrictObject({ bidId: Uuid, reasons: Reason });
export const ComplaintInput = StrictObject({ grounds: Type.String({ minLength: 10, maxLength: 8000 }) });
export const DecisionInput = StrictObject({ decision: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed')]), reasons: Reason });
export const CancelInput = StrictObject({ reason: Reason });
export const ContractInput = StrictObject({
  title: Type.Optional(LocalizedText(300)),
  value: Type.Optional(Value),
  periodStart: IsoDate,
  periodEnd: IsoDate,
});
export const TenderListQuery = StrictObject({
  status: Type.Optional(Type.String({ pattern: '^[a-z]{3,20}$' })),
  sector: Type.Optional(Type.String({ maxLength: 60, description: 'OC4IDS sector of a linked project (a top-level sector includes its sub-sectors)' })),
  district: Type.Optional(Type.String({ maxLength: 60, description: 'District (area code or id) of a linked project' })),
  eligibility: Type.Optional(Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2: tenders a company of that country may bid in today' })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const TenderParams = StrictObject({ id: Uuid });
export const TenderSubParams = StrictObject({ id: Uuid, sub: Uuid });
