/**
 * The SSO sign-in sequences the tests share, in one place, for in-process and spawned tests alike:
 * the servers a sign-in talks to (the SSO stand-in, with role credentials minted by moto's STS), the
 * environment a user's shell would have, what the user does with a device code or an authorize URL,
 * and an `[sso-session]` + `[profile]` config.
 *
 * The user's part is always played the same way: read what keyless printed (the device code, the
 * authorize URL), then act at the stand-in (approve or deny the code on the "verification page", or
 * follow the URL as a browser does back to keyless's loopback server).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { login } from "../../src/local/sso/login.ts";
import type { SsoOidcPort } from "../../src/local/sso/ports.ts";
import { type CachedToken, readTokenCache } from "../../src/local/sso/token-cache.ts";
import type { SsoCacheLocation, SsoClock, SsoSession } from "../../src/local/sso/types.ts";
import { motoRoleCredentials } from "../interop/consumers/moto-identities.ts";
import {
  type SsoStandin,
  type SsoStandinOptions,
  type StandinAccount,
  startSsoStandin,
} from "../standins/sso-standin.ts";
import { type Moto, startMoto } from "./moto.ts";
import type { SpawnedCli } from "./spawn-cli.ts";

export const START_URL = "https://d-1234567890.awsapps.com/start";
export const SSO_REGION = "eu-central-1";
/** The sso-session name keyless derives from START_URL. */
export const SESSION = "d-1234567890";
export const DEV = "111111111111";
export const PROD = "222222222222";

/** The accounts and roles the signed-in user may use (three profiles with `configure --all`). */
export const ACCOUNTS: StandinAccount[] = [
  {
    accountId: DEV,
    accountName: "dev",
    emailAddress: "dev@example.com",
    roles: ["terraform-core", "terraform-iam"],
  },
  { accountId: PROD, accountName: "prod", emailAddress: "prod@example.com", roles: ["terraform-core"] },
];

// --- What keyless prints ---------------------------------------------------------------------------

/** A user code alone on its line, as keyless prints it (`XXXX-XXXX`, the stand-in's alphabet). */
const USER_CODE_LINE = /^\s*([A-Z2-7]{4}-[A-Z2-7]{4})\s*$/m;
/** The authorize URL alone on its line (the endpoint is the stand-in on 127.0.0.1). */
const AUTHORIZE_URL_LINE = /^\s*(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+?)\s*$/m;
const all = (re: RegExp) => new RegExp(re.source, "gm");

export function userCodesIn(text: string): string[] {
  return [...text.matchAll(all(USER_CODE_LINE))].map((m) => m[1] as string);
}
export function userCodeIn(lines: string[]): string | undefined {
  return userCodesIn(lines.join("\n"))[0];
}
export function authorizeUrlsIn(text: string): string[] {
  return [...text.matchAll(all(AUTHORIZE_URL_LINE))].map((m) => m[1] as string);
}

// --- What the user does --------------------------------------------------------------------------

/**
 * What the user does with a device code: approve or deny it on the verification page, let it expire
 * there (the service then answers expired_token), or nothing at all.
 */
export type DeviceAnswer = "approve" | "deny" | "expire" | "ignore";

export function answerDevice(standin: SsoStandin, userCode: string, answer: DeviceAnswer): void {
  if (answer === "approve") standin.approveDevice(userCode);
  else if (answer === "deny") standin.denyDevice(userCode);
  else if (answer === "expire") standin.expireDeviceAuthorization(userCode);
}

/**
 * What a browser does with the authorize URL: the stand-in's /authorize redirects (302) back to
 * keyless's loopback server, whose page is the answer. `tamper` may change the callback first.
 */
export async function followAuthorize(url: string, tamper?: (callback: URL) => void): Promise<Response> {
  const first = await fetch(url, { redirect: "manual" });
  if (first.status !== 302) throw new Error(`authorize answered ${first.status}: ${await first.text()}`);
  const callback = new URL(first.headers.get("location") ?? "");
  tamper?.(callback);
  return fetch(callback);
}

/**
 * A user watching keyless's output (text as it is printed, in any pieces): answers each new device
 * code and, with `browser`, follows each new authorize URL. For in-process runs, where the output
 * arrives through CliIO.
 */
export function signInResponder(
  standin: SsoStandin,
  opts: { device?: DeviceAnswer; browser?: boolean } = {},
): (text: string) => void {
  const seen = new Set<string>();
  let pending = "";
  return (text) => {
    // Only whole lines: a piece may end in the middle of a code or URL.
    pending += text;
    const end = pending.lastIndexOf("\n");
    if (end < 0) return;
    const lines = pending.slice(0, end + 1);
    pending = pending.slice(end + 1);
    if (opts.browser !== false) {
      for (const url of authorizeUrlsIn(lines)) {
        if (seen.has(url)) continue;
        seen.add(url);
        void followAuthorize(url).catch(() => {});
      }
    }
    for (const code of userCodesIn(lines)) {
      if (seen.has(code)) continue;
      seen.add(code);
      answerDevice(standin, code, opts.device ?? "approve");
    }
  };
}

/**
 * A spawned keyless: waits until it prints its device code (it is then polling), answers the code at
 * the stand-in as the user would, and returns the code.
 */
export async function answerSpawnedDeviceCode(
  cli: SpawnedCli,
  standin: SsoStandin,
  answer: DeviceAnswer = "approve",
): Promise<string> {
  const m = await cli.waitFor(USER_CODE_LINE);
  const code = m[1] as string;
  answerDevice(standin, code, answer);
  return code;
}

/** A spawned keyless: waits for its authorize URL and acts as the browser; returns keyless's page. */
export async function browseSpawnedSignIn(
  cli: SpawnedCli,
): Promise<{ url: string; status: number; page: string }> {
  const m = await cli.waitFor(AUTHORIZE_URL_LINE);
  const url = m[1] as string;
  const res = await followAuthorize(url);
  return { url, status: res.status, page: await res.text() };
}

/**
 * A stand-in for the user's browser opener: an `xdg-open` (and macOS `open`) in `dir` that only notes
 * the URL it was given. Put `pathPrefix` first on the child's PATH, so no real browser is started.
 */
export function fakeBrowser(dir: string): { pathPrefix: string; opened(): string[] } {
  const bin = join(dir, "fake-browser-bin");
  const log = join(dir, "fake-browser.log");
  mkdirSync(bin, { recursive: true });
  const script = `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`;
  for (const name of ["xdg-open", "open"]) {
    writeFileSync(join(bin, name), script);
    chmodSync(join(bin, name), 0o755);
  }
  return {
    pathPrefix: bin,
    opened: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []),
  };
}

// --- In-process sign-in ---------------------------------------------------------------------------

export interface InProcessDeviceLogin {
  standin: SsoStandin;
  session: SsoSession;
  oidc: SsoOidcPort;
  cache: SsoCacheLocation;
  clock: SsoClock;
  /** What the user does with the printed code. Default "approve". */
  answer?: DeviceAnswer;
  /** Also receives every printed line. */
  print?: (line: string) => void;
  /** Stands in for the browser keyless would open (default: opens nothing, reports success). */
  openBrowser?: (url: string) => Promise<boolean>;
  noBrowser?: boolean;
}

/**
 * keyless's `login()` with the device flow, the user answering the code it prints (as on the
 * verification page). Resolves with login's result; rejects as login does.
 */
export function deviceLogin(o: InProcessDeviceLogin) {
  return login({
    session: o.session,
    flow: "device",
    oidc: o.oidc,
    cache: o.cache,
    clock: o.clock,
    noBrowser: o.noBrowser,
    print: (line) => {
      o.print?.(line);
      const code = userCodeIn([line]);
      if (code) answerDevice(o.standin, code, o.answer ?? "approve");
    },
    openBrowser: o.openBrowser ?? (async () => true),
  });
}

export interface InProcessBrowserLogin extends Omit<InProcessDeviceLogin, "standin" | "answer"> {
  /** The browser keyless opens (default: follows the authorize URL, as a user who signs in). */
  openBrowser?: (url: string) => Promise<boolean>;
}

/** keyless's `login()` with the authorization code flow, the "browser" answering the authorize URL. */
export function browserLogin(o: InProcessBrowserLogin) {
  return login({
    session: o.session,
    flow: "auth-code",
    oidc: o.oidc,
    cache: o.cache,
    clock: o.clock,
    noBrowser: o.noBrowser,
    print: o.print ?? (() => {}),
    openBrowser: o.openBrowser ?? (async (url) => (await followAuthorize(url)).ok),
  });
}

/** deviceLogin, approved, then the token it cached (fails the test if there is none). */
export async function deviceLoginToken(o: Omit<InProcessDeviceLogin, "answer">): Promise<CachedToken> {
  await deviceLogin(o);
  const read = await readTokenCache(o.cache, o.session.name);
  if (read.kind !== "ok") throw new Error(`no token cached after the device login: ${read.kind}`);
  return read.token;
}

// --- The protocol without keyless -----------------------------------------------------------------

async function oidcCall(
  endpoint: string,
  path: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${endpoint}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`stand-in ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export interface RawDeviceToken {
  clientId: string;
  clientSecret: string;
  /** Epoch seconds (RegisterClient's clientSecretExpiresAt). */
  clientSecretExpiresAt: number;
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken?: string;
}

/**
 * RegisterClient, StartDeviceAuthorization, approval, CreateToken over plain HTTP as botocore sends
 * them: a token obtained without keyless, for tests of the harness or of another tool's cache.
 */
export async function deviceTokenOverHttp(standin: SsoStandin, startUrl: string): Promise<RawDeviceToken> {
  const reg = await oidcCall(standin.endpoint, "/client/register", {
    clientName: "botocore-client-interop",
    clientType: "public",
  });
  const creds = { clientId: String(reg.clientId), clientSecret: String(reg.clientSecret) };
  const dev = await oidcCall(standin.endpoint, "/device_authorization", { ...creds, startUrl });
  standin.approveDevice(String(dev.userCode));
  const tok = await oidcCall(standin.endpoint, "/token", {
    ...creds,
    grantType: "urn:ietf:params:oauth:grant-type:device_code",
    deviceCode: dev.deviceCode,
  });
  return {
    ...creds,
    clientSecretExpiresAt: Number(reg.clientSecretExpiresAt),
    accessToken: String(tok.accessToken),
    expiresIn: Number(tok.expiresIn),
    ...(typeof tok.refreshToken === "string" ? { refreshToken: tok.refreshToken } : {}),
  };
}

// --- The servers and the user's environment -------------------------------------------------------

export interface SsoServers {
  moto: Moto;
  standin: SsoStandin;
  /** Every role credential the stand-in issued (to check that no secret reaches output). */
  issued: { accessKeyId: string; secretAccessKey: string; sessionToken: string }[];
  /** When set, role credentials the stand-in issues expire this many ms from now. */
  credentialLifetimeMs: number | undefined;
  /**
   * A user's environment for HOME: the config file in it, and the SSO, SSO OIDC and STS endpoints
   * (the variables the SDKs read), nothing else.
   */
  userEnv(home: string): Record<string, string>;
  stop(): Promise<void>;
}

/**
 * moto (for STS) and the SSO stand-in (OIDC and the portal), the stand-in minting role credentials
 * with moto's AssumeRole so GetCallerIdentity names the role session. Accounts: ACCOUNTS.
 */
export async function startSsoServers(opts: SsoStandinOptions = {}): Promise<SsoServers> {
  const moto = await startMoto();
  let n = 0;
  const servers: SsoServers = {
    moto,
    standin: undefined as unknown as SsoStandin,
    issued: [],
    credentialLifetimeMs: undefined,
    userEnv: (home) => ({
      HOME: home,
      AWS_CONFIG_FILE: join(home, ".aws", "config"),
      AWS_ENDPOINT_URL_SSO: servers.standin.endpoint,
      AWS_ENDPOINT_URL_SSO_OIDC: servers.standin.endpoint,
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      AWS_EC2_METADATA_DISABLED: "true",
    }),
    async stop() {
      await servers.standin.stop();
      await moto.stop();
    },
  };
  try {
    servers.standin = await startSsoStandin({
      issueCredentials: async (accountId, roleName) => {
        const c = await motoRoleCredentials(moto.endpoint, accountId, roleName, `keyless-${++n}`);
        servers.issued.push(c);
        const lifetime = servers.credentialLifetimeMs;
        return lifetime === undefined ? c : { ...c, expiration: Date.now() + lifetime };
      },
      ...opts,
    });
  } catch (err) {
    await moto.stop();
    throw err;
  }
  servers.standin.setAccounts(ACCOUNTS);
  return servers;
}

// --- The commands -----------------------------------------------------------------------------------

/** `keyless configure` for START_URL with the device code, printing (not opening) the URL; + `extra`. */
export function configureArgs(...extra: string[]): string[] {
  return [
    "configure",
    "--start-url",
    START_URL,
    "--region",
    SSO_REGION,
    "--use-device-code",
    "--no-browser",
    ...extra,
  ];
}

// --- The config file ------------------------------------------------------------------------------

export interface SsoConfig {
  /** Default SESSION. */
  session?: string;
  /** Default START_URL. */
  startUrl?: string;
  /** Default SSO_REGION. */
  ssoRegion?: string;
  profiles: { name: string; accountId: string; roleName: string; region?: string }[];
}

/**
 * `[profile]` sections + their `[sso-session]` in the token-provider form `aws configure sso` writes,
 * with the default scope (so keyless, botocore and the AWS CLI share one registration and token cache).
 */
export function ssoConfigText(c: SsoConfig): string {
  const session = c.session ?? SESSION;
  const ssoRegion = c.ssoRegion ?? SSO_REGION;
  const profiles = c.profiles.flatMap((p) => [
    `[profile ${p.name}]`,
    `sso_session = ${session}`,
    `sso_account_id = ${p.accountId}`,
    `sso_role_name = ${p.roleName}`,
    `region = ${p.region ?? ssoRegion}`,
    "output = json",
    "",
  ]);
  return [
    ...profiles,
    `[sso-session ${session}]`,
    `sso_start_url = ${c.startUrl ?? START_URL}`,
    `sso_region = ${ssoRegion}`,
    "sso_registration_scopes = sso:account:access",
    "",
  ].join("\n");
}
