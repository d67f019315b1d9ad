/**
 * Domain types of the SSO login machinery. Nothing here knows about the AWS SDK: the OIDC and portal
 * calls come in as ports (ports.ts), time as a clock, files as a home directory, so login, refresh and
 * logout are tested against a stand-in and a fake clock.
 */

/** One `[sso-session NAME]` of `~/.aws/config`: what the token cache and the registration are keyed on. */
export interface SsoSession {
  /** The sso-session name; sha1 of it names the token cache file. */
  name: string;
  /** `sso_start_url` exactly as configured (also the `issuerUrl` of an auth-code registration). */
  startUrl: string;
  /** `sso_region`: where the OIDC and portal endpoints live. */
  region: string;
  /**
   * `sso_registration_scopes` as configured, or undefined when the key is absent. The distinction
   * matters: it is part of the client-registration cache key (`null` vs a list), as in the AWS CLI.
   */
  scopes?: string[] | undefined;
}

/** Authorization code with PKCE (the AWS CLI v2 default) or the device code grant. */
export type LoginFlow = "auth-code" | "device";

/**
 * Wall-clock time as a parameter. Unlike the executor's Clock, `now()` is epoch milliseconds, because
 * token expiry is compared with timestamps that other tools wrote.
 */
export interface SsoClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Waits `ms`; resolves early (without error) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock. Its timer is a normal (ref'd) one on purpose: a sleep is always something the user
 * is waiting on (the pause between device-code polls, the browser step's time limit), and in the
 * shipped CLI nothing else keeps the process alive meanwhile: an unref'd timer let Node exit mid-poll
 * with "unsettled top-level await" (exit 13). Callers that stop waiting early abort the signal, which
 * clears the timer, so no sleep outlives its use.
 */
export const systemSsoClock: SsoClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
    }),
};

/** Where the SSO caches live: `<home>/.aws/sso/cache`, as botocore, the CLI, JS and Go agree. */
export interface SsoCacheLocation {
  /** The user's home directory (injected; the CLI passes `os.homedir()`). */
  home: string;
}
