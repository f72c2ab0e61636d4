import { type TSchema, Type } from '@sinclair/typebox';
import { LocalizedTextView } from '../../lib/schemas.ts';

/**
 * Response schemas of the tender endpoints: what present.ts, awards.ts and
 * the other services return. They type the handlers (the type provider
 * checks each return value against them), document the API and generate the
 * web app's types (web/src/api/schema.d.ts). Output objects are not strict:
 * the serializer writes only the declared fields, so a field added to a
 * presenter and not here is dropped, not leaked.
 */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A string from a fixed list, typed as the union of its members. */
const OneOf = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
const Text = LocalizedTextView();
const DateTime = Type.String({ format: 'date-time' });
const Money = Type.Object({ amount: Type.Number(), currency: Type.String() });

export const TenderStatus = OneOf(['draft', 'active', 'opening', 'evaluation', 'standstill', 'awarded', 'complete', 'cancelled', 'unsuccessful'] as const);
export const BidStatus = OneOf(['submitted', 'replaced', 'withdrawn', 'valid', 'disqualified'] as const);
const Criterion = Type.Object({ id: Type.String(), name: Type.String(), weight: Type.Number() });
const Document = Type.Object({ title: Type.String(), sha256: Type.String(), documentType: Type.String(), url: Type.Optional(Type.String()) });
const Period = Type.Object({ startDate: DateTime, endDate: DateTime });

export const LotView = Type.Object({ id: Type.String(), ref: Type.String(), title: Text, description: Nullable(Text), value: Nullable(Money) });

export const TenderView = Type.Object(
  {
    id: Type.String(),
    ocid: Type.String(),
    title: Text,
    description: Nullable(Text),
    status: TenderStatus,
    statusReason: Nullable(Type.String()),
    phase: Nullable(Type.String({ description: 'while active: enquiries, bidding or closed (by the database clock)' })),
    method: Type.String(),
    eligibility: Type.String(),
    awardCriteria: Type.String(),
    criteria: Type.Array(Criterion),
    value: Nullable(Money),
    documents: Type.Array(Document),
    lots: Type.Array(LotView),
    projectIds: Type.Array(Type.String()),
    enquiryPeriod: Period,
    tenderPeriod: Period,
    openingDate: DateTime,
    standstillDays: Type.Integer(),
    minBids: Type.Integer(),
    amendmentWindowDays: Type.Integer(),
    opening: Type.Object({
      publicKey: Nullable(Type.String()),
      k: Nullable(Type.Integer()),
      n: Nullable(Type.Integer()),
      committee: Type.Array(Type.Object({ userId: Type.String(), hasShare: Type.Boolean(), memberPublicKey: Nullable(Type.String()) })),
    }),
    publishedAt: Nullable(DateTime),
    isDemo: Type.Boolean(),
    createdAt: DateTime,
    serverTime: DateTime,
  },
  { description: 'A tender as its readers see it; bid contents never appear here' },
);
export const TenderPage = Type.Object({ items: Type.Array(TenderView), nextCursor: Nullable(Type.String()) });

export const CommitteeCandidates = Type.Object({ items: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), hasKey: Type.Boolean() })) });
export const MemberKeyView = Type.Object({ userId: Type.String(), publicKey: Type.String() });

export const EnquiryView = Type.Object({
  id: Type.String(),
  lotId: Nullable(Type.String()),
  question: Type.String(),
  askedAt: DateTime,
  answer: Nullable(Type.String()),
  answeredAt: Nullable(DateTime),
});
export const EnquiryList = Type.Object({ items: Type.Array(EnquiryView) });

const Change = Type.Object({ before: Type.Unknown(), after: Type.Unknown() }, { description: 'the value before and after; the shape is that of the changed field' });
const Changes = Type.Record(Type.String(), Change);
export const AmendmentView = Type.Object({ id: Type.String(), seq: Type.Integer(), reason: Type.String(), material: Type.Boolean(), changes: Changes, date: DateTime });
export const AmendmentList = Type.Object({ items: Type.Array(AmendmentView) });
export const AmendResult = Type.Object({ amendment: Type.Omit(AmendmentView, ['date']), tender: TenderView });

const SignedReceipt = Type.Object(
  {
    receipt: Type.Object({
      tenderId: Type.String(),
      ocid: Type.String(),
      bidId: Type.String(),
      bidderOrgId: Type.String(),
      envelopeSha256: Type.String(),
      receivedAt: Type.String(),
    }),
    signature: Type.String(),
    keyId: Type.String(),
  },
  { description: 'Ed25519 signature over the RFC 8785 canonical JSON of `receipt` (verify with /receipts/public-key)' },
);
const BidFields = {
  id: Type.String(),
  tenderId: Type.String(),
  organisationId: Type.String(),
  status: BidStatus,
  lotIds: Type.Array(Type.String()),
  receivedAt: Nullable(DateTime),
  envelopeSha256: Type.String(),
  receipt: Nullable(SignedReceipt),
  replacesBidId: Nullable(Type.String()),
  withdrawnAt: Nullable(DateTime),
  disqualificationReason: Nullable(Type.String()),
};
export const BidView = Type.Object(BidFields, { description: 'Bid metadata and receipt, never the envelope' });
export const BidList = Type.Object({ items: Type.Array(BidView) });

const Bidder = Type.Object({ id: Type.String(), name: Type.String(), country: Nullable(Type.String()) });
const OpenedPrice = Type.Object({ lotId: Type.String(), lotRef: Type.Optional(Type.String()), amount: Type.Number(), currency: Type.String(), abnormallyLow: Type.Boolean() });
export const OpeningRecord = Type.Object({
  tenderId: Type.String(),
  ocid: Type.String(),
  openedBy: Type.Array(Type.String()),
  bids: Type.Array(
    Type.Object({
      bidId: Type.String(),
      bidder: Bidder,
      receivedAt: DateTime,
      status: Type.Union([Type.Literal('valid'), Type.Literal('disqualified')]),
      reason: Nullable(Type.String()),
      prices: Type.Array(OpenedPrice),
    }),
  ),
  validBids: Type.Integer(),
  disqualifiedBids: Type.Integer(),
  openedAt: DateTime,
});
export const ShareResult = Type.Object({ opened: Type.Boolean(), sharesIn: Type.Integer(), k: Type.Integer(), record: Type.Optional(OpeningRecord) });
const Envelope = Type.Object({ v: Type.Literal(1), alg: Type.String(), epk: Type.String(), iv: Type.String(), ct: Type.String() });
export const MyShare = Type.Object({
  tenderId: Type.String(),
  memberUserId: Type.String(),
  encryptedShare: Envelope,
  k: Nullable(Type.Integer()),
  n: Nullable(Type.Integer()),
  openingPublicKey: Nullable(Type.String()),
});

export const Declaration = Type.Object({ tenderId: Type.String(), hasConflict: Type.Boolean(), statement: Type.String(), declaredAt: DateTime });
export const Evaluation = Type.Object({
  tenderId: Type.String(),
  status: TenderStatus,
  awardCriteria: Type.String(),
  criteria: Type.Array(Criterion),
  bids: Type.Array(
    Type.Object({
      ...BidFields,
      bidder: Bidder,
      proposal: Nullable(Type.Object({ documents: Type.Array(Type.Object({ title: Type.String(), sha256: Type.String() })) })),
      declarations: Nullable(Type.Record(Type.String(), Type.Boolean())),
      prices: Type.Array(Type.Omit(OpenedPrice, ['lotRef'])),
      scores: Type.Array(Type.Object({ criterionId: Type.String(), mean: Type.Number() })),
    }),
  ),
  ranking: Type.Array(Type.Object({ bidId: Type.String(), total: Type.Number(), score: Type.Number(), rank: Type.Integer() })),
});
export const ScoreResult = Type.Object({ scored: Type.Integer() });

export const AwardView = Type.Object({
  id: Type.String(),
  tenderId: Type.String(),
  bidId: Type.String(),
  supplierOrgId: Type.String(),
  value: Money,
  reasons: Type.String(),
  status: OneOf(['pending', 'suspended', 'active', 'cancelled'] as const),
  date: Nullable(DateTime),
  standstillEndsAt: Nullable(DateTime),
});
/** `complainantOrgId` and (until decided) `grounds` are null for readers who may not see them: present.ts presentComplaint. */
export const ComplaintView = Type.Object({
  id: Type.String(),
  tenderId: Type.String(),
  awardId: Type.String(),
  complainantOrgId: Nullable(Type.String()),
  grounds: Nullable(Type.String()),
  status: OneOf(['pending', 'upheld', 'dismissed'] as const),
  filedAt: Nullable(DateTime),
  decision: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
});
/** A tender's complaints as the caller may see them, and what the caller may do with them (the web app shows only that). */
export const ComplaintList = Type.Object({
  items: Type.Array(Type.Object({ ...ComplaintView.properties, complainantName: Nullable(Type.String()), mine: Type.Boolean() })),
  mayLodge: Type.Boolean({ description: 'the caller is a bidder of this tender and the standstill is running' }),
  mayDecide: Type.Boolean({ description: 'the caller is the review body (or an administrator)' }),
});
export const ContractView = Type.Object({
  id: Type.String(),
  tenderId: Type.String(),
  awardId: Type.String(),
  supplierOrgId: Type.String(),
  title: Text,
  value: Money,
  signedAt: Nullable(DateTime),
  period: Type.Object({ startDate: Type.String(), endDate: Type.String() }),
  status: OneOf(['active', 'terminated', 'complete'] as const),
});
export const Outcome = Type.Object({ awards: Type.Array(AwardView), complaints: Type.Array(ComplaintView), contracts: Type.Array(ContractView) });
