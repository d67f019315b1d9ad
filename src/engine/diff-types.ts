/**
 * The one shape every per-kind differ has. plan.ts runs them in a fixed order and merges their
 * results; it decides, from the prune option, whether `prunable` deletions become changes.
 */
import type { PlanContext } from "./context.ts";
import type { Change, UnmanagedCounts } from "./plan-types.ts";

export interface DiffResult {
  /** Creates, updates and explicit deletions (a user declared `remove: true`): never prune-gated. */
  changes: Change[];
  /** Deletions inside the prune scope: part of the plan only when pruning. */
  prunable: Change[];
  /** Problems that block apply. */
  problems: string[];
  /** What this differ saw and leaves alone. */
  unmanaged: Partial<UnmanagedCounts>;
}

/** `earlier`: every change (incl. prunable) of the differs that ran before, in registry order. */
export type Differ = (ctx: PlanContext, earlier: readonly Change[]) => DiffResult;

export function emptyResult(): DiffResult {
  return { changes: [], prunable: [], problems: [], unmanaged: {} };
}
