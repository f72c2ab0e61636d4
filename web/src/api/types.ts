/**
 * The API's answers and inputs as TypeScript types, taken from the same
 * TypeBox schemas that validate requests, serialise responses and produce the
 * OpenAPI document (docs/decisions/0006-web-data-layer.md). Type-only imports:
 * nothing of the server reaches the browser bundle.
 */
import type { Static } from '@sinclair/typebox';
import type { Problem as ProblemSchema } from '../../../src/lib/schemas.ts';
import type { Event, Head, VerifyResult } from '../../../src/modules/audit/routes.ts';
import type { Me as MeSchema, SignInResult as SignInSchema } from '../../../src/modules/auth/routes.ts';
import type * as Contracts from '../../../src/modules/contracts/schema.ts';
import type { Document as DocumentSchema } from '../../../src/modules/documents/routes.ts';
import type * as Feeds from '../../../src/modules/feeds/schema.ts';
import type * as Land from '../../../src/modules/land/schema.ts';
import type * as Orgs from '../../../src/modules/organisations/schema.ts';
import type * as Partners from '../../../src/modules/partners/schema.ts';
import type { Programme as ProgrammeSchema } from '../../../src/modules/programme/routes.ts';
import type * as Projects from '../../../src/modules/projects/schema.ts';
import type { ProcurementFigures as ProcurementSchema, ReportFigures as ReportSchema } from '../../../src/modules/stats/routes.ts';
import type * as TenderIn from '../../../src/modules/tenders/schema.ts';
import type * as Tenders from '../../../src/modules/tenders/views.ts';
import type { UserRow as UserRowSchema } from '../../../src/modules/users/routes.ts';
import type * as Users from '../../../src/modules/users/schema.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export type Problem = Static<typeof ProblemSchema>;
export type StoredDocument = Static<typeof DocumentSchema>;

export type Me = Static<typeof MeSchema>;
export type SignInResult = Static<typeof SignInSchema>;
export type User = Static<typeof Users.User>;
export type UserRow = Static<typeof UserRowSchema>;
export type UserCreate = Static<typeof Users.UserCreate>;
export type UserPatch = Static<typeof Users.UserPatch>;

export type Organisation = Static<typeof Orgs.Organisation>;
export type RegistrationInput = Static<typeof Orgs.RegistrationInput>;
export type Registration = { organisation: Organisation; userId: string };
export type VerifyInput = Static<typeof Orgs.VerifyInput>;

export type AuditEvent = Static<typeof Event>;
export type AuditHead = Static<typeof Head>;
export type AuditVerify = Static<typeof VerifyResult>;

export type Programme = Static<typeof ProgrammeSchema>;
export type ProcurementFigures = Static<typeof ProcurementSchema>;
export type ReportFigures = Static<typeof ReportSchema>;

export type Project = Static<typeof Projects.Project>;
export type SearchHit = Static<typeof Projects.SearchHit>;
export type ProjectInput = Static<typeof Projects.ProjectInput>;
export type SiteFile = Static<typeof Projects.SiteFileResult>;
export type SearchResult = Static<typeof Projects.SearchResult>;

export type LandSummary = Static<typeof Land.Summary>;
export type LandSeries = Static<typeof Land.Series>;
export type Area = Static<typeof Land.Area>;
export type HazardSummary = Static<typeof Land.HazardSummary>;
export type HazardDetail = Static<typeof Land.HazardDetail>;
export type ReleaseDetail = Static<typeof Land.ReleaseDetail>;
export type LandImportPreview = Static<typeof Land.ImportPreview>;
export type LandImportResult = Static<typeof Land.ImportResult>;

export type Partner = Static<typeof Partners.Partner>;
export type CountryView = Static<typeof Partners.CountryView>;
export type Subscription = Static<typeof Feeds.SubscriptionView>;
export type SubscriptionInput = Static<typeof Feeds.SubscriptionInput>;
export type Engagement = Static<typeof Partners.Engagement>;
export type Pledge = Static<typeof Partners.Pledge>;

export type Tender = Static<typeof Tenders.TenderView>;
export type TenderInput = Static<typeof TenderIn.TenderInput>;
export type CommitteeCandidates = Static<typeof Tenders.CommitteeCandidates>;
export type Enquiry = Static<typeof Tenders.EnquiryView>;
export type Amendment = Static<typeof Tenders.AmendmentView>;
export type Bid = Static<typeof Tenders.BidView>;
export type OpeningRecord = Static<typeof Tenders.OpeningRecord>;
export type ShareResult = Static<typeof Tenders.ShareResult>;
export type MyShare = Static<typeof Tenders.MyShare>;
export type Evaluation = Static<typeof Tenders.Evaluation>;
export type Award = Static<typeof Tenders.AwardView>;
export type Outcome = Static<typeof Tenders.Outcome>;
export type ComplaintList = Static<typeof Tenders.ComplaintList>;

export type ContractPage = Static<typeof Contracts.ContractPage>;
export type ContractList = Static<typeof Contracts.ContractList>;
export type ContractMilestone = Static<typeof Contracts.MilestoneView>;
export type ContractPayment = Static<typeof Contracts.PaymentView>;
export type ContractVariation = Static<typeof Contracts.VariationView>;
export type ProgressReport = Static<typeof Contracts.ReportView>;
export type ProgressPhoto = Static<typeof Contracts.PhotoView>;
export type RedFlag = Static<typeof Contracts.RedFlagView>;
export type RedFlagList = Static<typeof Contracts.RedFlagList>;
export type RedFlagDefinitions = Static<typeof Contracts.FlagDefinitions>;
export type FollowTheMoney = Static<typeof Contracts.FollowTheMoney>;
export type PaymentRequestInput = Static<typeof Contracts.PaymentRequestInput>;

/** GeoJSON layers built in SQL (src/modules/land/read.repo.ts): the properties of each feature. */
export interface ReleaseFeatureProps {
  id: string;
  reference: string;
  method: string;
  hazard_reference?: string;
  started_on?: string;
  completed_on: string;
  district?: string;
  area_km2: number;
  is_demo: boolean;
}
export interface Feature<P> {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: unknown[] } | null;
  properties: P;
}
export interface FeatureCollection<P> {
  type: 'FeatureCollection';
  features: Feature<P>[];
}
