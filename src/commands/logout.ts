/**
 * `keyless logout`: sign the session's token out at the SSO portal and delete its token cache file.
 * The file is deleted even when the portal cannot be reached; then the exit code is 1, because the
 * server-side session may still be valid until it expires.
 */
import { createSsoPorts, homeDir, loadAwsConfig, resolveSessionTarget } from "../app/developer-session.ts";
import type { CliIO } from "../cli/io.ts";
import { EXIT } from "../errors/keyless-error.ts";
import { logout } from "../local/sso/index.ts";

export interface LogoutOptions {
  profile?: string | undefined;
  session?: string | undefined;
  json?: boolean | undefined;
}

const PORTAL_TEXT = {
  "signed-out": "signed out at the portal",
  "already-invalid": "the token was already invalid at the portal",
  "no-token": "no token was cached",
  failed: "the portal could not be reached",
} as const;

export async function runLogout(opts: LogoutOptions, io: CliIO): Promise<number> {
  const { model } = await loadAwsConfig(io);
  const { session } = resolveSessionTarget(model, opts, io.env);
  const ports = await createSsoPorts(session.region);
  try {
    const result = await logout({ session, portal: ports.portal, cache: { home: homeDir(io) } });
    const exit = result.portal === "failed" ? EXIT.ERROR : EXIT.OK;
    if (opts.json) {
      io.out(
        `${JSON.stringify({ session: session.name, portal: result.portal, deletedCacheFile: result.deletedCacheFile })}\n`,
      );
      return exit;
    }
    io.out(
      `sso-session ${session.name}: ${PORTAL_TEXT[result.portal]}; ${result.deletedCacheFile ? "token cache deleted" : "no token cache file to delete"}.\n`,
    );
    if (result.portal === "failed") {
      io.err(
        `Warning: ${result.problem ?? "the portal call failed"}. The local token is gone, but the session may stay valid at the portal until it expires.\n`,
      );
    }
    return exit;
  } finally {
    ports.destroy();
  }
}
