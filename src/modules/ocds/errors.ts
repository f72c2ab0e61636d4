import { defineError } from '../../lib/errors.ts';

export const OcdsErrors = {
  unknownTag: defineError('ocds_unknown_release_tag', 500, 'Not an OCDS release tag'),
  noProcess: defineError('ocds_unknown_ocid', 404, 'No contracting process has this OCID'),
} as const;
