/**
 * `keyless login`: a valid SSO token for one sso-session, written to the cache every AWS SDK and the
 * AWS CLI read. The cached token is reused while it is valid; within its last 15 minutes (or once
 * expired) it is refreshed with the refresh token, without a browser; only when that is impossible
 * does the browser (or device code) flow run.
 */
import { createSsoPorts, homeDir, loadAwsConfig, resolveSessionTarget } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT } from "../errors/keyless-error.ts";
import { signIn } from "./developer/sign-in.ts";
import { formatRemaining } from "./developer/time.ts";

export interface LoginOptions {
  profile?: string | undefined;
  session?: string | undefined;
  useDeviceCode?: boolean | undefined;
  /** false with --no-browser. */
  browser?: boolean | undefined;
  /** Sign in again even if the cached token is valid. */
  force?: boolean | undefined;
  json?: boolean | undefined;
}

export async function runLogin(opts: LoginOptions, io: CliIO): Promise<number> {
  const { model } = await loadAwsConfig(io);
  const { session, via } = resolveSessionTarget(model, opts, io.env);
  const ports = await createSsoPorts(session.region);
  try {
    const result = await signIn(session, ports, io, homeDir(io), {
      useDeviceCode: opts.useDeviceCode,
      noBrowser: opts.browser === false,
      force: opts.force,
    });
    const left = result.token.expiresAt - Date.now();
    if (opts.json) {
      io.out(
        `${JSON.stringify({
          session: session.name,
          startUrl: session.startUrl,
          result: result.how,
          expiresAt: new Date(result.token.expiresAt).toISOString(),
          secondsLeft: Math.max(0, Math.floor(left / 1000)),
        })}\n`,
      );
      return EXIT.OK;
    }
    const what =
      result.how === "reused"
        ? "Already signed in to"
        : result.how === "refreshed"
          ? "Refreshed the SSO token of"
          : "Signed in to";
    io.out(
      `${what} sso-session ${session.name} (${via}); the SSO token is valid for ${formatRemaining(left)}.\n`,
    );
    if (result.replacedCorruptedCache) io.out("The corrupted token cache file was replaced.\n");
    return EXIT.OK;
  } finally {
    ports.destroy();
  }
}
