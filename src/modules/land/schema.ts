import { type Static, Type } from '@sinclair/typebox';
import { PageQuery } from '../../lib/pagination.ts';
import { StrictObject } from '../../lib/schemas.ts';
import { HAZARD_TYPES, RELEASE_METHODS } from './features.ts';

const DistrictCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$', description: 'Area code, e.g. AZ-AGM' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
/** Simplification tolerance in degrees for map layers (0.001 ≈ 100 m); 0 = full detail. */
const Simplify = Type.Optional(Type.Number({ minimum: 0, maximum: 0.1, description: 'ST_SimplifyPreserveTopology tolerance in degrees (0.001 ≈ 100 m)' }));
const HazardStatus = Type.Union([Type.Literal('active'), Type.Literal('partially_released'), Type.Literal('released')]);

export const AreaLevel = Type.Union([Type.Literal('country'), Type.Literal('district'), Type.Literal('settlement')]);
export const AreasQuery = StrictObject({ level: Type.Optional(AreaLevel) });
export const AreasGeoQuery = StrictObject({ level: Type.Optional(AreaLevel), simplify: Simplify });
export const HazardsGeoQuery = StrictObject({ district: Type.Optional(DistrictCode), status: Type.Optional(HazardStatus), simplify: Simplify });
export const ReleasesGeoQuery = StrictObject({ district: Type.Optional(DistrictCode), simplify: Simplify });
export const HazardListQuery = StrictObject({ district: Type.Optional(DistrictCode), status: Type.Optional(HazardStatus), ...PageQuery });
export const SeriesQuery = StrictObject({ district: Type.Optional(DistrictCode), from: Type.Optional(Month), to: Type.Optional(Month) });
export const ClearanceQuery = StrictObject({
  geometry: Type.String({ minLength: 2, maxLength: 100_000, description: 'A GeoJSON geometry (Point, LineString, Polygon, MultiPolygon…), longitude/latitude WGS84' }),
});
export const ImportParams = StrictObject({ kind: Type.Union([Type.Literal('areas'), Type.Literal('hazards'), Type.Literal('releases')]) });

const Figures = {
  hazardousKm2: Type.Number(),
  releasedKm2: Type.Number(),
  cancelledKm2: Type.Number(),
  reducedKm2: Type.Number(),
  clearedKm2: Type.Number(),
  underReconstructionKm2: Type.Number(),
  rebuiltKm2: Type.Number(),
};
const Name = Type.Record(Type.String(), Type.String());

export const Area = Type.Object({
  id: Type.String(),
  code: Type.String(),
  level: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  name: Name,
  areaKm2: Type.Number(),
  isDemo: Type.Boolean(),
});
export const AreaList = Type.Object({ items: Type.Array(Area), attribution: Type.String() });

export const Summary = Type.Object({
  targetKm2: Type.Union([Type.Number(), Type.Null()]),
  asOf: Type.String({ format: 'date-time' }),
  programme: Type.Object(Figures),
  districts: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Name, areaKm2: Type.Number(), ...Figures })),
  attribution: Type.String(),
});

export const Series = Type.Object({
  district: Type.Union([Type.String(), Type.Null()]),
  months: Type.Array(
    Type.Object({
      month: Type.String(),
      hazardousKm2: Type.Number(),
      releasedKm2: Type.Number(),
      cancelledKm2: Type.Number(),
      reducedKm2: Type.Number(),
      clearedKm2: Type.Number(),
      releasedInMonthKm2: Type.Number(),
    }),
  ),
});

export const Clearance = Type.Object({
  clear: Type.Boolean(),
  overlaps: Type.Array(Type.Object({ hazardAreaId: Type.String(), name: Type.String(), overlapKm2: Type.Number() })),
});

export const ImportQuery = StrictObject({
  dryRun: Type.Optional(Type.Boolean({ description: 'Check the file and answer with what would be created, updated or refused (200, ImportPreview); write nothing' })),
});
export const ImportResult = Type.Object({
  kind: Type.String(),
  importId: Type.String(),
  imported: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  ids: Type.Array(Type.String()),
  sourceCrs: Type.String({ description: 'The coordinate system the file was in (EPSG:32638, WKT "…"); stored geometry is WGS 84' }),
  encoding: Type.Union([Type.String(), Type.Null()], { description: 'The text encoding the attributes were decoded from' }),
});
const FieldErr = Type.Object({ field: Type.String(), message: Type.String() });
export const ImportPreview = Type.Object({
  dryRun: Type.Literal(true),
  kind: Type.String(),
  sourceCrs: Type.String(),
  encoding: Type.Union([Type.String(), Type.Null()]),
  features: Type.Integer(),
  wouldCreate: Type.Integer(),
  wouldUpdate: Type.Integer(),
  refused: Type.Integer(),
  errors: Type.Array(FieldErr, { description: 'The first 200 problems, each naming its feature' }),
  preview: Type.Object(
    {
      type: Type.Literal('FeatureCollection'),
      features: Type.Array(
        Type.Object({
          type: Type.Literal('Feature'),
          id: Type.String(),
          geometry: Type.Union([Type.Unknown(), Type.Null()]),
          properties: Type.Object({
            label: Type.String(),
            action: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('refuse')]),
            errors: Type.Array(FieldErr),
          }),
        }),
      ),
    },
    { description: 'RFC 7946 FeatureCollection (WGS 84) of the first 5,000 features with their action and errors, for the map preview' },
  ),
  previewTruncated: Type.Boolean(),
});

const Json = Type.Unknown();
export const HazardSummary = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    name: Type.String(),
    classification: Type.String(),
    hazardTypes: Type.Array(Type.String()),
    status: Type.String(),
    recordedOn: Type.String(),
    releasedOn: Type.Union([Type.String(), Type.Null()]),
    district: Type.Union([Type.String(), Type.Null()]),
    areaKm2: Type.Number(),
    remainingKm2: Type.Number(),
    isDemo: Type.Boolean(),
    notes: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { description: '`notes` only for operators, mine-action users, auditors and admins' },
);
export const HazardDetail = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  name: Type.String(),
  classification: Type.String(),
  hazardTypes: Type.Array(Type.String()),
  status: Type.String(),
  recordedOn: Type.String(),
  releasedOn: Type.Union([Type.String(), Type.Null()]),
  recordingOrgId: Type.Union([Type.String(), Type.Null()]),
  district: Type.Union([Type.String(), Type.Null()]),
  areaKm2: Type.Number(),
  remainingKm2: Type.Number(),
  isDemo: Type.Boolean(),
  geometry: Json,
  remainingGeometry: Json,
  releases: Type.Array(
    Type.Object({ id: Type.String(), reference: Type.String(), method: Type.String(), outcome: Type.String(), completedOn: Type.String(), areaKm2: Type.Number() }),
  ),
  notes: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export const ReleaseDetail = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    method: Type.String(),
    outcome: Type.String(),
    hazardAreaId: Type.Union([Type.String(), Type.Null()]),
    /** The linked hazardous area's reference (what a correction names to link or, with null, to unlink). */
    hazardReference: Type.Union([Type.String(), Type.Null()]),
    operatorOrgId: Type.Union([Type.String(), Type.Null()]),
    startedOn: Type.Union([Type.String(), Type.Null()]),
    completedOn: Type.String(),
    clearanceDepthCm: Type.Union([Type.Integer(), Type.Null()]),
    district: Type.Union([Type.String(), Type.Null()]),
    areaKm2: Type.Number(),
    isDemo: Type.Boolean(),
    geometry: Json,
    deviceCount: Type.Integer(),
    notes: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    devices: Type.Optional(
      Type.Array(
        Type.Object({
          category: Type.String(),
          model: Type.Union([Type.String(), Type.Null()]),
          condition: Type.String(),
          depthCm: Type.Union([Type.Integer(), Type.Null()]),
          quantity: Type.Integer(),
          position: Type.Union([Type.Array(Type.Number()), Type.Null()]),
        }),
      ),
    ),
  },
  { description: '`notes` and `devices` (with positions) only for operators, mine-action users, auditors and admins' },
);

const Reason = Type.String({ minLength: 3, maxLength: 1000, description: 'Why the record is corrected; kept in the audit log' });
const Day = Type.String({ format: 'date' });
const Outline = Type.Object(
  { type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]), coordinates: Type.Array(Type.Unknown()) },
  { description: 'GeoJSON Polygon or MultiPolygon, WGS 84' },
);
/** A correction of one hazardous area: the fields given replace the recorded ones; the reason is required. */
export const HazardCorrection = StrictObject(
  {
    reason: Reason,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    classification: Type.Optional(Type.Union([Type.Literal('SHA'), Type.Literal('CHA')])),
    hazardTypes: Type.Optional(Type.Array(Type.Union(HAZARD_TYPES.map((h) => Type.Literal(h))), { minItems: 1, uniqueItems: true })),
    recordedOn: Type.Optional(Day),
    notes: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
    geometry: Type.Optional(Outline),
  },
  { minProperties: 2 },
);
export type HazardCorrectionT = Static<typeof HazardCorrection>;
/** A correction of one land-release activity (devices are not corrected here). */
export const ReleaseCorrection = StrictObject(
  {
    reason: Reason,
    method: Type.Optional(Type.Union(RELEASE_METHODS.map((m) => Type.Literal(m)))),
    hazardReference: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 60 }), Type.Null()])),
    startedOn: Type.Optional(Type.Union([Day, Type.Null()])),
    completedOn: Type.Optional(Day),
    clearanceDepthCm: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 1000 }), Type.Null()])),
    notes: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
    geometry: Type.Optional(Outline),
  },
  { minProperties: 2 },
);
export type ReleaseCorrectionT = Static<typeof ReleaseCorrection>;
