/** The tender services, one file per sub-resource; routes import them from here. */

export * as amendments from './amendments.service.ts';
export * as awards from './awards.service.ts';
export * as bids from './bids.service.ts';
export * as complaints from './complaints.service.ts';
export * as enquiries from './enquiries.service.ts';
export * as evaluation from './evaluation.service.ts';
export * as opening from './opening.service.ts';
export * as tenders from './tenders.service.ts';
