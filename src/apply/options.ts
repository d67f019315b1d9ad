/**
 * Executor options and their defaults. The defaults follow AWS's guidance for Identity Center:
 * at most about 10 outstanding assignment operations, polling with backoff (there are no waiters).
 */
import type { Clock } from "./clock.ts";
import type { ApplyEventListener } from "./events.ts";

export interface ApplyOptions {
  clock: Clock;
  /** Max outstanding assignment operations (start + poll until finished). Default 10. */
  concurrency?: number;
  /** First wait between status polls; doubles per poll up to 10 s (or this value if larger). Default 2000. */
  pollIntervalMs?: number;
  /** Give up waiting for one asynchronous operation after this long. Default 15 min. */
  pollTimeoutMs?: number;
  /** Receives every ApplyEvent, synchronously. Must not throw. */
  onEvent?: ApplyEventListener;
}

export const DEFAULT_CONCURRENCY = 10;
/** Bound for non-assignment phases (identity store and permission set writes), capped by `concurrency`. */
export const OTHER_CONCURRENCY = 5;
export const DEFAULT_POLL_INTERVAL_MS = 2000;
export const MAX_POLL_INTERVAL_MS = 10_000;
export const DEFAULT_POLL_TIMEOUT_MS = 15 * 60 * 1000;

export interface PollSettings {
  clock: Clock;
  intervalMs: number;
  maxIntervalMs: number;
  timeoutMs: number;
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
    },
  };
}
