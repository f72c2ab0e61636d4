/**
 * The receipts module owns no tables. It reads other modules only through their
 * services or the views they publish (their `…Surfaces`).
 */
export type ReceiptsTables = Record<never, never>;
