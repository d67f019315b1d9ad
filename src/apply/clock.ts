/**
 * Time as a parameter: the executor reads the time and waits only through a Clock, so polling and
 * backoff are tested with a fake clock that advances instantly (never sleep on the real clock in tests).
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences are used. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock, for the CLI. Uses the global setTimeout so tests can detect any real wait. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
