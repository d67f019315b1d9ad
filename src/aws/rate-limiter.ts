/**
 * A global requests-per-second token bucket shared by every AWS client of one run. Identity Center
 * has no published per-API TPS (users report about 20 TPS collectively, aws-facts.md §8), so keyless
 * paces itself instead of relying only on throttling retries. Clock and sleep are injected so tests
 * never sleep on the real clock.
 */
export interface RateLimiterOptions {
  requestsPerSecond: number;
  /** Tokens available at once; defaults to requestsPerSecond (one second of burst). */
  burst?: number;
  /** Milliseconds, monotonic. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  take(): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reservation-style bucket: each caller takes a token at once (the balance may go negative) and
 * waits for the debt it created to be repaid. Concurrent callers therefore queue fairly without a
 * loop or a lock.
 */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const rate = opts.requestsPerSecond;
  if (!(rate > 0)) throw new Error(`requestsPerSecond must be > 0, got ${rate}`);
  const capacity = Math.max(1, opts.burst ?? rate);
  const now = opts.now ?? (() => performance.now());
  const sleep = opts.sleep ?? realSleep;
  let tokens = capacity;
  let last = now();
  return {
    async take() {
      const t = now();
      tokens = Math.min(capacity, tokens + ((t - last) / 1000) * rate);
      last = t;
      tokens -= 1;
      if (tokens < 0) await sleep((-tokens / rate) * 1000);
    },
  };
}
