import { defineError } from '../../lib/errors.ts';

export const LandErrors = {
  /** The file is not what its name or declared format says (not JSON, not XML, not a zip…). */
  badFile: defineError('land_file_unreadable', 400, 'The file cannot be read as the format it claims to be'),
  /** The file's declared (or expected) text encoding does not fit its bytes; `file` and `encoding` name them. */
  badEncoding: defineError('land_bad_encoding', 400, 'The file is not in the text encoding it declares'),
  /** One or more features are invalid; `errors` names each by index or id. Nothing was imported. */
  badFeatures: defineError('land_features_invalid', 400, 'Some features are not valid; nothing was imported'),
  /** Geometry outside the programme's territory, or no territory defined yet. */
  outsideTerritory: defineError('land_outside_territory', 400, 'Geometry lies outside the programme territory'),
  /** A coordinate reference system that cannot be understood (unknown EPSG code, unreadable .prj, missing .prj). */
  wrongCrs: defineError('land_wrong_crs', 400, 'The coordinate reference system cannot be understood'),
} as const;
