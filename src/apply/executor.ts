/**
 * The executor: runs a Plan's changes phase by phase in dependency order (see phases.ts), with bounded
 * concurrency inside a phase, and records a result per change. A failure never stops the apply:
 * changes that depend on the failed one are skipped (see dependencies.ts), independent ones still run,
 * and the caller turns `summary.failed > 0` into a non-zero exit. It never prints; it emits events.
 */
import pLimit from "p-limit";
import type { Change } from "../engine/plan-types.ts";
import { type ApplicablePlan, assertApplicable } from "./assert-applicable.ts";
import { toChangeError } from "./change-errors.ts";
import { poisonedKeys, requiredKeys } from "./dependencies.ts";
import type { ApplyEvent } from "./events.ts";
import type { ExecContext } from "./exec-context.ts";
import { executeChange } from "./execute.ts";
import { IdContext } from "./ids.ts";
import { type ApplyOptions, resolveOptions } from "./options.ts";
import { groupByPhase } from "./phases.ts";
import type { KeylessWriter } from "./ports.ts";
import type { ApplyResult, ChangeResult } from "./result.ts";

export async function applyPlan(
  plan: ApplicablePlan,
  writer: KeylessWriter,
  opts: ApplyOptions,
): Promise<ApplyResult> {
  assertApplicable(plan);
  const settings = resolveOptions(opts);
  const { clock } = settings.poll;
  const emit = (event: ApplyEvent): void => opts.onEvent?.(event);
  const ids = new IdContext(plan.ids);
  const reprovisioned = new Set<string>();
  const stateBackend = writer.stateBackend
    ? { writer: writer.stateBackend, createdKeys: new Map<string, string>() }
    : undefined;
  const results: ChangeResult[] = new Array(plan.changes.length);
  /** Poisoned key → the change whose failure or skip poisoned it. */
  const poisoned = new Map<string, { address: string; status: "failed" | "skipped" }>();

  const poison = (change: Change, status: "failed" | "skipped"): void => {
    for (const key of poisonedKeys(change)) {
      if (!poisoned.has(key)) poisoned.set(key, { address: change.address, status });
    }
  };

  const runOne = async (change: Change, index: number): Promise<void> => {
    const { address, action } = change;
    const blocker = requiredKeys(change)
      .map((key) => poisoned.get(key))
      .find((b) => b !== undefined);
    if (blocker) {
      const reason = `depends on ${blocker.address} which ${blocker.status === "failed" ? "failed" : "was skipped"}`;
      results[index] = { address, action, status: "skipped", reason };
      poison(change, "skipped");
      emit({ type: "change-skipped", address, reason });
      return;
    }
    emit({ type: "change-start", address, action });
    const startedAt = clock.now();
    const ctx: ExecContext = {
      writer,
      ids,
      poll: settings.poll,
      reprovisioned,
      progress: (message) => emit({ type: "change-progress", address, message }),
      ...(stateBackend && { stateBackend }),
      ...(writer.ci && { ci: writer.ci }),
    };
    try {
      await executeChange(change, ctx);
    } catch (err) {
      const error = toChangeError(err, address);
      results[index] = { address, action, status: "failed", error };
      poison(change, "failed");
      emit({ type: "change-failed", address, action, error });
      return;
    }
    results[index] = { address, action, status: "done" };
    emit({ type: "change-done", address, action, durationMs: clock.now() - startedAt });
  };

  emit({ type: "start", total: plan.changes.length });
  for (const { phase, items } of groupByPhase(plan.changes)) {
    // One bucket setting at a time: S3 answers OperationAborted to concurrent changes of one bucket.
    const bound =
      phase.kind === "assignment"
        ? settings.assignmentConcurrency
        : phase.kind === "state_bucket_setting"
          ? 1
          : settings.otherConcurrency;
    const limit = pLimit(bound);
    await Promise.all(items.map(({ change, index }) => limit(() => runOne(change, index))));
  }

  const summary = { done: 0, failed: 0, skipped: 0 };
  for (const r of results) summary[r.status] += 1;
  emit({ type: "done", summary });
  return { results, created: ids.created(), summary };
}
