/**
 * Executor options and their defaults. The defaults follow AWS's guidance for Identity Center:
 * at most about 10 outstanding assignment operations (aws-facts.md §8), polling with backoff (there
 * are no waiters).
 *
 * The poll schedule: first poll after 0.5 s, each wait 1.5 × the last, at most 5 s (0.5, 0.75, 1.1,
 * 1.7, 2.5, 3.8, 5, 5 ... s; polled at 0.5, 1.25, 2.4, 4.1, 6.6, 10.4, 15.4 s ...). AWS publishes no
 * duration for assignment creation or provisioning; practitioners see seconds (a few when the role
 * exists in the account, more when it must be created), and Terraform's provider first polls after
 * 5 s, then at least every 3 s. An operation holds one of the ~10 slots until keyless SEES it finish,
 * so the poll interval is added to every operation's time: the schedule finds an operation of 1-3 s
 * within 1 s of its end, one of any length within half of its duration (the ×1.5 growth), and still
 * spends at most one request per 5 s on a long one. The old schedule (2 s doubling to 10 s) held each
 * slot 6 s for an operation that took one poll. Once a few operations of a kind have ended, the first
 * wait is how long they took (operation-times.ts), then the schedule above starts again.
 */
import type { Clock } from "./clock.ts";
import type { ApplyEventListener } from "./events.ts";
import { OperationTimes } from "./operation-times.ts";

export interface ApplyOptions {
  clock: Clock;
  /** Max outstanding assignment operations (start + poll until finished). Default 10. */
  concurrency?: number;
  /** First wait between status polls; grows ×1.5 per poll up to 5 s (or this value if larger). Default 500. */
  pollIntervalMs?: number;
  /** Give up waiting for one asynchronous operation after this long. Default 15 min. */
  pollTimeoutMs?: number;
  /** Receives every ApplyEvent, synchronously. Must not throw. */
  onEvent?: ApplyEventListener;
}

export const DEFAULT_CONCURRENCY = 10;
/** Bound for non-assignment phases (identity store and permission set writes), capped by `concurrency`. */
export const OTHER_CONCURRENCY = 5;
export const DEFAULT_POLL_INTERVAL_MS = 500;
/** Each wait between polls of one operation is this many times the previous one. */
export const POLL_GROWTH = 1.5;
export const MAX_POLL_INTERVAL_MS = 5000;
export const DEFAULT_POLL_TIMEOUT_MS = 15 * 60 * 1000;

export interface PollSettings {
  clock: Clock;
  intervalMs: number;
  maxIntervalMs: number;
  timeoutMs: number;
  /** How long each kind of operation has been taking in this apply (one per apply). */
  times: OperationTimes;
}

export interface ResolvedOptions {
  assignmentConcurrency: number;
  otherConcurrency: number;
  poll: PollSettings;
}

export function resolveOptions(opts: ApplyOptions): ResolvedOptions {
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_CONCURRENCY));
  const intervalMs = Math.max(0, opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  return {
    assignmentConcurrency: concurrency,
    otherConcurrency: Math.min(OTHER_CONCURRENCY, concurrency),
    poll: {
      clock: opts.clock,
      intervalMs,
      maxIntervalMs: Math.max(MAX_POLL_INTERVAL_MS, intervalMs),
      timeoutMs: Math.max(0, opts.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS),
      times: new OperationTimes(),
    },
  };
}
