/** The tender services, one file per sub-resource; routes import them from here. */
export * as tenders from './tenders.ts';
export * as enquiries from './enquiries.ts';
export * as amendments from './amendments.ts';
export * as bids from './bids.ts';
export * as opening from './opening.ts';
export * as evaluation from './evaluation.ts';
export * as awards from './awards.ts';
