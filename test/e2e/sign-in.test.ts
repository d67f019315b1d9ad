/**
 * The sign-in commands as a user runs them: the built `bin/keyless.js` as a child process, from a
 * directory outside the repository, with its own HOME and config file, the SSO and STS endpoints
 * from the environment. The SSO stand-in and moto run in this process; the test plays the user: it
 * reads the device code or the authorize URL keyless prints and answers at the stand-in while keyless
 * waits. A fake `xdg-open` first on PATH notes what keyless would open, so no real browser starts.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { tokenCacheFileName } from "../../src/local/sso/token-cache.ts";
import {
  type Exit,
  runKeyless,
  type SpawnedCli,
  type SpawnOptions,
  spawnKeyless,
  type UserDirs,
  userDirs,
} from "../helpers/spawn-cli.ts";
import {
  ACCOUNTS,
  answerSpawnedDeviceCode,
  browseSpawnedSignIn,
  configureArgs,
  DEV,
  fakeBrowser,
  PROD,
  SESSION,
  SSO_REGION,
  type SsoServers,
  START_URL,
  ssoConfigText,
  startSsoServers,
} from "../helpers/sso-sign-in.ts";

const P = "dev-terraform-core";

let servers: SsoServers;
let user: UserDirs;
let browser: ReturnType<typeof fakeBrowser>;
const running: SpawnedCli[] = [];

before(async () => {
  servers = await startSsoServers();
});
after(async () => {
  await servers?.stop();
});
beforeEach(() => {
  user = userDirs("keyless-e2e-sign-in-");
  mkdirSync(join(user.home, ".aws"), { mode: 0o700 });
  browser = fakeBrowser(user.home);
  servers.standin.setAccounts(ACCOUNTS);
  servers.standin.setAuthorizeMode("auto-approve");
  servers.standin.clearCalls();
});
afterEach(() => {
  // A child still waiting after a failed test would keep this file from ending.
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.kill("SIGKILL");
  }
  user.remove();
});

/** The user's environment: HOME, config file, endpoints, and PATH with the fake browser first. */
function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ...servers.userEnv(user.home),
    PATH: `${browser.pathPrefix}:${process.env.PATH ?? ""}`,
    ...extra,
  };
}
const configPath = () => join(user.home, ".aws", "config");
const tokenPath = () => join(user.home, ".aws", "sso", "cache", tokenCacheFileName(SESSION));
const readConfig = () => (existsSync(configPath()) ? readFileSync(configPath(), "utf8") : undefined);

/** keyless as a child process of the test, in the user's working directory and environment. */
function keyless(args: string[], opts: Partial<SpawnOptions> = {}): SpawnedCli {
  const cli = spawnKeyless(args, { cwd: user.work, env: env(), ...opts });
  running.push(cli);
  return cli;
}
/** The child's exit; it is killed (and the test fails) if it still runs after a minute. */
async function exitOf(cli: SpawnedCli): Promise<Exit> {
  const timer = setTimeout(() => cli.kill("SIGKILL"), 60_000);
  try {
    return await cli.exited;
  } finally {
    clearTimeout(timer);
  }
}
/** Runs a command that needs no sign-in to its end (killed if it hangs). */
function run(args: string[], opts: Partial<SpawnOptions> = {}): Promise<Exit> {
  return runKeyless(args, { cwd: user.work, env: env(), ...opts });
}
const shown = (r: Exit) => `\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;

/** Two profiles of one sso-session, as `aws configure sso` would write them. */
function writeProfiles(): void {
  writeFileSync(
    configPath(),
    ssoConfigText({
      profiles: [
        { name: P, accountId: DEV, roleName: "terraform-core" },
        { name: "prod-terraform-core", accountId: PROD, roleName: "terraform-core" },
      ],
    }),
  );
}
function profilesIn(text: string): string[] {
  return [...text.matchAll(/^\[profile ([^\]]+)\]/gm)].map((m) => m[1] as string);
}
/** Everything secret that exists now: the cached token's secrets and every role credential issued. */
function secrets(): string[] {
  const out: string[] = [];
  if (existsSync(tokenPath())) {
    const t = JSON.parse(readFileSync(tokenPath(), "utf8")) as Record<string, string>;
    out.push(t.accessToken ?? "", t.refreshToken ?? "", t.clientSecret ?? "");
  }
  for (const c of servers.issued) out.push(c.accessKeyId, c.secretAccessKey, c.sessionToken);
  return out.filter((s) => s.length > 8);
}
function assertNoSecret(r: Exit, what: string): void {
  for (const s of secrets()) {
    assert.ok(
      !r.stdout.includes(s) && !r.stderr.includes(s),
      `${what} printed a secret: ${s.slice(0, 4)}...`,
    );
  }
}

/** `keyless login --use-device-code`, approved at the stand-in while keyless polls. */
async function deviceSignIn(): Promise<Exit> {
  const cli = keyless(["login", "--use-device-code"]);
  await answerSpawnedDeviceCode(cli, servers.standin);
  return exitOf(cli);
}

describe("device code sign-in, spawned", () => {
  test("login --use-device-code waits for the approval, caches the token 0600 and prints no token", async () => {
    writeProfiles();
    const cli = keyless(["login", "--use-device-code"]);
    const code = await answerSpawnedDeviceCode(cli, servers.standin);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, `keyless login exited ${r.code}${shown(r)}`);
    assert.match(r.stdout, /^Signed in to sso-session d-1234567890 \(.*\); the SSO token is valid for/m);
    assert.match(r.stderr, /open the following URL:\n\nhttp:\/\/127\.0\.0\.1:\d+\/device\?user_code=/);
    // The browser was offered the complete verification URL (with the code) and nothing else.
    assert.deepEqual(browser.opened(), [`${servers.standin.endpoint}/device?user_code=${code}`]);

    const st = statSync(tokenPath());
    assert.equal(st.mode & 0o777, 0o600);
    const token = JSON.parse(readFileSync(tokenPath(), "utf8")) as Record<string, string>;
    assert.equal(token.startUrl, START_URL);
    assert.equal(token.region, SSO_REGION);
    assert.ok(servers.standin.isAccessTokenValid(token.accessToken as string));
    assertNoSecret(r, "login");
    const polls = servers.standin.calls().filter((c) => c.operation === "CreateToken");
    assert.ok(polls.length >= 2, "keyless polled again after the code was shown");
  });

  test("a denied device code: a clear message, exit 1 (access denied), no token cached", async () => {
    writeProfiles();
    const cli = keyless(["login", "--use-device-code", "--no-browser"]);
    await answerSpawnedDeviceCode(cli, servers.standin, "deny");
    const r = await exitOf(cli);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, /^Error: The device authorization was denied/m);
    assert.match(r.stderr, /^Hint: The sign-in was declined\. Run `keyless login` again/m);
    assert.doesNotMatch(r.stderr, /--debug/);
    assert.ok(!existsSync(tokenPath()));
    assert.deepEqual(browser.opened(), [], "--no-browser opens nothing");
  });

  test("configure --use-device-code --all signs in and writes every profile", async () => {
    const cli = keyless(configureArgs("--all"));
    await answerSpawnedDeviceCode(cli, servers.standin);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, `keyless configure exited ${r.code}${shown(r)}`);
    const text = readConfig() ?? "";
    assert.deepEqual(profilesIn(text), ["dev-terraform-core", "dev-terraform-iam", "prod-terraform-core"]);
    assert.match(text, new RegExp(`\\[sso-session ${SESSION}\\]\\nsso_start_url = ${START_URL}\\n`));
    assert.match(r.stdout, /^Wrote .*config/m);
    assert.ok(existsSync(tokenPath()));
    assertNoSecret(r, "configure");
  });
});

describe("browser (authorization code + PKCE) sign-in, spawned", () => {
  // A local display: keyless picks the authorization code flow by itself.
  const display = { DISPLAY: ":0" };

  test("login opens the authorize URL in the browser; the browser's redirect to keyless completes it", async () => {
    writeProfiles();
    const cli = keyless(["login"], { env: env(display) });
    const visit = await browseSpawnedSignIn(cli);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, `keyless login exited ${r.code}${shown(r)}`);
    assert.equal(visit.status, 200);
    assert.match(visit.page, /close this window/);
    assert.deepEqual(browser.opened(), [visit.url], "keyless launched the browser with the URL it printed");
    assert.match(r.stdout, /^Signed in to sso-session d-1234567890/m);
    const ops = servers.standin.calls().map((c) => c.grantType ?? c.operation);
    assert.ok(ops.includes("authorization_code") && !ops.includes("StartDeviceAuthorization"));
    assert.equal(statSync(tokenPath()).mode & 0o777, 0o600);
    assertNoSecret(r, "login");
  });

  test("--no-browser only prints the URL; a sign-in denied in the browser exits 1", async () => {
    writeProfiles();
    servers.standin.setAuthorizeMode("deny");
    const cli = keyless(["login", "--no-browser"], { env: env(display) });
    const visit = await browseSpawnedSignIn(cli);
    const r = await exitOf(cli);
    assert.equal(visit.status, 400);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stderr, /^Error: The sign-in was denied in the browser\./m);
    assert.deepEqual(browser.opened(), []);
    assert.ok(!existsSync(tokenPath()));

    servers.standin.setAuthorizeMode("auto-approve");
    const again = keyless(["login", "--no-browser"], { env: env(display) });
    assert.equal((await browseSpawnedSignIn(again)).status, 200);
    const ok = await exitOf(again);
    assert.equal(ok.code, 0, shown(ok));
    assert.deepEqual(browser.opened(), []);
  });
});

describe("configure's picker on a terminal, spawned", () => {
  const args = configureArgs();
  /** The picker's first screen: all rows, nothing selected. */
  const PROMPT = /rows 1-3 of 3 matching · 0 selected/;

  test("choose by number", async () => {
    const cli = keyless(args, { tty: true });
    await answerSpawnedDeviceCode(cli, servers.standin);
    await cli.waitFor(PROMPT);
    assert.match(cli.stdout, /Choose the accounts and roles to write as profiles \(3 in all\):/);
    assert.match(cli.stdout, /\[ \] 2\s+dev \(111111111111\)\s+terraform-iam/);
    cli.write("2\r");
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    assert.deepEqual(profilesIn(readConfig() ?? ""), ["dev-terraform-iam"]);
  });

  test("Enter on an empty selection cancels: a plain message, exit 1, nothing written", async () => {
    const cli = keyless(args, { tty: true });
    await answerSpawnedDeviceCode(cli, servers.standin);
    await cli.waitFor(PROMPT);
    cli.write("\r");
    const r = await exitOf(cli);
    assert.equal(r.code, 1, shown(r));
    assert.match(r.stdout, /Configure cancelled: nothing was selected, no profile written\./);
    assert.doesNotMatch(r.stdout, /Error:|Hint:|--debug/);
    assert.equal(readConfig(), undefined);
  });

  test("Ctrl-C or Ctrl-D at the picker cancels the same way", async () => {
    for (const [i, key] of ["\x03", "\x04"].entries()) {
      const cli = keyless(args, { tty: true });
      // The first run signs in; the second reuses the cached token.
      if (i === 0) await answerSpawnedDeviceCode(cli, servers.standin);
      await cli.waitFor(PROMPT);
      cli.write(key);
      const r = await exitOf(cli);
      assert.equal(r.code, 1, shown(r));
      assert.match(r.stdout, /Configure cancelled: nothing was selected, no profile written\./);
      assert.doesNotMatch(r.stdout, /Error:|--debug/);
      assert.equal(readConfig(), undefined);
    }
  });
});

describe("after a sign-in, spawned: whoami, credentials, logout", () => {
  test("whoami (text and --json), credentials prints credential_process JSON, logout ends the session", async () => {
    writeProfiles();
    const signed = await deviceSignIn();
    assert.equal(signed.code, 0, shown(signed));
    const outputs: [string, Exit][] = [["login", signed]];

    const who = await run(["whoami", "--profile", P]);
    outputs.push(["whoami", who]);
    assert.equal(who.code, 0, shown(who));
    assert.match(who.stdout, new RegExp(`^account\\s+${DEV}$`, "m"));
    assert.match(who.stdout, /^role\s+terraform-core$/m);
    assert.match(
      who.stdout,
      new RegExp(`^user\\s+arn:aws:sts::${DEV}:assumed-role/terraform-core/keyless-\\d+$`, "m"),
    );

    const json = await run(["whoami", "--json"], { env: env({ AWS_PROFILE: "prod-terraform-core" }) });
    outputs.push(["whoami --json", json]);
    assert.equal(json.code, 0, shown(json));
    const j = JSON.parse(json.stdout);
    assert.equal(j.profile, "prod-terraform-core");
    assert.equal(j.accountId, PROD);
    assert.match(j.arn, /assumed-role\/terraform-core\//);
    assert.ok(j.ssoTokenSecondsLeft > 3000);

    const creds = await run(["credentials", P]);
    assert.equal(creds.code, 0, shown(creds));
    assert.equal(creds.stderr, "");
    const c = JSON.parse(creds.stdout);
    const issued = servers.issued.at(-1);
    assert.deepEqual(
      { v: c.Version, k: c.AccessKeyId, s: c.SecretAccessKey, t: c.SessionToken, a: c.AccountId },
      { v: 1, k: issued?.accessKeyId, s: issued?.secretAccessKey, t: issued?.sessionToken, a: DEV },
    );
    assert.match(c.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const token = (JSON.parse(readFileSync(tokenPath(), "utf8")) as Record<string, string>).accessToken;
    for (const [what, r] of outputs) assertNoSecret(r, what);
    const bye = await run(["logout"]);
    assertNoSecret(bye, "logout");
    assert.equal(bye.code, 0, shown(bye));
    assert.match(bye.stdout, /signed out at the portal; token cache deleted/);
    assert.ok(!existsSync(tokenPath()));
    assert.equal(servers.standin.isAccessTokenValid(token as string), false);

    const after = await run(["whoami", "--profile", P]);
    assert.equal(after.code, 67, shown(after));
    assert.match(after.stderr, /Run `keyless login`/);
    const noCreds = await run(["credentials", P]);
    assert.equal(noCreds.code, 67);
    assert.equal(noCreds.stdout, "");
  });
});
