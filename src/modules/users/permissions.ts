import { definePermissions } from '../auth/permissions.ts';

export const UserPerms = definePermissions('user', {
  manage: ['admin'],
  /** Company users add colleagues to their own organisation (role `company` only). */
  inviteColleague: ['company'],
  list: ['admin', 'auditor'],
});
