/**
 * `keyless login` as a library call: pick the flow, get a client registration, run the flow, and
 * write the token cache that every AWS SDK reads. Always prints the URL (and the device code), opens
 * a browser only when allowed, and never prints a token, code or secret.
 */
import { type BrowserEnvironment, chooseLoginFlow } from "./browser.ts";
import { AUTH_CODE_TIMEOUT_MS, runAuthCodeFlow } from "./login-auth-code.ts";
import { runDeviceFlow } from "./login-device.ts";
import type { IssuedToken, SsoOidcPort } from "./ports.ts";
import { obtainRegistration } from "./registration.ts";
import { type CachedToken, readTokenCache, writeTokenCache } from "./token-cache.ts";
import {
  type LoginFlow,
  type SsoCacheLocation,
  type SsoClock,
  type SsoSession,
  systemSsoClock,
} from "./types.ts";

export interface LoginOptions {
  session: SsoSession;
  /** "auto" (default): auth-code unless no local browser can be shown (SSH, no display), then device. */
  flow?: LoginFlow | "auto" | undefined;
  oidc: SsoOidcPort;
  cache: SsoCacheLocation;
  /** One line of user-facing text (the CLI sends it to stderr). */
  print: (line: string) => void;
  /** Opens `url` in a browser; false (or a rejection) when it could not. Not called with `noBrowser`. */
  openBrowser: (url: string) => Promise<boolean>;
  /** Only print the URL, never open a browser. */
  noBrowser?: boolean | undefined;
  clock?: SsoClock | undefined;
  /** For the "auto" flow choice; defaults to this process's environment and platform. */
  browserEnvironment?: BrowserEnvironment | undefined;
  /** Overall limit of the browser step of the auth-code flow. Default 10 min. */
  timeoutMs?: number | undefined;
}

export interface LoginResult {
  flow: LoginFlow;
  /** Epoch ms when the new access token expires. */
  expiresAt: number;
  /** The token cache file written. */
  cachePath: string;
  /** Whether the cached client registration was reused (no RegisterClient call). */
  registrationReused: boolean;
  /** A corrupted token cache file was found and has been replaced. */
  replacedCorruptedCache: boolean;
}

function resolveFlow(opts: LoginOptions): LoginFlow {
  if (opts.flow === "auth-code" || opts.flow === "device") return opts.flow;
  return chooseLoginFlow(false, opts.browserEnvironment ?? { env: process.env, platform: process.platform });
}

/** Prints the way in and, unless `noBrowser`, tries to open it, reporting (not failing) if that fails. */
function showAndOpen(opts: LoginOptions, url: string, lines: string[]): void {
  if (!opts.noBrowser) opts.print("Attempting to open the sign-in page in your default browser.");
  for (const line of lines) opts.print(line);
  if (opts.noBrowser) return;
  const failed = () => opts.print("Could not open a browser automatically; open the URL above yourself.");
  opts.openBrowser(url).then((ok) => {
    if (!ok) failed();
  }, failed);
}

export async function login(opts: LoginOptions): Promise<LoginResult> {
  const clock = opts.clock ?? systemSsoClock;
  const { session, oidc, cache } = opts;
  const flow = resolveFlow(opts);
  const previous = await readTokenCache(cache, session.name);
  const { registration, reused } = await obtainRegistration({ session, flow, oidc, cache, clock });

  let issued: IssuedToken;
  if (flow === "auth-code") {
    issued = await runAuthCodeFlow({
      oidc,
      registration,
      scopes: session.scopes,
      clock,
      timeoutMs: opts.timeoutMs ?? AUTH_CODE_TIMEOUT_MS,
      prompt: (url) =>
        showAndOpen(opts, url, [
          "If the browser does not open, open the following URL in a browser on this machine:",
          "",
          url,
          "",
        ]),
    });
  } else {
    issued = await runDeviceFlow({
      oidc,
      registration,
      startUrl: session.startUrl,
      clock,
      prompt: (p) =>
        showAndOpen(opts, p.verificationUriComplete, [
          "If the browser does not open or you wish to use a different device to authorize this request, open the following URL:",
          "",
          p.verificationUriComplete,
          "",
          "Then check that the page shows this code:",
          "",
          p.userCode,
          "",
        ]),
    });
  }

  const token: CachedToken = {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: issued.accessToken,
    expiresAt: clock.now() + issued.expiresIn * 1000,
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    registrationExpiresAt: registration.expiresAt,
    refreshToken: issued.refreshToken,
  };
  const cachePath = await writeTokenCache(cache, session.name, token);
  return {
    flow,
    expiresAt: token.expiresAt,
    cachePath,
    registrationReused: reused,
    replacedCorruptedCache: previous.kind === "corrupted",
  };
}
