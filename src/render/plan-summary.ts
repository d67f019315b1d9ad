/** Counts shared by the human and JSON plan views, so both always agree. */
import type { Plan } from "../engine/plan-types.ts";

export interface PlanSummary {
  add: number;
  change: number;
  delete: number;
  /** Changes that grant access that did not exist before. */
  broadensAccess: number;
}

export function summarizePlan(plan: Plan): PlanSummary {
  const summary: PlanSummary = { add: 0, change: 0, delete: 0, broadensAccess: 0 };
  for (const change of plan.changes) {
    if (change.action === "create") summary.add++;
    else if (change.action === "update") summary.change++;
    else summary.delete++;
    if (change.broadensAccess) summary.broadensAccess++;
  }
  return summary;
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
