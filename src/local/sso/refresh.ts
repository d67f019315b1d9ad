/**
 * A valid SSO access token without a browser whenever possible. Same rules as botocore's
 * SSOTokenProvider: within 15 min of expiry (configurable), refresh with the refresh token if the
 * client registration has not expired, rewrite the cache, and keep the old token if the refresh
 * fails but the old one still works. Everything else is a typed "login required" answer, never a crash
 * (a missing or corrupted cache included).
 */
import { KeylessError } from "../../errors/keyless-error.ts";
import type { SsoOidcPort } from "./ports.ts";
import { readTokenCache, writeTokenCache } from "./token-cache.ts";
import { type SsoCacheLocation, type SsoClock, type SsoSession, systemSsoClock } from "./types.ts";

/** botocore's `_REFRESH_WINDOW`. */
export const TOKEN_REFRESH_WINDOW_MS = 15 * 60 * 1000;

export type LoginRequiredReason =
  /** No token cache file for the session. */
  | "missing"
  /** The file exists but cannot be used (bad JSON, no accessToken/expiresAt). */
  | "corrupted"
  /** The cached token was issued for another start URL than the session now names. */
  | "other-start-url"
  /** Expired and not refreshable (no refresh token, or the registration expired). */
  | "expired"
  /** Expired, and the refresh was refused or failed. */
  | "refresh-failed";

export type EnsureTokenResult =
  | {
      kind: "valid";
      accessToken: string;
      /** Epoch ms. */
      expiresAt: number;
      /** The cache was rewritten with a refreshed token. */
      refreshed: boolean;
      /** Set when a refresh was attempted and failed but the old token still works (why, no secrets). */
      refreshProblem?: string | undefined;
      /**
       * Epoch ms until which this token can be refreshed without a browser: the client registration's
       * expiry, when a refresh token and client are cached (and no refresh just failed); undefined
       * when it cannot be refreshed. The refresh token's own end (the Identity Center session) is not
       * known to any client: CreateToken does not return it.
       */
      refreshableUntil?: number | undefined;
    }
  | { kind: "login-required"; reason: LoginRequiredReason; message: string; cachePath: string };

export interface EnsureTokenOptions {
  session: SsoSession;
  oidc: SsoOidcPort;
  cache: SsoCacheLocation;
  clock?: SsoClock | undefined;
  /** Refresh when less than this remains. Default 15 min. */
  refreshWindowMs?: number | undefined;
}

export async function ensureValidToken(opts: EnsureTokenOptions): Promise<EnsureTokenResult> {
  const { session, oidc, cache } = opts;
  const clock = opts.clock ?? systemSsoClock;
  const window = opts.refreshWindowMs ?? TOKEN_REFRESH_WINDOW_MS;
  const read = await readTokenCache(cache, session.name);
  const required = (reason: LoginRequiredReason, message: string): EnsureTokenResult => ({
    kind: "login-required",
    reason,
    message,
    cachePath: read.path,
  });
  if (read.kind === "missing")
    return required("missing", `No SSO token is cached for session "${session.name}".`);
  if (read.kind === "corrupted") {
    return required(
      "corrupted",
      `The SSO token cache ${read.path} ${read.problem}; it will be replaced by the next login.`,
    );
  }
  const token = read.token;
  if (token.startUrl && token.startUrl !== session.startUrl) {
    return required(
      "other-start-url",
      `The cached SSO token of session "${session.name}" is for ${token.startUrl}, not ${session.startUrl}.`,
    );
  }
  const now = clock.now();
  const stillValid = token.expiresAt > now;
  const { refreshToken, clientId, clientSecret, registrationExpiresAt } = token;
  const canRefresh = Boolean(refreshToken && clientId && clientSecret) && registrationExpiresAt !== undefined;
  if (token.expiresAt - now >= window) {
    return {
      kind: "valid",
      accessToken: token.accessToken,
      expiresAt: token.expiresAt,
      refreshed: false,
      refreshableUntil:
        canRefresh && (registrationExpiresAt as number) > now ? registrationExpiresAt : undefined,
    };
  }
  const keep = (problem: string): EnsureTokenResult =>
    stillValid
      ? {
          kind: "valid",
          accessToken: token.accessToken,
          expiresAt: token.expiresAt,
          refreshed: false,
          refreshProblem: problem,
        }
      : required(
          problem.startsWith("refresh") ? "refresh-failed" : "expired",
          `The SSO session "${session.name}" has expired (${problem}).`,
        );

  if (!refreshToken || !clientId || !clientSecret || registrationExpiresAt === undefined) {
    return keep("no refresh token is cached");
  }
  if (registrationExpiresAt <= now) return keep("the client registration has expired");

  let result: Awaited<ReturnType<SsoOidcPort["createToken"]>>;
  try {
    result = await oidc.createToken({ grantType: "refresh_token", clientId, clientSecret, refreshToken });
  } catch (err) {
    return keep(
      `refresh failed: ${err instanceof KeylessError || err instanceof Error ? err.message : "error"}`,
    );
  }
  if (result.kind !== "token") return keep(`refresh was refused (${result.kind})`);
  const issued = result.token;
  const expiresAt = clock.now() + issued.expiresIn * 1000;
  await writeTokenCache(cache, session.name, {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: issued.accessToken,
    expiresAt,
    clientId,
    clientSecret,
    registrationExpiresAt,
    // As botocore: only what CreateToken returned (a rotated refresh token replaces the old one).
    refreshToken: issued.refreshToken,
  });
  return {
    kind: "valid",
    accessToken: issued.accessToken,
    expiresAt,
    refreshed: true,
    refreshableUntil: issued.refreshToken ? registrationExpiresAt : undefined,
  };
}

/** The KeylessError a command shows for a "login required" answer. */
export function loginRequiredError(
  result: Extract<EnsureTokenResult, { kind: "login-required" }>,
  session: SsoSession,
): KeylessError {
  return new KeylessError("NO_CREDENTIALS", result.message, {
    hint: `Run \`keyless login\` to sign in to SSO session "${session.name}" again.`,
  });
}
