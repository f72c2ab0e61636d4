/**
 * The codes a service's own field errors carry (`FieldError.code`), beside the
 * request-validation rules that src/http/problem.ts derives from Ajv. They are
 * listed once, here, so the type checker refuses a code that is not on the list
 * and web/src/i18n/errors.test.ts can check that every one is worded in every
 * language the web app speaks.
 */
export const SERVICE_FIELD_ERROR_CODES = [
  /** A reference (organisation, area, pledge, document, lot…) that does not exist; `value` is what was sent. */
  'unknown_reference',
  /** Unique among existing records (an email, an identifier, a project code); `value` when known. */
  'already_used',
  /** Repeated within the same request or file; `value` is the repeated key. */
  'duplicate_reference',
  /** An end (or `to`) earlier than its start; `other` names the start field. */
  'end_before_start',
  /** A start later than its end; `other` names the end field. */
  'start_after_end',
  /** A date before another date it must follow (`other`, and `date` when known). */
  'before_other_date',
  /** A date after another date it must precede (`other`). */
  'after_other_date',
  /** A day after today, for something that must already have happened. */
  'future_date',
  /** A day before today, for something that must still be ahead. */
  'past_date',
  /** An amount above what is allowed (a ceiling, a guarantee, a commitment). */
  'amount_exceeds',
  /** An amount that must be more than zero. */
  'amount_not_positive',
  /** A money amount with more than `limit` decimals. */
  'amount_decimals',
  /** The value would fall below zero. */
  'below_zero',
  /** Not in the currency of `currency`. */
  'currency_mismatch',
  'unknown_country',
  'unknown_currency',
  /** A decision or a change that needs its reasons written. */
  'reason_required',
  /** A geometry that lies (partly) outside the programme territory. */
  'outside_territory',
  'invalid_geometry',
  'empty_geometry',
  /** More than `limit` of something (committee threshold larger than the committee, …). */
  'exceeds_count',
  /** An uploaded file larger than the limit. */
  'file_too_large',
  'not_an_image',
  /** The photo's position lies outside the project site. */
  'photo_outside_site',
  /** Only one of two fields may be given, or one needs the other; `other` names it. */
  'not_allowed_with',
  /** The milestone (or another record) is not in the state this needs. */
  'not_accepted',
  /** A status change not allowed from `value`. */
  'bad_transition',
] as const;

export type ServiceFieldErrorCode = (typeof SERVICE_FIELD_ERROR_CODES)[number];
