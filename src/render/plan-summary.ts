/** Counts shared by the human and JSON plan views, so both always agree. */
import type { Change, Plan } from "../engine/plan-types.ts";
import { count } from "./format.ts";

export interface PlanSummary {
  add: number;
  change: number;
  delete: number;
  /** Changes that grant access that did not exist before. */
  broadensAccess: number;
  /**
   * Deletions only `--prune` makes (always 0 when the plan prunes: they are in `changes` then). What
   * AWS has inside the prune scope and keyless.yaml does not declare: the file is not the whole truth.
   */
  pruneCandidates: number;
}

export function summarizePlan(plan: Plan): PlanSummary {
  const summary: PlanSummary = { add: 0, change: 0, delete: 0, broadensAccess: 0, pruneCandidates: 0 };
  for (const change of plan.changes) {
    if (change.action === "create") summary.add++;
    else if (change.action === "update") summary.change++;
    else summary.delete++;
    if (change.broadensAccess) summary.broadensAccess++;
  }
  summary.pruneCandidates = plan.prune ? 0 : plan.pruneCandidates.length;
  return summary;
}

/** How a prune candidate is counted in words: what someone holds that keyless.yaml does not grant. */
const CANDIDATE_NOUN: Partial<Record<Change["kind"], [string, string]>> = {
  assignment: ["assignment", "assignments"],
  membership: ["group member", "group members"],
  permission_set: ["permission set", "permission sets"],
  group: ["group", "groups"],
  user: ["user", "users"],
  ci_role: ["CI role", "CI roles"],
};

/** Prune candidates that are access itself: an assignment or a group membership. */
export function grantsAccess(change: Change): boolean {
  return change.kind === "assignment" || change.kind === "membership";
}

/** `2 assignments, 1 group member`, in the order the kinds are listed above. */
export function describeCandidates(candidates: readonly Change[]): string {
  const parts: string[] = [];
  for (const [kind, [one, many]] of Object.entries(CANDIDATE_NOUN) as [Change["kind"], [string, string]][]) {
    const n = candidates.filter((c) => c.kind === kind).length;
    if (n > 0) parts.push(count(n, one, many));
  }
  const other = candidates.filter((c) => !(c.kind in CANDIDATE_NOUN)).length;
  if (other > 0) parts.push(count(other, "other resource", "other resources"));
  return parts.join(", ");
}

/**
 * Problems that block apply. Read defensively: plans saved before `problems` existed have none,
 * and this keeps the renderers independent of when that field lands in `Plan`.
 */
export function planProblems(plan: Plan): string[] {
  return (plan as { problems?: string[] }).problems ?? [];
}

/** Non-blocking findings (policy lint warnings); absent in plans saved before they existed. */
export function planWarnings(plan: Plan): readonly string[] {
  return (plan as { warnings?: string[] }).warnings ?? [];
}
