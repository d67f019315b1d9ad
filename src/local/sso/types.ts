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

/** The real clock. Timers are unref'd so a pending timeout never keeps the CLI alive. */
export const systemSsoClock: SsoClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref?.();
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
