/**
 * "Have a valid SSO token": reuse the cached one, refresh it without a browser (refresh token), and
 * only when neither works run the login flow (browser or device code). Shared by `login` and
 * `configure`. Login text goes to stderr, so stdout stays the command's data.
 */
import { requireToken, type SsoPorts, type ValidToken } from "../../app/developer-session.ts";
import type { CliIO } from "../../cli/io.ts";
import { KeylessError } from "../../errors/keyless-error.ts";
import { ensureValidToken, login, type SsoSession } from "../../local/sso/index.ts";
import { openBrowser } from "./open-browser.ts";

export interface SignInOptions {
  useDeviceCode?: boolean | undefined;
  noBrowser?: boolean | undefined;
  /** Sign in again even when the cached token is valid. */
  force?: boolean | undefined;
}

export interface SignInResult {
  how: "reused" | "refreshed" | "signed-in";
  token: ValidToken;
  /** Set after a login that replaced a corrupted cache file. */
  replacedCorruptedCache?: boolean;
  flow?: "auth-code" | "device";
}

export async function signIn(
  session: SsoSession,
  ports: SsoPorts,
  io: CliIO,
  home: string,
  opts: SignInOptions,
): Promise<SignInResult> {
  const cache = { home };
  if (!opts.force) {
    const current = await ensureValidToken({ session, oidc: ports.oidc, cache });
    if (current.kind === "valid") return { how: current.refreshed ? "refreshed" : "reused", token: current };
    if (current.reason === "corrupted" || current.reason === "refresh-failed") {
      io.err(`${current.message}\n`);
    }
  }
  io.err(`Signing in to ${session.startUrl} (sso-session ${session.name}, region ${session.region}).\n`);
  const result = await login({
    session,
    flow: opts.useDeviceCode ? "device" : "auto",
    oidc: ports.oidc,
    cache,
    print: (line) => io.err(`${line}\n`),
    openBrowser: (url) => openBrowser(url),
    noBrowser: opts.noBrowser,
    browserEnvironment: { env: io.env, platform: process.platform },
  });
  let token: ValidToken;
  try {
    token = await requireToken(session, ports.oidc, home, 0);
  } catch (cause) {
    throw new KeylessError("INTERNAL", `the new SSO token could not be read back from ${result.cachePath}`, {
      cause,
    });
  }
  return {
    how: "signed-in",
    token,
    replacedCorruptedCache: result.replacedCorruptedCache,
    flow: result.flow,
  };
}
