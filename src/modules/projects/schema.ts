import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { CountryCode, CurrencyCode, IsoDate, Language, LocalizedText, LocalizedTextView, Problem, StrictObject, Uuid } from '../../lib/schemas.ts';

/** A string from a fixed list, typed as the union of its values. */
// Written out literal by literal: TypeBox then types each as the union of its values.
const L = Type.Literal;
const StatusT = Type.Union([L('identification'), L('preparation'), L('implementation'), L('completion'), L('cancelled')]);
const FundingT = Type.Union([L('government'), L('partner_country'), L('donor'), L('loan')]);
const AccessT = Type.Union([L('open'), L('limited'), L('restricted')]);
const DocKindT = Type.Union([
  L('photoBefore'),
  L('photoDamaged'),
  L('photoInProgress'),
  L('photoComplete'),
  L('projectScope'),
  L('feasibilityStudy'),
  L('environmentalImpact'),
  L('landAndSettlementImpact'),
  L('budgetApproval'),
  L('completionCertificate'),
  L('finalAudit'),
  L('other'),
]);
const GeometryTypeT = Type.Union([L('Point'), L('MultiPoint'), L('LineString'), L('MultiLineString'), L('Polygon'), L('MultiPolygon')]);

/** GeoJSON geometry (RFC 7946, WGS 84). Nesting and coordinate ranges are checked in validate.ts. */
export const Geometry = StrictObject({
  type: GeometryTypeT,
  coordinates: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 100_000 }),
});
export type GeometryT = Static<typeof Geometry>;

export const Money = StrictObject({ amount: Type.Number(), currency: CurrencyCode });
export const Period = StrictObject({ startDate: Type.Optional(IsoDate), endDate: Type.Optional(IsoDate) });

export const FundingInput = StrictObject({
  sourceType: FundingT,
  country: Type.Optional(CountryCode),
  organisationId: Type.Optional(Uuid),
  pledgeId: Type.Optional(Uuid),
  amount: Type.Number(),
  currency: CurrencyCode,
});

export const OutputInput = StrictObject({
  metric: Type.String({ pattern: '^[a-z][A-Za-z0-9]{1,39}$', description: 'homes, roadKm, powerMW, classrooms, hospitalBeds, siteKm2, waterKm, or another camelCase name' }),
  unit: Type.String({ minLength: 1, maxLength: 20 }),
  planned: Type.Number(),
  achieved: Type.Optional(Type.Number()),
});

export const ProjectInput = StrictObject({
  code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Stable code; the OC4IDS id is the programme prefix + "-" + code' }),
  title: LocalizedText(300),
  description: Type.Optional(LocalizedText(5000)),
  purpose: Type.Optional(LocalizedText(2000)),
  sector: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 10, description: 'OC4IDS projectSector codes' }),
  type: Type.String({ minLength: 1, maxLength: 40, description: 'OC4IDS projectType code' }),
  status: Type.Optional(StatusT),
  districtId: Type.Optional(Uuid),
  location: Geometry,
  site: Type.Optional(Geometry),
  budget: Money,
  funding: Type.Optional(Type.Array(FundingInput, { maxItems: 50 })),
  publicAuthorityId: Type.Optional(Uuid),
  plannedPeriod: Type.Optional(Period),
  actualPeriod: Type.Optional(Period),
  outputs: Type.Optional(Type.Array(OutputInput, { maxItems: 30 })),
  relatedOcids: Type.Optional(Type.Array(Type.String({ pattern: '^ocds-[a-z0-9]{6}-[A-Za-z0-9._/-]{1,100}$' }), { maxItems: 50 })),
});
export type ProjectInputT = Static<typeof ProjectInput>;

export const ProjectPatch = Type.Partial(Type.Omit(ProjectInput, ['code', 'status']), { additionalProperties: false, minProperties: 1 });
export type ProjectPatchT = Static<typeof ProjectPatch>;

const Text = LocalizedTextView();
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const MoneyView = Type.Object({ amount: Type.Number(), currency: Type.String() });

/** A contracting process from another publisher, summarised from its compiled release (external-ocds-summary.ts). */
export const ExternalProcess = Type.Object({
  ocid: Type.String(),
  title: Nullable(Type.String()),
  description: Nullable(Type.String()),
  status: Type.Union([L('pre-award'), L('active'), L('closed')], { description: 'OC4IDS contractingProcessStatus' }),
  buyer: Nullable(Type.String()),
  procurementMethod: Nullable(Type.String()),
  tenderValue: Nullable(MoneyView),
  numberOfTenderers: Nullable(Type.Number()),
  suppliers: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  contractValue: Nullable(MoneyView),
  contractPeriod: Nullable(Type.Object({ startDate: Nullable(Type.String()), endDate: Nullable(Type.String()) })),
  publisher: Nullable(Type.String()),
  releaseCount: Type.Integer(),
  lastDate: Nullable(Type.String()),
});

export const Project = Type.Object({
  id: Uuid,
  code: Type.String(),
  oc4idsId: Type.String(),
  title: Text,
  description: Text,
  purpose: Text,
  sector: Type.Array(Type.String()),
  type: Type.String(),
  status: StatusT,
  districtId: Type.Union([Uuid, Type.Null()]),
  location: Type.Unknown({ description: 'GeoJSON geometry' }),
  site: Type.Unknown({ description: 'GeoJSON MultiPolygon or null' }),
  budget: Type.Object({ amount: Type.Number(), currency: Type.String() }),
  funding: Type.Array(
    Type.Object({
      sourceType: FundingT,
      country: Type.Union([Type.String(), Type.Null()]),
      organisationId: Type.Union([Uuid, Type.Null()]),
      pledgeId: Type.Union([Uuid, Type.Null()]),
      amount: Type.Number(),
      currency: Type.String(),
    }),
  ),
  publicAuthorityId: Type.Union([Uuid, Type.Null()]),
  plannedPeriod: Type.Object({ startDate: Type.Union([Type.String(), Type.Null()]), endDate: Type.Union([Type.String(), Type.Null()]) }),
  actualPeriod: Type.Object({ startDate: Type.Union([Type.String(), Type.Null()]), endDate: Type.Union([Type.String(), Type.Null()]) }),
  outputs: Type.Array(Type.Object({ metric: Type.String(), unit: Type.String(), planned: Type.Number(), achieved: Type.Union([Type.Number(), Type.Null()]) })),
  relatedOcids: Type.Array(Type.String()),
  relatedProcesses: Type.Array(Type.Object({ tenderId: Uuid, ocid: Type.String(), title: Text, status: Type.String() }), {
    description: "Berpa's own tenders linked to this project, drafts left out",
  }),
  externalProcesses: Type.Array(ExternalProcess, {
    description: 'Contracting processes published by another OCDS publisher and followed here, read-only (POST /api/v1/projects/import/ocds)',
  }),
  oc4idsExtra: Type.Record(Type.String(), Type.Unknown(), { description: "OC4IDS fields from another publisher's package that Berpa does not model; exported again as they came" }),
  documents: Type.Array(
    Type.Object({ documentId: Uuid, title: Type.String(), kind: Type.String(), accessLevel: Type.String(), mediaType: Type.String(), createdAt: Type.String() }),
  ),
  isDemo: Type.Boolean(),
  updatedAt: Type.String(),
});

export const StatusChangeInput = StrictObject({
  status: StatusT,
  reason: Type.String({ minLength: 3, maxLength: 2000 }),
});

export const SiteFileQuery = StrictObject({
  crs: Type.Optional(Type.String({ maxLength: 40, description: 'The coordinate system of a file that does not declare one, e.g. EPSG:32638' })),
});
export const SiteFileResult = Type.Object({
  site: Type.Object({ type: L('MultiPolygon'), coordinates: Type.Array(Type.Array(Type.Array(Type.Array(Type.Number())))) }),
  location: Type.Object({ type: L('Point'), coordinates: Type.Tuple([Type.Number(), Type.Number()]) }),
  district: Nullable(Type.Object({ id: Uuid, code: Type.String() })),
  features: Type.Integer({ description: 'Features read from the file (points and lines among them are left out of the site)' }),
  format: Type.String(),
  crs: Type.String({ description: 'The coordinate system the file was read in' }),
});

export const DocumentLinkInput = StrictObject({
  documentId: Uuid,
  kind: DocKindT,
  accessLevel: Type.Optional(AccessT),
});

/**
 * `GET /api/v1/projects` — public search. All parameters optional:
 * q (free text, any of az/en/ko/ru, folded: "ilham" finds "İlham", Hangul by substring),
 * sector, status, districtId (repeatable), bbox=minLon,minLat,maxLon,maxLat (location intersects),
 * partnerCountry (funding partner country, ISO alpha-2), budgetMin/budgetMax (in the project's own currency),
 * from/to (planned or actual period overlaps), sort=relevance|budget|date (relevance needs q; default date,
 * newest first; budget largest first), facets=true adds counts, cursor + limit (max 200).
 */
export const SearchQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sector: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 })),
  status: Type.Optional(Type.Array(StatusT, { maxItems: 5 })),
  districtId: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  bbox: Type.Optional(Type.String({ pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$', description: 'minLon,minLat,maxLon,maxLat' })),
  partnerCountry: Type.Optional(Type.Array(CountryCode, { maxItems: 20 })),
  budgetMin: Type.Optional(Type.Number({ minimum: 0 })),
  budgetMax: Type.Optional(Type.Number({ minimum: 0 })),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  sort: Type.Optional(Type.Union([L('relevance'), L('budget'), L('date')])),
  facets: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});
export type SearchQueryT = Static<typeof SearchQuery>;

export const SearchHit = Type.Object({
  id: Uuid,
  code: Type.String(),
  oc4idsId: Type.String(),
  title: Text,
  sector: Type.Array(Type.String()),
  type: Type.String(),
  status: Type.String(),
  districtId: Type.Union([Uuid, Type.Null()]),
  budget: Type.Object({ amount: Type.Number(), currency: Type.String() }),
  fundingCountries: Type.Array(Type.String()),
  sortDate: Type.String(),
  point: Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat] of a point on the location' }),
  rank: Type.Optional(Type.Number()),
});

const Counts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

/**
 * Response of `GET /api/v1/projects`: `items` (SearchHit), `nextCursor` (pass back as `cursor`; null on the
 * last page), `facets` only with `facets=true`: counts by sector, status, districtId and partnerCountry over
 * all matches (not only this page).
 */
export const SearchResult = Type.Object({
  items: Type.Array(SearchHit),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  facets: Type.Optional(Type.Object({ sector: Counts, status: Counts, districtId: Counts, partnerCountry: Counts })),
});

/**
 * `GET /api/v1/geo/projects` — GeoJSON FeatureCollection for the map. `bbox` required.
 * `zoom` (0–22): below 11 points are clustered on a grid (Point features with properties
 * `{cluster: true, count}`); from 11, each project is a feature with its own geometry and properties
 * `{id, code, title, status, sector}`. `limit` caps individual features (default 2000, max 5000);
 * `truncated: true` on the collection says the cap was hit. Same filters as the search: status, sector.
 */
export const GeoQuery = StrictObject({
  bbox: Type.String({ pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$' }),
  zoom: Type.Optional(Type.Integer({ minimum: 0, maximum: 22, default: 14 })),
  status: Type.Optional(Type.Array(StatusT, { maxItems: 5 })),
  sector: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 2000 })),
});
export type GeoQueryT = Static<typeof GeoQuery>;

const FileLanguage = Language({
  description:
    "The file's language, for numbers and dates: az and ru read 1 234,56 and 1.234,56; en and ko 1,234.56. Without it a semicolon-separated file is read as comma-decimal and thousands separators are refused",
});
const FileEncoding = Type.Union([L('utf-8'), L('utf-16le'), L('utf-16be'), L('windows-1251'), L('windows-1254')], {
  description: 'The text encoding, when detection (BOM, UTF-8, Windows-1251/-1254) should be overridden',
});
export const ImportQuery = StrictObject({
  validOnly: Type.Optional(Type.Boolean({ default: false })),
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Report what would be created, updated or refused, row by row; write nothing' })),
  language: Type.Optional(FileLanguage),
  encoding: Type.Optional(FileEncoding),
});
export const OcdsImportQuery = StrictObject({
  project: Type.Optional(
    Type.String({
      maxLength: 100,
      description:
        "Link every process in the package to this project (id or code); without it each process is linked by planning.budget.projectID (a project's OC4IDS id or code), by a project listing its OCID, or by its earlier link",
    }),
  ),
  dryRun: Type.Optional(Type.Boolean({ default: false })),
});
export const ExportQuery = StrictObject({ format: Type.Union([L('csv'), L('xlsx'), L('geojson'), L('oc4ids')]) });

export const RowError = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  message: Type.String(),
  pointer: Type.Optional(Type.String({ description: 'JSON pointer into an OC4IDS/OCDS document' })),
});
export const RowPlan = Type.Object({
  row: Type.Integer({ description: 'Spreadsheet row, or 1-based project number in an OC4IDS package' }),
  code: Type.String(),
  action: Type.Union([L('create'), L('update'), L('refuse')]),
  kept: Type.Optional(Type.Array(Type.String(), { description: 'OC4IDS fields Berpa does not model, kept with the project and exported again (JSON pointers)' })),
  normalised: Type.Optional(Type.Array(Type.String(), { description: "OC4IDS fields stored in Berpa's own form (JSON pointers)" })),
  replaced: Type.Optional(Type.Array(Type.String(), { description: 'Fields Berpa sets itself (updated)' })),
  flags: Type.Optional(Type.Array(Type.String())),
});
/** Import refusals: a problem+json body with the row-by-row report in `rows`. */
export const ImportProblem = Type.Object(
  { ...Problem.properties, rows: Type.Optional(Type.Array(RowError)) },
  { description: 'RFC 9457 problem details with the rows that failed' },
);

export const ImportResult = Type.Object({
  dryRun: Type.Boolean(),
  wouldImport: Type.Optional(Type.Boolean({ description: 'Dry run: whether the same request without dryRun would write (false when rows are refused and validOnly is not set)' })),
  imported: Type.Integer(),
  created: Type.Integer({ description: 'Created (in a dry run: would be created)' }),
  updated: Type.Integer(),
  skipped: Type.Integer(),
  errors: Type.Array(RowError),
  rows: Type.Array(RowPlan),
  file: Type.Optional(
    Type.Object({
      separator: Type.Optional(Type.String()),
      encoding: Type.Optional(Type.String()),
      sheet: Type.Optional(Type.String()),
      headerRow: Type.Optional(Type.Integer()),
      numbers: Type.Optional(Type.String()),
    }),
  ),
});

export const OcdsProcessPlan = Type.Object({
  ocid: Type.String(),
  action: Type.Union([L('create'), L('update'), L('unchanged'), L('refuse')]),
  projectId: Nullable(Uuid),
  projectCode: Nullable(Type.String()),
  newReleases: Type.Integer(),
  knownReleases: Type.Integer(),
  title: Nullable(Type.String()),
});
export const OcdsImportResult = Type.Object({
  dryRun: Type.Boolean(),
  wouldImport: Type.Optional(Type.Boolean()),
  kind: Type.Union([L('releasePackage'), L('recordPackage')]),
  processes: Type.Array(OcdsProcessPlan),
  errors: Type.Array(Type.Object({ pointer: Type.String(), message: Type.String() })),
});
