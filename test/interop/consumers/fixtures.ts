/**
 * Throw-away AWS homes for interop tests: a temp HOME with ~/.aws/, AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE inside it, plus writers for the files the consumers read. The SSO token
 * cache writer follows botocore's format exactly (docs aws-facts §1), so a consumer accepting it
 * proves nothing about keyless: keyless tests must use keyless's own files.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface AwsSandbox {
  dir: string;
  home: string;
  configFile: string;
  credentialsFile: string;
  /** HOME, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE pointing into the sandbox. */
  env: Record<string, string>;
  cleanup(): void;
}

export function makeAwsSandbox(): AwsSandbox {
  const dir = mkdtempSync(join(tmpdir(), "keyless-interop-"));
  const home = join(dir, "home");
  mkdirSync(join(home, ".aws"), { recursive: true, mode: 0o700 });
  const configFile = join(home, ".aws", "config");
  const credentialsFile = join(home, ".aws", "credentials");
  writeFileSync(configFile, "", { mode: 0o600 });
  writeFileSync(credentialsFile, "", { mode: 0o600 });
  return {
    dir,
    home,
    configFile,
    credentialsFile,
    env: { HOME: home, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface StaticProfile {
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** The simplest profile every consumer accepts: keys in the credentials file, region in config. */
export function writeStaticProfile(sandbox: AwsSandbox, p: StaticProfile): void {
  writeFileSync(sandbox.configFile, `[profile ${p.name}]\nregion = ${p.region}\noutput = json\n`, {
    flag: "a",
  });
  writeFileSync(
    sandbox.credentialsFile,
    `[${p.name}]\naws_access_key_id = ${p.accessKeyId}\naws_secret_access_key = ${p.secretAccessKey}\n`,
    { flag: "a" },
  );
}

/** `~/.aws/sso/cache/<lowercase hex sha1(session name)>.json` (aws-facts §1). */
export function ssoTokenCachePath(home: string, sessionName: string): string {
  const key = createHash("sha1").update(sessionName, "utf8").digest("hex");
  return join(home, ".aws", "sso", "cache", `${key}.json`);
}

/** botocore/CLI timestamp: `%Y-%m-%dT%H:%M:%SZ`, UTC, no fraction. */
export function botocoreTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export interface SsoCachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: Date;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: Date;
  refreshToken?: string;
}

/** Writes the token file as botocore does (field order, timestamps, mode 0600 in a 0700 folder). */
export function writeSsoTokenCache(home: string, sessionName: string, t: SsoCachedToken): string {
  const path = ssoTokenCachePath(home, sessionName);
  mkdirSync(join(home, ".aws", "sso", "cache"), { recursive: true, mode: 0o700 });
  const body: Record<string, string> = {
    startUrl: t.startUrl,
    region: t.region,
    accessToken: t.accessToken,
    expiresAt: botocoreTime(t.expiresAt),
  };
  if (t.clientId !== undefined) body.clientId = t.clientId;
  if (t.clientSecret !== undefined) body.clientSecret = t.clientSecret;
  if (t.registrationExpiresAt !== undefined)
    body.registrationExpiresAt = botocoreTime(t.registrationExpiresAt);
  if (t.refreshToken !== undefined) body.refreshToken = t.refreshToken;
  writeFileSync(path, JSON.stringify(body), { mode: 0o600 });
  return path;
}

export interface SsoProfile {
  profile: string;
  session: string;
  startUrl: string;
  ssoRegion: string;
  accountId: string;
  roleName: string;
  region: string;
}

/** `[sso-session]` + `[profile]` in the token-provider form `aws configure sso` writes (aws-facts §4). */
export function writeSsoProfile(sandbox: AwsSandbox, p: SsoProfile): void {
  const text =
    `[profile ${p.profile}]\n` +
    `sso_session = ${p.session}\n` +
    `sso_account_id = ${p.accountId}\n` +
    `sso_role_name = ${p.roleName}\n` +
    `region = ${p.region}\n` +
    "output = json\n" +
    `[sso-session ${p.session}]\n` +
    `sso_start_url = ${p.startUrl}\n` +
    `sso_region = ${p.ssoRegion}\n` +
    "sso_registration_scopes = sso:account:access\n";
  writeFileSync(sandbox.configFile, text, { flag: "a" });
}
