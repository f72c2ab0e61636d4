import { definePermissions } from '../auth/permissions.ts';

export const OrgPerms = definePermissions('organisation', {
  verify: ['admin', 'operator'],
  create: ['admin', 'operator'],
  listUnverified: ['admin', 'operator', 'auditor'],
  /** Editing any organisation; company users may edit only their own (checked in the service). */
  editAny: ['admin', 'operator'],
  editOwn: ['company'],
});
