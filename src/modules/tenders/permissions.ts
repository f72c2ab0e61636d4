import { definePermissions } from '../auth/permissions.ts';

export const TenderPerms = definePermissions('tender', {
  manage: ['admin', 'operator'],
  readDrafts: ['admin', 'operator', 'auditor'],
  answer: ['admin', 'operator'],
  ask: ['company'],
  bid: ['company'],
  registerCommitteeKey: ['committee'],
  submitShare: ['committee'],
  setupOpeningKey: ['committee'],
  evaluate: ['evaluator'],
  award: ['admin', 'operator'],
  complain: ['company'],
  contract: ['admin', 'operator'],
});
