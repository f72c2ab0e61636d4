import { defineError } from '../../lib/errors.ts';

export const ProjectErrors = {
  badTransition: defineError('project_bad_transition', 409, 'This status change is not allowed'),
  importRejected: defineError('project_import_rejected', 422, 'The file has rows with errors; nothing was imported'),
  badFile: defineError('project_bad_file', 400, 'The file cannot be read as a project list'),
  ocdsRejected: defineError('project_ocds_rejected', 422, 'The OCDS package has errors; nothing was imported'),
} as const;
