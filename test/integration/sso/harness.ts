/**
 * Shared set-up of the SSO integration tests: the stand-in, the SDK pointed at it through
 * AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL_SSO (as a user's environment would), a throw-away home
 * directory, and clocks that never wait on real time. The sign-in itself (what the user does with a
 * device code or an authorize URL) is in test/helpers/sso-sign-in.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SsoClock, SsoSession } from "../../../src/local/sso/types.ts";
import { SSO_REGION, START_URL } from "../../helpers/sso-sign-in.ts";
import { type SsoStandin, type SsoStandinOptions, startSsoStandin } from "../../standins/sso-standin.ts";

export const REGION = SSO_REGION;

/** Epoch-ms clock whose sleep advances time at once. */
export interface FakeClock extends SsoClock {
  advance(ms: number): void;
}
export function fakeClock(start = Date.UTC(2025, 0, 15, 9, 0, 0)): FakeClock {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
    advance(ms) {
      t += ms;
    },
  };
}

/** Epoch-ms clock whose sleeps never end by themselves (only by abort): no timeout ever fires. */
export function pausedClock(start = Date.UTC(2025, 0, 15, 9, 0, 0)): SsoClock {
  return {
    now: () => start,
    sleep: (_ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) resolve();
        signal?.addEventListener("abort", () => resolve(), { once: true });
      }),
  };
}

export function session(name = "my-sso"): SsoSession {
  return {
    name,
    startUrl: START_URL,
    region: REGION,
    scopes: ["sso:account:access"],
  };
}

export interface SsoTestEnv {
  standin: SsoStandin;
  home: string;
  cache: { home: string };
  cleanup(): Promise<void>;
}

const SDK_ENV = [
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_SSO",
  "AWS_ENDPOINT_URL_SSO_OIDC",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_PROFILE",
];

/** Starts a stand-in, points the SDK at it and isolates the SDK from the machine's ~/.aws. */
export async function startSsoTestEnv(opts: SsoStandinOptions = {}): Promise<SsoTestEnv> {
  const standin = await startSsoStandin(opts);
  const home = mkdtempSync(join(tmpdir(), "keyless-sso-it-"));
  const saved = Object.fromEntries(SDK_ENV.map((k) => [k, process.env[k]]));
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SSO: standin.endpoint,
    AWS_ENDPOINT_URL_SSO_OIDC: standin.endpoint,
    AWS_CONFIG_FILE: join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  return {
    standin,
    home,
    cache: { home },
    async cleanup() {
      await standin.stop();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
