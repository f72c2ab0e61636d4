import { definePermissions } from '../auth/permissions.ts';

export const ProjectPerms = definePermissions('project', {
  create: ['admin', 'operator'],
  edit: ['admin', 'operator'],
  /** Status transitions are the programme's decisions: operators only. */
  changeStatus: ['operator'],
  import: ['admin', 'operator'],
  attachDocument: ['admin', 'operator'],
  /** Documents with access level "limited" (restricted ones: operators and auditors too, see service). */
  readLimited: ['admin', 'operator', 'auditor', 'observer'],
  readRestricted: ['admin', 'operator', 'auditor'],
});
