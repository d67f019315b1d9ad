/**
 * The OIDC client-registration cache, shared with the AWS CLI v2: same file name (sha1 of Python's
 * `json.dumps(args, sort_keys=True)`, `awscli/botocore/utils.py` `_registration_cache_key`), same
 * content, same reuse rules. Sharing it means keyless and `aws sso login` do not pile up
 * registrations for one sso-session.
 */
import { join } from "node:path";
import { readJsonObject, writeFileAtomic } from "./cache-files.ts";
import { pythonJsonDumps } from "./python-json.ts";
import { formatCacheTimestamp, parseCacheTimestamp } from "./timestamps.ts";
import { sha1Hex, ssoCacheDir } from "./token-cache.ts";
import type { LoginFlow, SsoCacheLocation, SsoSession } from "./types.ts";

/** A registration is not reused within this long of its expiry (the CLI's `_EXPIRY_WINDOW`). */
export const REGISTRATION_EXPIRY_WINDOW_MS = 15 * 60 * 1000;

export interface CachedRegistration {
  clientId: string;
  clientSecret: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  scopes?: string[] | undefined;
  /** Written for auth-code registrations only; its absence means a device-code registration. */
  grantTypes?: string[] | undefined;
}

export type RegistrationCacheRead =
  | { kind: "ok"; registration: CachedRegistration; path: string }
  | { kind: "missing"; path: string }
  | { kind: "corrupted"; path: string; problem: string };

/** The exact string botocore hashes: `{"region": ..., "scopes": ..., "session_name": ..., "startUrl": ..., "tool": "botocore"}`. */
export function registrationCacheKeySource(session: SsoSession): string {
  return pythonJsonDumps(
    {
      tool: "botocore",
      startUrl: session.startUrl,
      region: session.region,
      scopes: session.scopes ?? null,
      session_name: session.name,
    },
    { sortKeys: true },
  );
}

export function registrationCacheFileName(session: SsoSession): string {
  return `${sha1Hex(registrationCacheKeySource(session))}.json`;
}

export function registrationCachePath(loc: SsoCacheLocation, session: SsoSession): string {
  return join(ssoCacheDir(loc), registrationCacheFileName(session));
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((s) => typeof s === "string") ? (v as string[]) : undefined;
}

export async function readRegistrationCache(
  loc: SsoCacheLocation,
  session: SsoSession,
): Promise<RegistrationCacheRead> {
  const path = registrationCachePath(loc, session);
  const read = await readJsonObject(path);
  if (read.kind !== "ok") return { ...read, path };
  const v = read.value;
  const expiresAt = parseCacheTimestamp(v.expiresAt);
  if (typeof v.clientId !== "string" || typeof v.clientSecret !== "string" || expiresAt === undefined) {
    return { kind: "corrupted", path, problem: "lacks clientId, clientSecret or a valid expiresAt" };
  }
  return {
    kind: "ok",
    path,
    registration: {
      clientId: v.clientId,
      clientSecret: v.clientSecret,
      expiresAt,
      scopes: stringList(v.scopes),
      grantTypes: stringList(v.grantTypes),
    },
  };
}

/** The file's text as the CLI writes it: clientId, clientSecret, expiresAt, then scopes / grantTypes. */
export function registrationToJson(reg: CachedRegistration): string {
  return pythonJsonDumps({
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    expiresAt: formatCacheTimestamp(reg.expiresAt),
    scopes: reg.scopes,
    grantTypes: reg.grantTypes,
  });
}

export async function writeRegistrationCache(
  loc: SsoCacheLocation,
  session: SsoSession,
  reg: CachedRegistration,
): Promise<void> {
  await writeFileAtomic(registrationCachePath(loc, session), registrationToJson(reg));
}

/** `_is_registration_for_auth_code`: only a registration listing `authorization_code` serves that flow. */
export function registrationFlow(reg: CachedRegistration): LoginFlow {
  return reg.grantTypes?.includes("authorization_code") ? "auth-code" : "device";
}

/** Reuse only if at least 15 min remain and the registration was made for this flow. */
export function isRegistrationReusable(reg: CachedRegistration, flow: LoginFlow, nowMs: number): boolean {
  return reg.expiresAt - nowMs >= REGISTRATION_EXPIRY_WINDOW_MS && registrationFlow(reg) === flow;
}
