/**
 * The plan as data for CI (`keyless plan --json`). Top-level keys are snake_case and stable within
 * `format_version`; `changes` keep the fields of the engine's Change types (documented in
 * docs/json-output.md). `ids` are internal to apply and not part of this view.
 */
import type { Change, Plan } from "../engine/plan-types.ts";
import { planProblems, planWarnings, summarizePlan } from "./plan-summary.ts";

/** Bumped only when a field is removed or changes meaning; additions keep "1". */
export const PLAN_JSON_FORMAT_VERSION = "1";

export interface PlanJson {
  format_version: typeof PLAN_JSON_FORMAT_VERSION;
  /** Fingerprint of the AWS state the plan was computed from. */
  fingerprint: string;
  instance_arn: string;
  identity_store_id: string;
  region: string;
  /** Whether deletions inside the prune scope are part of `changes`. */
  prune: boolean;
  summary: {
    add: number;
    change: number;
    delete: number;
    broadens_access: number;
    /** Length of `prune_candidates`: what AWS has in the prune scope and keyless.yaml does not declare. */
    prune_candidates: number;
  };
  changes: Change[];
  /** Deletions that `--prune` would add (always empty when `prune` is true). */
  prune_candidates: Change[];
  /** Problems that block apply; non-empty means `keyless apply` refuses this plan. */
  problems: string[];
  warnings: string[];
  unmanaged: { users: number; groups: number; permission_sets: number; assignments: number };
  notes: string[];
  /** The `-target` addresses the plan is limited to (with what they depend on); `[]`: a whole plan. */
  targets: string[];
}

export function planToJson(plan: Plan): PlanJson {
  const s = summarizePlan(plan);
  return {
    format_version: PLAN_JSON_FORMAT_VERSION,
    fingerprint: plan.fingerprint,
    instance_arn: plan.instanceArn,
    identity_store_id: plan.identityStoreId,
    region: plan.region,
    prune: plan.prune,
    summary: {
      add: s.add,
      change: s.change,
      delete: s.delete,
      broadens_access: s.broadensAccess,
      prune_candidates: s.pruneCandidates,
    },
    // Copies: the caller may serialise later, and the Plan must not be shared mutable state.
    changes: structuredClone(plan.changes),
    prune_candidates: plan.prune ? [] : structuredClone(plan.pruneCandidates),
    problems: [...planProblems(plan)],
    warnings: [...planWarnings(plan)],
    unmanaged: {
      users: plan.unmanaged.users,
      groups: plan.unmanaged.groups,
      permission_sets: plan.unmanaged.permissionSets,
      assignments: plan.unmanaged.assignments,
    },
    notes: [...plan.notes],
    targets: [...(plan.targets ?? [])],
  };
}
