import { definePermissions } from '../auth/permissions.ts';

export const AuditPerms = definePermissions('audit', {
  read: ['admin', 'auditor', 'operator'],
});
