import type { Ctx } from '../lib/context.ts';

/**
 * The shapes the demo steps share. Apart from seed/demo.ts (which imports
 * every module's step) so that the modules' demo steps never import the file
 * that imports them.
 */

/** Ids made by earlier steps, for later steps to link to. */
export interface DemoState {
  orgs: Record<string, string>;
  users: Record<string, string>;
  /** Free-form ids a module leaves for the ones after it (projects for tenders, …). */
  refs: Record<string, string[]>;
}

export interface DemoStep {
  name: string;
  run(ctx: Ctx, state: DemoState): Promise<void>;
}
