/**
 * The dependency order of apply. Creates and updates go from principals to what references them;
 * deletes go the other way, so nothing is ever deleted while something still points at it.
 * Phases run one after another; the changes inside one phase are independent and run concurrently.
 */
import type { Action, Change, ResourceKind } from "../engine/plan-types.ts";

export interface Phase {
  kind: ResourceKind;
  actions: readonly Action[];
}

const FORWARD: readonly Action[] = ["create", "update"];
const DELETE: readonly Action[] = ["delete"];

export const PHASES: readonly Phase[] = [
  // The state backend first (key, bucket, its settings, lock table); it has no delete phase at all.
  { kind: "kms_key", actions: FORWARD },
  { kind: "state_bucket", actions: FORWARD },
  { kind: "state_bucket_setting", actions: FORWARD },
  { kind: "lock_table", actions: FORWARD },
  { kind: "user", actions: FORWARD },
  { kind: "group", actions: FORWARD },
  { kind: "membership", actions: FORWARD },
  { kind: "permission_set", actions: FORWARD },
  { kind: "provisioning", actions: FORWARD },
  { kind: "assignment", actions: FORWARD },
  // CI roles in member accounts: the OIDC provider first (roles trust it); it is never deleted.
  { kind: "ci_oidc_provider", actions: FORWARD },
  { kind: "ci_role", actions: FORWARD },
  { kind: "ci_role", actions: DELETE },
  { kind: "assignment", actions: DELETE },
  { kind: "permission_set", actions: DELETE },
  { kind: "membership", actions: DELETE },
  { kind: "group", actions: DELETE },
  { kind: "user", actions: DELETE },
];

/** Index into PHASES, or -1 for a kind/action pair the executor does not know (a corrupt plan file). */
export function phaseOf(change: Pick<Change, "kind" | "action">): number {
  return PHASES.findIndex((p) => p.kind === change.kind && p.actions.includes(change.action));
}

/** Changes (with their plan index) grouped by phase, in execution order; empty phases are dropped. */
export function groupByPhase<T extends Pick<Change, "kind" | "action">>(
  changes: readonly T[],
): Array<{ phase: Phase; items: Array<{ change: T; index: number }> }> {
  const buckets = PHASES.map((phase) => ({ phase, items: [] as Array<{ change: T; index: number }> }));
  changes.forEach((change, index) => {
    const bucket = buckets[phaseOf(change)];
    if (bucket) bucket.items.push({ change, index });
  });
  return buckets.filter((b) => b.items.length > 0);
}
