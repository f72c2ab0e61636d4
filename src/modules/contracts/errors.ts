import { defineError } from '../../lib/errors.ts';

/** Contract execution error codes; each names the rule that refused the request. */
export const ContractErrors = {
  notSupplier: defineError('not_contract_supplier', 403, 'Only the contract’s supplier may do this'),
  closed: defineError('contract_closed', 409, 'The contract is completed or terminated'),
  milestoneNotAccepted: defineError('milestone_not_accepted', 409, 'Payments are requested against accepted milestones only'),
  milestoneOfOtherContract: defineError('milestone_of_other_contract', 422, 'The milestone belongs to another contract'),
  aboveCeiling: defineError('payment_above_ceiling', 422, 'The payment would exceed the contract value plus approved variations'),
  sharesOver100: defineError('milestone_shares_over_100', 422, 'Milestone shares of the contract value sum to more than 100%'),
  segregation: defineError('segregation_of_duties', 403, 'The requester of a payment (or proposer of a variation) may not approve it'),
  notAnImage: defineError('photo_not_an_image', 415, 'The photo is not a JPEG, PNG or WebP image'),
  photoOutside: defineError('photo_outside_site', 422, 'The photo was taken outside the project site'),
  noAdvanceGuarantee: defineError('advance_needs_guarantee', 422, 'An advance needs an advance-payment guarantee covering it'),
  retentionHeld: defineError('retention_held', 409, 'Retention is released only after final acceptance'),
  pledgeMismatch: defineError('pledge_mismatch', 422, 'The pledge cannot fund this payment'),
};
