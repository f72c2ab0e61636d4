/** The contracts module's services, one file per sub-resource (routes import from here). */
export * as contracts from './contracts.ts';
export * as milestones from './milestones.ts';
export * as progress from './progress.ts';
export * as payments from './payments.ts';
export * as variations from './variations.ts';
export * as completion from './completion.ts';
export * as flags from './flags.ts';
export * as money from './follow-the-money.ts';
