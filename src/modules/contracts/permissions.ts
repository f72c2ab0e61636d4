import { definePermissions } from '../auth/permissions.ts';

/**
 * Who may move each step of a contract's execution. Ownership (the supplier
 * acting on its own contract) and segregation of duties (not the requester)
 * are checked by the services on top of these.
 */
export const ContractPerms = definePermissions('contract', {
  manage: ['admin', 'operator'],
  planMilestones: ['admin', 'operator'],
  submitMilestone: ['company'],
  decideMilestone: ['admin', 'operator'],
  report: ['company'],
  decideReport: ['admin', 'operator'],
  requestPayment: ['company', 'operator'],
  approvePayment: ['admin', 'operator'],
  pay: ['admin', 'operator'],
  vary: ['admin', 'operator'],
  approveVariation: ['admin', 'operator'],
  complete: ['admin', 'operator'],
  readFlags: ['admin', 'operator', 'auditor', 'observer'],
});
