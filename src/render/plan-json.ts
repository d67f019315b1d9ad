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
  unmanaged: {
    users: number;
    groups: number;
    permission_sets: number;
    assignments: number;
    /** Present when keyless.yaml declares CI roles: roles under /keyless/ci/ left alone (docs/ci.md). */
    ci_roles?: number;
    /** Present when unmanaged users and/or groups were not counted (their count is then 0). */
    not_counted?: ("users" | "groups")[];
  };
  notes: string[];
  /** How AWS was read (`keyless plan --json`): strategy and calls; see docs/json-output.md. */
  read?: ReadJson;
  /** The `-target` addresses the plan is limited to (with what they depend on); `[]`: a whole plan. */
  targets: string[];
  /** Present when keyless.yaml declares CI roles: each account read for them and how it was reached. */
  ci_access?: CiAccessJson[];
}

export interface CiAccessJson {
  account_id: string;
  /** The role keyless assumed; null: the account of the credentials keyless runs with. */
  role_arn: string | null;
  external_id: boolean;
  /** false: AssumeRole failed (the plan's problems say why). */
  reached: boolean;
}

/** The read planner's choice and the calls it made (src/aws/read-actual.ts ReadReport). */
export interface ReadJson {
  strategy: "per-principal" | "per-set";
  reason: string;
  predicted_calls: number;
  calls: number;
  calls_by_operation: Record<string, number>;
  cost_estimates: { per_principal?: number; per_set: number };
  listed: { users: boolean; groups: boolean };
}

/** Field for field what the read reported; kept structural so render/ does not import aws/. */
export interface ReadSummary {
  strategy: "per-principal" | "per-set";
  reason: string;
  predictedCalls: number;
  calls: number;
  callsByOperation: Record<string, number>;
  costs: { perPrincipal?: number; perSet: number };
  listed: { users: boolean; groups: boolean };
}

export function readToJson(r: ReadSummary): ReadJson {
  return {
    strategy: r.strategy,
    reason: r.reason,
    predicted_calls: r.predictedCalls,
    calls: r.calls,
    calls_by_operation: { ...r.callsByOperation },
    cost_estimates: {
      ...(r.costs.perPrincipal !== undefined ? { per_principal: r.costs.perPrincipal } : {}),
      per_set: r.costs.perSet,
    },
    listed: { ...r.listed },
  };
}

export function planToJson(plan: Plan, read?: ReadSummary): PlanJson {
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
      ...(plan.unmanaged.ciRoles !== undefined && { ci_roles: plan.unmanaged.ciRoles }),
      ...(plan.unmanaged.notCounted?.length ? { not_counted: [...plan.unmanaged.notCounted] } : {}),
    },
    notes: [...plan.notes],
    ...(read ? { read: readToJson(read) } : {}),
    targets: [...(plan.targets ?? [])],
    ...(plan.ciAccess && {
      ci_access: plan.ciAccess.map((a) => ({
        account_id: a.accountId,
        role_arn: a.roleArn,
        external_id: a.externalId,
        reached: a.reached,
      })),
    }),
  };
}
