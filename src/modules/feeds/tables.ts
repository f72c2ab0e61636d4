/**
 * The Atom feeds own no tables. They read other modules only through the
 * views those publish (their `…Surfaces`) or their public services.
 */
export type FeedsTables = Record<never, never>;
