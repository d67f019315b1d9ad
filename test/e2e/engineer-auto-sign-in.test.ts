/**
 * Automatic sign-in as an engineer meets it: the SSO session has expired and cannot be refreshed.
 * On a terminal (the built CLI on a pseudo-terminal), whoami, exec, env and console run the same
 * sign-in as `keyless login` (device code without a display, the browser with one); the test plays
 * the user at the SSO OIDC stand-in, and the command then completes. Off a terminal, or with
 * --no-sign-in, they fail as before (exit 67, "run keyless login"). `credentials` signs in only with
 * --sign-in, and never waits on stdin.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { tokenCachePath } from "../../src/local/sso/index.ts";
import { type Exit, runKeyless, type SpawnedCli, spawnKeyless } from "../helpers/spawn-cli.ts";
import { answerSpawnedDeviceCode, browseSpawnedSignIn, fakeBrowser } from "../helpers/sso-sign-in.ts";
import { type FederationStandin, startFederationStandin } from "../standins/federation-standin.ts";
import {
  ACCOUNT,
  type Engineer,
  engineer,
  installProfileSet,
  PROFILE,
  SESSION,
  signIn,
  startWorld,
  type World,
} from "./engineer-world.ts";

let world: World;
let eng: Engineer;
let federation: FederationStandin;
let browser: ReturnType<typeof fakeBrowser>;
const running: SpawnedCli[] = [];

before(async () => {
  world = await startWorld();
  federation = await startFederationStandin({ issued: () => world.issued });
  eng = engineer(world);
  browser = fakeBrowser(eng.home);
  await signIn(world, eng);
  await installProfileSet(eng);
});
after(async () => {
  await federation?.stop();
  await world?.stop();
  eng?.remove();
});
beforeEach(() => {
  expireSignIn();
  world.standin.clearCalls();
});
afterEach(() => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.kill("SIGKILL");
  }
});

const cache = () => tokenCachePath({ home: eng.home }, SESSION);
/** The session has expired and cannot be refreshed: no refresh token, access token in the past. */
function expireSignIn(): void {
  const { refreshToken: _gone, ...token } = JSON.parse(readFileSync(cache(), "utf8"));
  writeFileSync(cache(), JSON.stringify({ ...token, expiresAt: "2020-01-01T00:00:00Z" }));
}
const cachedAccessToken = () =>
  (JSON.parse(readFileSync(cache(), "utf8")) as { accessToken: string }).accessToken;
const EXPIRED = `The SSO session "${SESSION}" has expired (no refresh token is cached).`;

function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return eng.env({
    NO_COLOR: "1",
    PATH: `${browser.pathPrefix}:${process.env.PATH ?? ""}`,
    KEYLESS_FEDERATION_ENDPOINT: federation.endpoint,
    ...extra,
  });
}
/** keyless on a pseudo-terminal: stdin, stdout and stderr are the user's terminal. */
function onTerminal(args: string[], extra: Record<string, string | undefined> = {}): SpawnedCli {
  const cli = spawnKeyless(args, { cwd: eng.work, env: env(extra), tty: true });
  running.push(cli);
  return cli;
}
async function exitOf(cli: SpawnedCli): Promise<Exit> {
  const timer = setTimeout(() => cli.kill("SIGKILL"), 60_000);
  try {
    return await cli.exited;
  } finally {
    clearTimeout(timer);
  }
}
const shown = (r: Exit) => `\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
const signInCalls = () =>
  world.standin
    .calls()
    .filter((c) => c.operation === "StartDeviceAuthorization" || c.operation === "RegisterClient");

function assertNoSecret(text: string, what: string): void {
  const token = JSON.parse(readFileSync(cache(), "utf8")) as Record<string, string>;
  const secrets = [
    token.accessToken,
    token.refreshToken,
    token.clientSecret,
    ...world.issued.flatMap((c) => [c.secretAccessKey, c.sessionToken]),
  ].filter((s): s is string => typeof s === "string" && s.length > 8);
  for (const s of secrets) assert.ok(!text.includes(s), `${what} shows a secret: ${s.slice(0, 6)}...`);
}

describe("on a terminal: the expired session is signed in again and the command completes", () => {
  test("whoami: the device code (no display), approved at the stand-in, then the identity", async () => {
    const before = cachedAccessToken();
    const cli = onTerminal(["whoami", "--profile", PROFILE]);
    await answerSpawnedDeviceCode(cli, world.standin);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    assert.ok(r.stdout.includes(EXPIRED), shown(r));
    assert.match(r.stdout, /Signing in to https:\/\/d-1234567890\.awsapps\.com\/start/);
    assert.match(r.stdout, new RegExp(`^account\\s+${ACCOUNT}\\r?$`, "m"));
    assert.match(r.stdout, /^user\s+arn:aws:sts::\d+:assumed-role\/terraform-core\//m);
    assert.notEqual(cachedAccessToken(), before, "the new sign-in was cached for the next command");
    assertNoSecret(r.stdout, "whoami with a sign-in");
  });

  test("whoami with a display: the browser flow, as `keyless login` would choose", async () => {
    const cli = onTerminal(["whoami", "--profile", PROFILE], { DISPLAY: ":0" });
    const visit = await browseSpawnedSignIn(cli);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    assert.equal(visit.status, 200);
    assert.deepEqual(browser.opened().slice(-1), [visit.url]);
    assert.ok(!world.standin.calls().some((c) => c.operation === "StartDeviceAuthorization"));
    assert.match(r.stdout, new RegExp(`^account\\s+${ACCOUNT}\\r?$`, "m"));
  });

  test("exec: signs in, then runs the command with the credentials", async () => {
    const out = join(eng.home, "exec-after-sign-in.txt");
    const script = `require("fs").writeFileSync(${JSON.stringify(out)}, process.env.AWS_ACCESS_KEY_ID)`;
    const cli = onTerminal(["exec", PROFILE, "--", process.execPath, "-e", script]);
    await answerSpawnedDeviceCode(cli, world.standin);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    assert.equal(readFileSync(out, "utf8"), world.issued.at(-1)?.accessKeyId);
  });

  test("env --force: signs in, then prints the exports", async () => {
    const cli = onTerminal(["env", PROFILE, "--force"]);
    await answerSpawnedDeviceCode(cli, world.standin);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    assert.ok(r.stdout.includes(`export AWS_ACCESS_KEY_ID='${world.issued.at(-1)?.accessKeyId}'`));
  });

  test("console --print: signs in, then prints the URL with the federation token", async () => {
    const cli = onTerminal(["console", PROFILE, "--print"]);
    await answerSpawnedDeviceCode(cli, world.standin);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    const token = federation.tokens().at(-1);
    assert.equal(token?.accessKeyId, world.issued.at(-1)?.accessKeyId);
    assert.ok(r.stdout.includes(`SigninToken=${token?.signinToken}`));
  });
});

describe("no automatic sign-in: the old failure", () => {
  const FAILED =
    /has expired \(no refresh token is cached\)\.\r?\nHint: Run `keyless login` to sign in to SSO session "d-1234567890" again\./;

  for (const args of [
    ["whoami", "--profile", PROFILE],
    ["exec", PROFILE, "--", "true"],
    ["env", PROFILE],
    ["console", PROFILE, "--print"],
    ["credentials", PROFILE],
  ]) {
    test(`off a terminal, ${args[0]}: exit 67, "run keyless login", no sign-in started`, async () => {
      const r = await runKeyless(args, { cwd: eng.work, env: env() });
      assert.equal(r.code, 67, shown(r));
      assert.match(r.stderr, FAILED);
      assert.equal(r.stdout, "");
      assert.deepEqual(signInCalls(), []);
    });
  }

  test("on a terminal with --no-sign-in (whoami, exec): exit 67, no sign-in started", async () => {
    for (const args of [
      ["whoami", "--profile", PROFILE, "--no-sign-in"],
      ["exec", PROFILE, "--no-sign-in", "--", "true"],
    ]) {
      const r = await exitOf(onTerminal(args));
      assert.equal(r.code, 67, shown(r));
      assert.match(r.stdout, FAILED);
    }
    assert.deepEqual(signInCalls(), []);
  });

  test("credentials on a terminal without --sign-in: exit 67 (it never signs in by itself)", async () => {
    const r = await exitOf(onTerminal(["credentials", PROFILE]));
    assert.equal(r.code, 67, shown(r));
    assert.match(r.stdout, FAILED);
    assert.deepEqual(signInCalls(), []);
  });
});

describe("credentials --sign-in (credential_process)", () => {
  test("off a terminal, stdin closed: the device code on stderr, approved, then the JSON on stdout", async () => {
    const cli = spawnKeyless(["credentials", PROFILE, "--sign-in"], { cwd: eng.work, env: env() });
    running.push(cli);
    await answerSpawnedDeviceCode(cli, world.standin);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.AccessKeyId, world.issued.at(-1)?.accessKeyId);
    assert.equal(doc.Version, 1);
    assert.ok(r.stderr.includes(EXPIRED));
    assert.match(r.stderr, /Then check that the page shows this code:/);
    assertNoSecret(r.stderr, "credentials --sign-in on stderr");
  });
});
