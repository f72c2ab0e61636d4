import { defineError } from '../../lib/errors.ts';

export const PartnerErrors = {
  unknownCountry: defineError('unknown_country', 400, 'Not an ISO 3166-1 country code'),
  unknownCurrency: defineError('unknown_currency', 400, 'Not an ISO 4217 currency code'),
  periodOverlap: defineError('partner_period_overlap', 409, 'The country already has a partner period covering these dates'),
  engagementInFuture: defineError('engagement_in_future', 422, 'An engagement dated in the future cannot have been held'),
  overDisbursement: defineError('disbursement_exceeds_commitment', 422, 'Disbursing more than was committed needs a recorded reason'),
  pledgeTransition: defineError('pledge_invalid_transition', 409, 'The pledge cannot move to that stage from its current one'),
  unknownLink: defineError('unknown_related_record', 400, 'A related project, tender or organisation does not exist'),
} as const;
