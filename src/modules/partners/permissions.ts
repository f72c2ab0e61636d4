import { definePermissions } from '../auth/permissions.ts';

/**
 * Partner periods, engagements and pledges are recorded by programme staff;
 * reading them is public (the partnership is run in the open).
 */
export const PartnerPerms = definePermissions('partners', {
  managePeriods: ['admin', 'operator'],
  manageEngagements: ['admin', 'operator'],
  managePledges: ['admin', 'operator'],
  /** Unverified companies of a country are listed by name only to staff. */
  seeUnverified: ['admin', 'operator', 'auditor'],
});
