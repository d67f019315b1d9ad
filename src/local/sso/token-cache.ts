/**
 * The SSO token cache file, `~/.aws/sso/cache/<sha1(session name)>.json`, in exactly the shape the
 * AWS CLI and botocore write (field order, `%Y-%m-%dT%H:%M:%SZ` timestamps, Python's JSON spacing), so
 * botocore, the AWS CLI, the JS and Go SDKs, and therefore Terraform, use a keyless login as their own.
 * Reading is lenient (extra fields, any ISO timestamp); an unusable file is a "corrupted" value, never
 * an exception, and the next login simply replaces it.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { deleteFile, readJsonObject, writeFileAtomic } from "./cache-files.ts";
import { pythonJsonDumps } from "./python-json.ts";
import { formatCacheTimestamp, parseCacheTimestamp } from "./timestamps.ts";
import type { SsoCacheLocation } from "./types.ts";

/** A cached SSO access token. Times are epoch milliseconds. */
export interface CachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: number;
  /** The client registration that issued it (needed to refresh). */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  registrationExpiresAt?: number | undefined;
  /** Present only when CreateToken returned one. */
  refreshToken?: string | undefined;
}

export type TokenCacheRead =
  | { kind: "ok"; token: CachedToken; path: string }
  | { kind: "missing"; path: string }
  | { kind: "corrupted"; path: string; problem: string };

export function ssoCacheDir(loc: SsoCacheLocation): string {
  return join(loc.home, ".aws", "sso", "cache");
}

export function sha1Hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

/** `<sha1(session name)>.json`: the name every SDK looks up for an sso-session profile. */
export function tokenCacheFileName(sessionName: string): string {
  return `${sha1Hex(sessionName)}.json`;
}

export function tokenCachePath(loc: SsoCacheLocation, sessionName: string): string {
  return join(ssoCacheDir(loc), tokenCacheFileName(sessionName));
}

function optionalString(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Validates a parsed cache object; the error text names fields, never values. */
export function tokenFromJson(value: Record<string, unknown>): CachedToken | { problem: string } {
  // Every reader (botocore, JS, Go) requires these two.
  if (typeof value.accessToken !== "string" || value.accessToken === "") {
    return { problem: "has no accessToken" };
  }
  const expiresAt = parseCacheTimestamp(value.expiresAt);
  if (expiresAt === undefined) return { problem: "has no valid expiresAt timestamp" };
  return {
    startUrl: typeof value.startUrl === "string" ? value.startUrl : "",
    region: typeof value.region === "string" ? value.region : "",
    accessToken: value.accessToken,
    expiresAt,
    clientId: optionalString(value.clientId),
    clientSecret: optionalString(value.clientSecret),
    registrationExpiresAt: parseCacheTimestamp(value.registrationExpiresAt),
    refreshToken: optionalString(value.refreshToken),
  };
}

/** The file's text, field for field what `aws sso login` writes (Python `json.dumps`, insertion order). */
export function tokenToJson(token: CachedToken): string {
  const obj: Record<string, unknown> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: formatCacheTimestamp(token.expiresAt),
    clientId: token.clientId,
    clientSecret: token.clientSecret,
    registrationExpiresAt:
      token.registrationExpiresAt === undefined
        ? undefined
        : formatCacheTimestamp(token.registrationExpiresAt),
  };
  if (token.refreshToken !== undefined) obj.refreshToken = token.refreshToken;
  return pythonJsonDumps(obj);
}

export async function readTokenCache(loc: SsoCacheLocation, sessionName: string): Promise<TokenCacheRead> {
  const path = tokenCachePath(loc, sessionName);
  const read = await readJsonObject(path);
  if (read.kind !== "ok") return { ...read, path };
  const token = tokenFromJson(read.value);
  if ("problem" in token) return { kind: "corrupted", path, problem: token.problem };
  return { kind: "ok", token, path };
}

/** Writes (or replaces, including a corrupted file) the session's token cache atomically, mode 0600. */
export async function writeTokenCache(
  loc: SsoCacheLocation,
  sessionName: string,
  token: CachedToken,
): Promise<string> {
  const path = tokenCachePath(loc, sessionName);
  await writeFileAtomic(path, tokenToJson(token));
  return path;
}

/** Deletes the session's token cache file only; true when it existed. */
export async function deleteTokenCache(loc: SsoCacheLocation, sessionName: string): Promise<boolean> {
  return deleteFile(tokenCachePath(loc, sessionName));
}
