/**
 * Progress of `keyless apply` on stderr, from the executor's events. On a terminal one line that is
 * redrawn in place (cleared before anything else is printed, so it never mixes with the plan's
 * lines); off a terminal (a CI log) a plain line every `intervalMs` and one when apply ends.
 * Nothing under --json: the caller does not create it then.
 */
import type { ApplyEvent } from "../apply/events.ts";
import type { Change, ResourceKind } from "../engine/plan-types.ts";
import { progressLabel, progressText } from "../render/apply-progress.ts";

/** Erase the current terminal line: carriage return, then clear to its end. */
export const CLEAR_LINE = "\r\u001b[K";

export interface ProgressOptions {
  /** Writes to stderr. */
  write(text: string): void;
  /** stderr is a terminal: redraw one line. */
  tty: boolean;
  now(): number;
  /** Off a terminal: at most one line per interval (default 10 s, as Terraform's "Still creating..."). */
  intervalMs?: number;
}

export interface ApplyProgress {
  onEvent(event: ApplyEvent): void;
  /** Called on a timer: redraws the elapsed time, or prints the periodic line off a terminal. */
  tick(): void;
  /** Before anything is written to stdout: take the line off the terminal (the next event redraws it). */
  beforeOut(): void;
}

export function createApplyProgress(changes: readonly Change[], opts: ProgressOptions): ApplyProgress {
  const kindOf = new Map<string, ResourceKind>(changes.map((c) => [c.address, c.kind]));
  const totals = new Map<string, number>();
  for (const c of changes) totals.set(progressLabel(c.kind), (totals.get(progressLabel(c.kind)) ?? 0) + 1);
  const finishedBy = new Map<string, number>();
  const interval = opts.intervalMs ?? 10_000;
  let startedAt: number | undefined;
  let lastLineAt = 0;
  let current: string | undefined;
  let finished = 0;
  let failed = 0;
  let shown = false;
  let ended = false;

  const text = (): string => {
    const label = current ?? "changes";
    return progressText(
      {
        label,
        labelFinished: finishedBy.get(label) ?? 0,
        labelTotal: totals.get(label) ?? changes.length,
        finished,
        total: changes.length,
        failed,
        labels: totals.size,
      },
      opts.now() - (startedAt ?? opts.now()),
    );
  };
  const draw = (): void => {
    if (startedAt === undefined || ended) return;
    if (opts.tty) {
      opts.write(`${CLEAR_LINE}${text()}`);
      shown = true;
    } else if (opts.now() - lastLineAt >= interval) {
      opts.write(`${text()}\n`);
      lastLineAt = opts.now();
    }
  };
  const clear = (): void => {
    if (shown) opts.write(CLEAR_LINE);
    shown = false;
  };
  const finish = (address: string, isFailure: boolean): void => {
    const kind = kindOf.get(address);
    const label = kind ? progressLabel(kind) : undefined;
    if (label) finishedBy.set(label, (finishedBy.get(label) ?? 0) + 1);
    finished++;
    if (isFailure) failed++;
  };

  return {
    onEvent(e) {
      switch (e.type) {
        case "start":
          startedAt = opts.now();
          lastLineAt = startedAt;
          return;
        case "change-start": {
          const kind = kindOf.get(e.address);
          if (kind) current = progressLabel(kind);
          return draw();
        }
        case "change-done":
          finish(e.address, false);
          return draw();
        case "change-failed":
          finish(e.address, true);
          return draw();
        case "change-skipped":
          finish(e.address, false);
          return draw();
        case "change-progress":
          return;
        case "done":
          // The last count stays in a CI log; on a terminal the summary that follows says it.
          if (opts.tty) clear();
          else if (startedAt !== undefined) opts.write(`${text()}\n`);
          ended = true;
          return;
      }
    },
    tick: draw,
    beforeOut: clear,
  };
}
