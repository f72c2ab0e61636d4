/**
 * The health module owns no tables. It reads other modules only through their
 * services or the views they publish (their `…Surfaces`).
 */
export type HealthTables = Record<never, never>;
