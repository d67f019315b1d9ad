/**
 * What the executor reports while it runs. It never prints: a reporter (CLI progress, JSON lines,
 * a test recorder) subscribes through `ApplyOptions.onEvent`.
 */
import type { Action } from "../engine/plan-types.ts";

/** A failure as shown to the user: `message` says what went wrong, `hint` what to do. */
export interface ChangeError {
  message: string;
  hint?: string;
  /** KeylessError code when the failure came from one (e.g. "APPLY_FAILED", "AWS_ACCESS_DENIED"). */
  code?: string;
}

export interface ApplySummary {
  done: number;
  failed: number;
  skipped: number;
}

export type ApplyEvent =
  /** Before anything runs; `total` is the number of changes in the plan. */
  | { type: "start"; total: number }
  | { type: "change-start"; address: string; action: Action }
  /** Human-readable progress of a long change, e.g. "provisioning IN_PROGRESS (poll 3)". */
  | { type: "change-progress"; address: string; message: string }
  /** `durationMs` is measured on the injected clock. */
  | { type: "change-done"; address: string; action: Action; durationMs: number }
  | { type: "change-failed"; address: string; action: Action; error: ChangeError }
  /** Not attempted because something it depends on failed; no change-start precedes it. */
  | { type: "change-skipped"; address: string; reason: string }
  | { type: "done"; summary: ApplySummary };

export type ApplyEventListener = (event: ApplyEvent) => void;
