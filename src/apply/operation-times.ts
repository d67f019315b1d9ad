/**
 * How long each kind of asynchronous operation has been taking in this apply, so the first poll of the
 * next one waits about that long instead of polling early and often. Operations of one kind take
 * similar times on AWS (a few seconds for an assignment), and 1,000 of them through 10 slots make the
 * difference: polled on the plain schedule (options.ts), an operation of 3 s is seen done at 4.1 s with
 * 4 polls; polled first at the learned time, at about 3.4 s with 2.
 *
 * What is learned is a LOWER bound: the elapsed time of the last poll that still answered IN_PROGRESS
 * (0 when the first poll already saw the end). Waiting that long first can never skip past the end by
 * more than the plain schedule would after it, and it cannot creep upwards (an estimate from the time
 * the end was seen would: each late sighting would make the next first poll later still).
 */

/** Observations kept per kind; the median of these is used. */
const WINDOW = 15;
/** Observations needed before the first wait changes. */
const MIN_OBSERVATIONS = 3;

export class OperationTimes {
  private readonly seen = new Map<string, number[]>();

  /** An operation of `kind` was last seen IN_PROGRESS `lastInProgressMs` after it started, then ended. */
  record(kind: string, lastInProgressMs: number): void {
    const list = this.seen.get(kind) ?? [];
    list.push(Math.max(0, lastInProgressMs));
    if (list.length > WINDOW) list.shift();
    this.seen.set(kind, list);
  }

  /** The first wait before polling a new operation of `kind`: at least `plainMs`, at most `maxMs`. */
  firstWait(kind: string, plainMs: number, maxMs: number): number {
    const list = this.seen.get(kind) ?? [];
    if (list.length < MIN_OBSERVATIONS) return plainMs;
    const sorted = [...list].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    return Math.min(maxMs, Math.max(plainMs, median));
  }
}
