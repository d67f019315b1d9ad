/** The outcome of an apply: one result per change, in plan order, plus the ids of what was created. */
import type { Action } from "../engine/plan-types.ts";
import type { ApplySummary, ChangeError } from "./events.ts";

export type ChangeStatus = "done" | "failed" | "skipped";

export interface ChangeResult {
  address: string;
  action: Action;
  status: ChangeStatus;
  /** Present when status is "failed". */
  error?: ChangeError;
  /** Present when status is "skipped": which failed change it depended on. */
  reason?: string;
}

export interface ApplyResult {
  /** In the order of `plan.changes` (not execution order). */
  results: ChangeResult[];
  /** name → id of what this apply created (userName → userId, group name → groupId, name → ARN). */
  created: {
    users: Record<string, string>;
    groups: Record<string, string>;
    permissionSets: Record<string, string>;
  };
  /** The caller maps `failed > 0` to a non-zero exit. */
  summary: ApplySummary;
}
