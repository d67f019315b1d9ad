/**
 * The request budget shared by every AWS client of one run. Identity Center has no published per-API
 * TPS (users report about 20 TPS collectively, aws-facts.md §8), so keyless paces itself instead of
 * relying on throttling retries:
 *
 * - **No burst above the quota.** The bucket starts empty and holds at most `burst` tokens (default 1),
 *   so no window of T seconds ever holds more than `requestsPerSecond × T` requests (+ burst - 1), the
 *   first second of a run included. A bucket that starts full lets `burst + rate` requests through in
 *   the first second: twice the quota at the old default (burst = rate).
 * - **Adapts to throttling (AIMD).** A ThrottlingException means the real quota is lower than ours
 *   (or shared with someone else): the pace is halved, at most once per `cooldownMs` (the requests in
 *   flight when AWS starts throttling are one congestion event, not many), never below
 *   `minRequestsPerSecond`. Then it recovers slowly and linearly: `recoveryPerSecond` requests/s for
 *   every second without throttling (default 5 % of the configured rate, so half → full in 10 s), up to
 *   the configured rate. Halving and a slow linear climb is TCP's congestion control; a fast climb would
 *   hit the limit again at once and turn every throttle into several retries.
 *
 * Clock and sleep are injected so tests never sleep on the real clock.
 */
export interface RateLimiterOptions {
  /** The ceiling: the pace with no throttling seen. */
  requestsPerSecond: number;
  /** Tokens that may be saved up while idle; default 1 (pure pacing, no burst). */
  burst?: number;
  /** Slow down on throttling (default true); false keeps a fixed pace. */
  adaptive?: boolean;
  /** The pace never drops below this; default the smaller of 1 and requestsPerSecond. */
  minRequestsPerSecond?: number;
  /** Requests/s regained per second without throttling; default requestsPerSecond / 20. */
  recoveryPerSecond?: number;
  /** Throttles within this long of a slow-down count as the same event; default 1000 ms. */
  cooldownMs?: number;
  /** Milliseconds, monotonic. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  take(): Promise<void>;
  /** AWS answered one attempt with a throttling error. Optional: fixed limiters ignore it. */
  throttled?(): void;
  /** The current pace in requests per second (for --debug and tests). */
  currentRate?(): number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Factor applied to the pace on a throttling answer. */
export const THROTTLE_DECREASE = 0.5;

/**
 * Reservation-style bucket: each caller takes a token at once (the balance may go negative) and
 * waits for the debt it created to be repaid. Concurrent callers therefore queue fairly without a
 * loop or a lock.
 */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const ceiling = opts.requestsPerSecond;
  if (!(ceiling > 0)) throw new Error(`requestsPerSecond must be > 0, got ${ceiling}`);
  const capacity = Math.max(1, opts.burst ?? 1);
  const floor = Math.min(ceiling, opts.minRequestsPerSecond ?? Math.min(1, ceiling));
  const recovery = opts.recoveryPerSecond ?? ceiling / 20;
  const cooldownMs = opts.cooldownMs ?? 1000;
  const adaptive = opts.adaptive ?? true;
  const now = opts.now ?? (() => performance.now());
  const sleep = opts.sleep ?? realSleep;

  let rate = ceiling;
  let tokens = 0;
  let last = now();
  let lastDecrease = Number.NEGATIVE_INFINITY;

  /** Brings the pace (recovery) and the balance (refill) up to time `t`. */
  function advance(t: number): void {
    const elapsed = Math.max(0, t - last);
    if (rate < ceiling) rate = Math.min(ceiling, rate + (recovery * elapsed) / 1000);
    tokens = Math.min(capacity, tokens + (elapsed / 1000) * rate);
    last = Math.max(last, t);
  }

  return {
    async take() {
      advance(now());
      tokens -= 1;
      if (tokens < 0) await sleep((-tokens / rate) * 1000);
    },
    throttled() {
      if (!adaptive) return;
      const t = now();
      advance(t);
      if (t - lastDecrease < cooldownMs) return;
      lastDecrease = t;
      rate = Math.max(floor, rate * THROTTLE_DECREASE);
      // Whatever was saved up was evidently too much.
      tokens = Math.min(tokens, 0);
    },
    currentRate: () => rate,
  };
}
