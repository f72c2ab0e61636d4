import { defineError } from '../../lib/errors.ts';

export const LandErrors = {
  /** The file is not what its name or declared format says (not JSON, not XML, not a zip…). */
  badFile: defineError('land_file_unreadable', 400, 'The file cannot be read as the format it claims to be'),
  /** One or more features are invalid; `errors` names each by index or id. Nothing was imported. */
  badFeatures: defineError('land_features_invalid', 400, 'Some features are not valid; nothing was imported'),
  /** Geometry outside the programme's territory, or no territory defined yet. */
  outsideTerritory: defineError('land_outside_territory', 400, 'Geometry lies outside the programme territory'),
  /** A coordinate reference system other than WGS84 (EPSG:4326). */
  wrongCrs: defineError('land_wrong_crs', 400, 'Only WGS84 (EPSG:4326) coordinates are accepted'),
} as const;
