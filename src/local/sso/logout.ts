/**
 * `keyless logout`: sign the cached token out at the portal (so it cannot be used again, from this
 * machine or a copy of the file), then delete this session's token cache file. The client
 * registration is kept (it holds no user authority and the AWS CLI shares it); other sessions'
 * files are never touched.
 */
import type { SsoPortalPort } from "./ports.ts";
import { deleteTokenCache, readTokenCache } from "./token-cache.ts";
import type { SsoCacheLocation, SsoSession } from "./types.ts";

export interface LogoutResult {
  /** The portal confirmed the sign-out ("unauthorized": the token was already invalid). */
  portal: "signed-out" | "already-invalid" | "no-token" | "failed";
  /** Why the portal call failed (no secrets), when `portal` is "failed". */
  problem?: string | undefined;
  /** A token cache file existed and was deleted. */
  deletedCacheFile: boolean;
}

export async function logout(opts: {
  session: SsoSession;
  portal: SsoPortalPort;
  cache: SsoCacheLocation;
}): Promise<LogoutResult> {
  const read = await readTokenCache(opts.cache, opts.session.name);
  let portal: LogoutResult["portal"] = "no-token";
  let problem: string | undefined;
  if (read.kind === "ok") {
    try {
      portal = (await opts.portal.logout(read.token.accessToken)) === "ok" ? "signed-out" : "already-invalid";
    } catch (err) {
      // The local copy is still removed: logging out must not leave the token on disk.
      portal = "failed";
      problem = err instanceof Error ? err.message : String(err);
    }
  }
  const deletedCacheFile = await deleteTokenCache(opts.cache, opts.session.name);
  return { portal, problem, deletedCacheFile };
}
