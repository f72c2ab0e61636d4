import { definePermissions } from '../auth/permissions.ts';

export const LandPerms = definePermissions('land', {
  /** Areas define the programme's territory: only the agency changes them. */
  importAreas: ['admin', 'operator'],
  /** Hazard and release records come from the mine-action side. */
  importHazards: ['admin', 'mine_action'],
  importReleases: ['admin', 'mine_action'],
  /** Device positions, models and survey notes: never public (they guide looters and put deminers at risk). */
  readSensitive: ['admin', 'operator', 'mine_action', 'auditor'],
});
