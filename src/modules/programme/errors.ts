import { defineError } from '../../lib/errors.ts';

export const ProgrammeErrors = {
  periodTooShort: defineError('tender_period_too_short', 422, 'The tendering or enquiry period is shorter than the procurement rules allow'),
} as const;
