/** The contracts module's services, one file per sub-resource (routes import from here). */

export * as completion from './completion.service.ts';
export * as contracts from './contracts.service.ts';
export * as flags from './flags.service.ts';
export * as money from './follow-the-money.service.ts';
export * as milestones from './milestones.service.ts';
export * as payments from './payments.service.ts';
export * as progress from './progress.service.ts';
export * as variations from './variations.service.ts';
