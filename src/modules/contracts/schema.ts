import { type Static, Type } from '@sinclair/typebox';
import { PageQuery } from '../../lib/pagination.ts';
import { CurrencyCode, IsoDate, LocalizedText, Reason, StrictObject, Uuid } from '../../lib/schemas.ts';

/** Request and response schemas of the contract execution endpoints. */
export const ContractParams = Type.Object({ id: Uuid }, { additionalProperties: false });
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
  documents: Type.Optional(
    Type.Array(
      StrictObject({
        title: Type.String({ minLength: 1, maxLength: 300 }),
        sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        documentType: Type.String({ minLength: 1, maxLength: 60 }),
      }),
      { maxItems: 20 },
    ),
  ),
});

export const VariationDecisionInput = StrictObject({ decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), reason: Type.Optional(Reason) });

export const CompleteInput = StrictObject({
  actualEndDate: IsoDate,
  finalScope: Type.String({ minLength: 1, maxLength: 4000 }),
  finalValue: Type.Optional(Type.Number({ minimum: 0, maximum: 1e15 })),
});
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

// Response schemas of the red-flag and follow-the-money reads (the shapes red-flags.ts and follow-the-money.ts build).
const N = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const FlagStage = Type.Union([Type.Literal('tender'), Type.Literal('award'), Type.Literal('contract'), Type.Literal('implementation')]);
export const FlagDefinitionView = Type.Object({
  code: Type.String(),
  stage: FlagStage,
  title: Type.String(),
  definition: Type.String(),
  source: Type.String(),
  threshold: N(Type.String()),
});
export const FlagDefinitions = Type.Object({ items: Type.Array(FlagDefinitionView) });
export const RedFlagView = Type.Object({
  code: Type.String(),
  stage: FlagStage,
  title: Type.String(),
  detail: Type.String({ description: 'why it is raised for this contract, with the figures' }),
  source: Type.String(),
  threshold: N(Type.String()),
  contractId: Type.String(),
  ocid: N(Type.String()),
  tenderId: N(Type.String()),
  supplierOrgId: N(Type.String()),
});
export const RedFlagList = Type.Object({ items: Type.Array(RedFlagView) });
export const FlowMoney = Type.Object({ amount: Type.Number(), currency: Type.String() });
export const FollowTheMoney = Type.Object({
  country: Type.String(),
  pledges: Type.Array(
    Type.Object({
      pledgeId: Type.String(),
      pledger: N(Type.String()),
      currency: Type.String(),
      status: Type.String(),
      pledged: Type.Number(),
      committed: N(Type.Number()),
      disbursed: Type.Number({ description: 'computed from the payments drawn on the pledge' }),
      contracted: Type.Number(),
      paid: Type.Number(),
      payments: Type.Integer(),
      outputs: Type.Array(Type.Object({ metric: Type.String(), unit: Type.String(), planned: Type.Number(), achieved: Type.Number() })),
      rebuiltKm2: Type.Number(),
      links: Type.Object({
        pledge: Type.String(),
        projects: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), status: Type.String(), url: Type.String() })),
        contracts: Type.Array(Type.Object({ id: Type.String(), status: Type.String(), value: FlowMoney, url: Type.String() })),
        payments: Type.Array(
          Type.Object({ id: Type.String(), contractId: Type.String(), amount: Type.Number(), currency: Type.String(), paidOn: N(Type.String()), url: Type.String() }),
        ),
      }),
    }),
  ),
});

// The API views of present.ts, one schema each (Fastify serialises answers by them).
const Str = Type.String();
const Num = Type.Number();
const NStr = N(Type.String());
const Title = LocalizedText();
export const MilestoneView = Type.Object({
  id: Str,
  contractId: Str,
  position: Num,
  title: Title,
  dueDate: NStr,
  sharePct: Num,
  amount: N(Num),
  status: Str,
  storedStatus: Str,
  daysLate: Num,
  reason: NStr,
  submittedAt: NStr,
  decidedAt: NStr,
  outputs: Type.Array(Type.Object({ projectOutputId: Str, projectId: Str, metric: Str, unit: Str, quantity: Num })),
});
export const PaymentView = Type.Object({
  id: Str,
  contractId: Str,
  kind: Str,
  milestoneId: NStr,
  guaranteeId: NStr,
  gross: Num,
  retention: Num,
  advanceRecovery: Num,
  net: Num,
  currency: Str,
  status: Str,
  requestedBy: NStr,
  requestedAt: NStr,
  approvedBy: NStr,
  approvedAt: NStr,
  paidOn: NStr,
  fundingSource: NStr,
  pledgeId: NStr,
  reason: NStr,
});
export const VariationView = Type.Object({
  id: Str,
  contractId: Str,
  seq: Num,
  valueChange: Num,
  newPeriodEnd: NStr,
  scope: NStr,
  reason: Str,
  documents: Type.Array(Type.Object({ title: Str, sha256: Str, documentType: Str })),
  cumulativePct: Num,
  needsSecondApproval: Type.Boolean(),
  status: Str,
  createdBy: NStr,
  createdAt: NStr,
  approvedBy: NStr,
  approvedAt: NStr,
});
export const PhotoView = Type.Object({
  id: Str,
  reportId: Str,
  sha256: Str,
  sizeBytes: Num,
  width: N(Num),
  height: N(Num),
  position: N(Type.Object({ lat: Num, lon: Num })),
  takenAt: NStr,
  locationStatus: Str,
  locationNote: Str,
  distanceM: N(Num),
  timeStatus: Str,
  url: Str,
  originalUrl: Str,
});
export const ReportView = Type.Object({
  id: Str,
  contractId: Str,
  milestoneId: NStr,
  period: Type.Object({ startDate: NStr, endDate: NStr }),
  narrative: NStr,
  status: Str,
  reason: NStr,
  submittedAt: NStr,
  decidedAt: NStr,
  quantities: Type.Array(Type.Object({ projectOutputId: Str, quantity: Num })),
  photos: Type.Array(PhotoView),
});
const Party = Type.Object({ id: Str, name: NStr, country: NStr });
export const ContractView = Type.Object({
  id: Str,
  ocid: NStr,
  tenderId: NStr,
  awardId: NStr,
  title: Title,
  status: Str,
  parties: Type.Object({ buyer: Type.Object({ programmeId: NStr }), supplier: Party }),
  supplier: Party,
  value: FlowMoney,
  currentValue: FlowMoney,
  finalValue: N(FlowMoney),
  signedAt: NStr,
  period: Type.Object({ startDate: NStr, endDate: NStr, originalEndDate: NStr }),
  actualEndDate: NStr,
  finalScope: NStr,
  terminationReason: NStr,
  settings: Type.Object({ retentionPct: Num, variationThresholdPct: Num, siteToleranceM: Num }),
  lots: Type.Array(Type.Object({ id: Str, ref: NStr, title: Title })),
  projects: Type.Array(Type.Object({ id: Str, code: Str, title: Title, status: Str, oc4idsId: NStr })),
  outputs: Type.Array(Type.Object({ id: Str, projectId: Str, metric: Str, unit: Str, planned: Num, achieved: N(Num) }), {
    description: 'the outputs of the contract’s projects, which progress reports give quantities for',
  }),
  documents: Type.Array(Type.Object({ id: Str, title: Str, sha256: Str, mediaType: Str, documentType: Str, url: Str })),
  guarantees: Type.Array(Type.Object({ id: Str, kind: Str, issuer: Str, amount: Num, currency: Str, expiresOn: NStr })),
  history: Type.Array(Type.Object({ from: NStr, to: Str, reason: NStr, by: NStr, at: NStr })),
  milestones: Type.Array(MilestoneView),
  progressReports: Type.Array(ReportView),
  payments: Type.Array(PaymentView),
  variations: Type.Array(VariationView),
  totals: Type.Object({ currency: Str, ceiling: Num, requested: Num, paid: Num, earned: Num, retentionHeld: Num, advanceOutstanding: Num }),
});
export const ContractPage = Type.Composite([ContractView, Type.Object({ redFlags: Type.Array(RedFlagView), canManage: Type.Boolean(), isSupplier: Type.Boolean() })]);
export const ContractList = Type.Object({
  nextCursor: NStr,
  items: Type.Array(
    Type.Object({ id: Str, ocid: NStr, title: Title, value: FlowMoney, supplierOrgId: NStr, period: Type.Object({ startDate: NStr, endDate: NStr }), signedAt: NStr, status: Str }),
  ),
});
