import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode, IsoDate, LocalizedText, Reason, StrictObject, Uuid } from '../../lib/schemas.ts';
import { PageQuery } from '../../lib/pagination.ts';

/** Request and response schemas of the contract execution endpoints. */
export const ContractParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const AnyObject = Type.Object({}, { additionalProperties: true });
const Amount = Type.Number({ exclusiveMinimum: 0, maximum: 1e15 });

export const ListQuery = Type.Object(
  {
    ...PageQuery,
    supplierOrgId: Type.Optional(Uuid),
    projectId: Type.Optional(Uuid),
    status: Type.Optional(Type.Union([Type.Literal('signed'), Type.Literal('in_progress'), Type.Literal('completed'), Type.Literal('terminated')])),
  },
  { additionalProperties: false },
);

export const GuaranteeInput = StrictObject({
  kind: Type.Union([Type.Literal('performance'), Type.Literal('advancePayment')]),
  issuer: Type.String({ minLength: 2, maxLength: 300 }),
  amount: Amount,
  currency: CurrencyCode,
  expiresOn: IsoDate,
});

export const DocumentLinkInput = StrictObject({ documentId: Uuid, documentType: Type.String({ pattern: '^[a-zA-Z]{2,60}$' }) });

const OutputLink = StrictObject({ projectOutputId: Uuid, quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1e12 }) });
export const MilestonesInput = StrictObject({
  milestones: Type.Array(
    StrictObject({
      title: LocalizedText(300),
      dueDate: IsoDate,
      sharePct: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
      outputs: Type.Optional(Type.Array(OutputLink, { maxItems: 20 })),
    }),
    { minItems: 1, maxItems: 100 },
  ),
});

export const DecisionInput = StrictObject({ decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]), reason: Type.Optional(Reason) });

export const ReportInput = StrictObject({
  periodStart: IsoDate,
  periodEnd: IsoDate,
  narrative: Type.String({ minLength: 1, maxLength: 8000 }),
  milestoneId: Type.Optional(Uuid),
  quantities: Type.Optional(Type.Array(StrictObject({ projectOutputId: Uuid, quantity: Type.Number({ minimum: 0, maximum: 1e12 }) }), { maxItems: 50 })),
});

export const PaymentRequestInput = Type.Union([
  StrictObject({ kind: Type.Literal('milestone'), milestoneId: Uuid, amount: Type.Optional(Amount) }),
  StrictObject({ kind: Type.Literal('advance'), guaranteeId: Uuid, amount: Amount }),
  StrictObject({ kind: Type.Literal('retention') }),
]);
export type PaymentRequestT = Static<typeof PaymentRequestInput>;

export const PayInput = StrictObject({
  paidOn: IsoDate,
  fundingSource: Type.Union([Type.Literal('government'), Type.Literal('partner_country'), Type.Literal('donor'), Type.Literal('loan')]),
  pledgeId: Type.Optional(Uuid),
});

export const RejectInput = StrictObject({ reason: Reason });

export const VariationInput = StrictObject({
  valueChange: Type.Optional(Type.Number({ minimum: -1e15, maximum: 1e15 })),
  newPeriodEnd: Type.Optional(IsoDate),
  scope: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
  reason: Type.String({ maxLength: 2000 }),
  documents: Type.Optional(Type.Array(StrictObject({ title: Type.String({ minLength: 1, maxLength: 300 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }), documentType: Type.String({ minLength: 1, maxLength: 60 }) }), { maxItems: 20 })),
});

export const VariationDecisionInput = StrictObject({ decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), reason: Type.Optional(Reason) });

export const CompleteInput = StrictObject({ actualEndDate: IsoDate, finalScope: Type.String({ minLength: 1, maxLength: 4000 }), finalValue: Type.Optional(Type.Number({ minimum: 0, maximum: 1e15 })) });
export const TerminateInput = StrictObject({ reason: Reason });
export const PhotoQuery = Type.Object({ original: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])) }, { additionalProperties: false });

const FlagCode = Type.String({ pattern: '^[a-z_]{3,40}$' });
export const FlagQuery = Type.Object(
  {
    code: Type.Optional(FlagCode),
    stage: Type.Optional(Type.Union([Type.Literal('tender'), Type.Literal('award'), Type.Literal('contract'), Type.Literal('implementation')])),
    supplierOrgId: Type.Optional(Uuid),
    contractId: Type.Optional(Uuid),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);
export const CountryParams = Type.Object({ country: Type.String({ pattern: '^[A-Z]{2}$' }) }, { additionalProperties: false });
