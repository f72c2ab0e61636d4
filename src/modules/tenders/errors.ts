import { defineError } from '../../lib/errors.ts';

/** Tender error codes; each names the rule that refused the request. */
export const TenderErrors = {
  deadlinePassed: defineError('bid_deadline_passed', 409, 'The tender period is over; the bid was not accepted'),
  notOpenForBids: defineError('tender_not_open_for_bids', 409, 'The tender is not accepting bids'),
  notEligible: defineError('bidder_not_eligible', 403, "The bidder's country is not eligible for this tender on this day"),
  notVerified: defineError('bidder_not_verified', 403, 'Only verified organisations may bid'),
  bidExists: defineError('bid_exists', 409, 'Your organisation already has a live bid; replace or withdraw it'),
  badEnvelope: defineError('invalid_envelope', 400, 'The sealed envelope is not valid'),
  sealed: defineError('bid_sealed', 403, 'Bid contents are sealed until the opening'),
  notCommittee: defineError('not_committee_member', 403, 'You are not on this tender’s opening committee'),
  shareRepeated: defineError('share_already_submitted', 409, 'You have already submitted your share'),
  shareWrong: defineError('share_invalid', 422, 'The share does not belong to this tender’s opening key'),
  openingTooEarly: defineError('opening_too_early', 409, 'The opening time has not come'),
  amendmentDeadline: defineError('amendment_needs_extension', 422, 'A material change this close to the deadline must extend it'),
  conflictUndeclared: defineError('conflict_not_declared', 403, 'Declare conflicts of interest before seeing bids'),
  conflicted: defineError('conflict_of_interest', 403, 'You declared a conflict of interest for this tender'),
  standstill: defineError('standstill_running', 409, 'The standstill period has not ended'),
  complaintPending: defineError('complaint_pending', 409, 'A complaint is under review'),
};
