/**
 * The progress line of a long apply, on stderr: `assignments 340/1000, all changes 367/1027, 2m10s`.
 * Counts what has finished (done, failed or skipped) of the kind being applied now and of the whole
 * plan, and the time since apply started. Pure: the reporter (commands/apply-progress.ts) decides when.
 */
import type { ResourceKind } from "../engine/plan-types.ts";
import { formatDuration } from "./format.ts";

/** What a reader calls each kind; the state backend's kinds are one thing to them. */
const LABEL: Record<ResourceKind, string> = {
  kms_key: "state backend",
  state_bucket: "state backend",
  state_bucket_setting: "state backend",
  lock_table: "state backend",
  user: "users",
  group: "groups",
  membership: "memberships",
  permission_set: "permission sets",
  provisioning: "provisioning",
  assignment: "assignments",
  ci_oidc_provider: "CI providers",
  ci_role: "CI roles",
};

export function progressLabel(kind: ResourceKind): string {
  return LABEL[kind];
}

export interface ProgressCounts {
  /** The label of the kind being applied now. */
  label: string;
  /** Finished and total changes of that label. */
  labelFinished: number;
  labelTotal: number;
  finished: number;
  total: number;
  failed: number;
  /** How many labels the plan has: with one, the overall count says nothing new. */
  labels: number;
}

export function progressText(p: ProgressCounts, elapsedMs: number): string {
  const parts = [`${p.label} ${p.labelFinished}/${p.labelTotal}`];
  if (p.labels > 1) parts.push(`all changes ${p.finished}/${p.total}`);
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  parts.push(formatDuration(elapsedMs));
  return parts.join(", ");
}
