/**
 * Apply output: one line (or a failure with its hint) per executor event, Terraform-like
 * (`address: Creating...`, `address: Creation complete after 2s`), and the closing summary.
 * Returns text without a trailing newline; the caller writes it.
 */
import type { ApplyEvent, ApplySummary } from "../apply/events.ts";
import type { ChangeResult } from "../apply/result.ts";
import type { Action } from "../engine/plan-types.ts";
import { count, formatDuration } from "./format.ts";
import { colors, type RenderOptions, safe } from "./style.ts";

const STARTING: Record<Action, string> = {
  create: "Creating...",
  update: "Modifying...",
  delete: "Destroying...",
};
const COMPLETE: Record<Action, string> = {
  create: "Creation complete",
  update: "Modifications complete",
  delete: "Destruction complete",
};

/** The line(s) for one event, or null when the event shows nothing (`done`: see renderApplySummary). */
export function renderApplyEvent(e: ApplyEvent, opts: RenderOptions): string | null {
  const c = colors(opts.color);
  switch (e.type) {
    case "start":
      return `Applying ${count(e.total, "change")}.`;
    case "change-start":
      return `${c.bold(safe(e.address))}: ${STARTING[e.action]}`;
    case "change-progress":
      return `${c.bold(safe(e.address))}: ${c.dim(safe(e.message))}`;
    case "change-done":
      return `${c.bold(safe(e.address))}: ${c.green(`${COMPLETE[e.action]} after ${formatDuration(e.durationMs)}`)}`;
    case "change-failed": {
      const line = `${c.bold(safe(e.address))}: ${c.red(c.bold("FAILED:"))} ${safe(e.error.message)}`;
      return e.error.hint ? `${line}\n  ${c.cyan("hint:")} ${safe(e.error.hint)}` : line;
    }
    case "change-skipped":
      return `${c.bold(safe(e.address))}: ${c.yellow("Skipped:")} ${safe(e.reason)}`;
    case "done":
      return null;
  }
}

export interface ApplySummaryOptions extends RenderOptions {
  /** Per-change results (ApplyResult.results): needed to count added / changed / destroyed. */
  results?: ReadonlyArray<Pick<ChangeResult, "action" | "status">>;
}

/**
 * `Apply complete! Resources: 3 added, 1 changed, 0 destroyed.` or, when anything failed, how many
 * and that running apply again converges (it re-plans from what AWS has now).
 */
export function renderApplySummary(summary: ApplySummary, opts: ApplySummaryOptions): string {
  const c = colors(opts.color);
  const total = summary.done + summary.failed + summary.skipped;
  if (summary.failed > 0 || summary.skipped > 0) {
    return (
      `${c.red(c.bold("Apply failed:"))} ${summary.failed} of ${count(total, "change")} failed, ${summary.skipped} skipped. ` +
      "Run keyless apply again after fixing the cause; it converges."
    );
  }
  if (!opts.results) return `${c.green(c.bold("Apply complete!"))} ${count(summary.done, "change")} applied.`;
  const done = { create: 0, update: 0, delete: 0 };
  for (const r of opts.results) if (r.status === "done") done[r.action]++;
  return `${c.green(c.bold("Apply complete!"))} Resources: ${done.create} added, ${done.update} changed, ${done.delete} destroyed.`;
}
