/**
 * The daily commands after `keyless configure`: login (reuse, refresh, new sign-in), logout, whoami,
 * exec (environment, exit codes, signals, the remaining-time guard) and credentials, with their bad
 * input: unknown profile, corrupted config, corrupted token cache, expired session. And no command
 * but `credentials` ever prints a token or key.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { tokenCacheFileName } from "../../../src/local/sso/index.ts";
import { ACCOUNTS, configureArgs, DEV, type DevEnv, SESSION, startDevEnv } from "./harness.ts";

let dev: DevEnv;
const P = "dev-terraform-core";
const NODE = process.execPath;

before(async () => {
  dev = await startDevEnv();
});
after(async () => {
  await dev?.stop();
});
beforeEach(async () => {
  dev.freshHome();
  dev.credentialLifetimeMs = undefined;
  dev.standin.setAccounts(ACCOUNTS);
  const r = await dev.run(configureArgs("--all"));
  assert.equal(r.code, 0, r.stderr);
  dev.standin.clearCalls();
});

const tokenPath = () => join(dev.home, ".aws", "sso", "cache", tokenCacheFileName(SESSION));
const readToken = () => JSON.parse(readFileSync(tokenPath(), "utf8")) as Record<string, string>;
/** botocore's timestamp format. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
function setTokenExpiry(msFromNow: number): void {
  writeFileSync(tokenPath(), JSON.stringify({ ...readToken(), expiresAt: stamp(Date.now() + msFromNow) }));
}
const ops = () =>
  dev.standin.calls().map((c) => (c.grantType ? `${c.operation}:${c.grantType}` : c.operation));

describe("keyless login / logout", () => {
  test("a valid cached token is reused: no OIDC call", async () => {
    const r = await dev.run(["login"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /Already signed in to sso-session d-1234567890 \(the only sso-session in .*\); the SSO token is valid for/,
    );
    assert.deepEqual(ops(), []);
  });

  test("a token close to expiry is refreshed without a browser", async () => {
    const before = readToken();
    setTokenExpiry(5 * 60_000);
    const r = await dev.run(["login", "--profile", P]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /Refreshed the SSO token of sso-session d-1234567890 \(--profile dev-terraform-core\)/,
    );
    assert.deepEqual(ops(), ["CreateToken:refresh_token"]);
    const after = readToken();
    assert.notEqual(after.accessToken, before.accessToken);
    assert.ok(Date.parse(after.expiresAt as string) > Date.now() + 30 * 60_000);
  });

  test("an expired token whose refresh is refused: a new device sign-in", async () => {
    setTokenExpiry(-60_000);
    dev.standin.revokeRefreshTokens();
    const r = await dev.run(["login", "--session", SESSION, "--use-device-code", "--no-browser"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Signed in to sso-session/);
    assert.ok(ops().includes("StartDeviceAuthorization"));
  });

  test("by default (a local browser) the authorization code flow with PKCE signs in", async () => {
    const before = readToken().accessToken;
    const r = await dev.run(["login", "--force", "--no-browser"], {
      env: { DISPLAY: ":0", SSH_CONNECTION: undefined, SSH_CLIENT: undefined, SSH_TTY: undefined },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /open the following URL in a browser on this machine/);
    assert.doesNotMatch(r.stderr, /Attempting to open/, "--no-browser only prints");
    assert.ok(ops().includes("CreateToken:authorization_code"));
    assert.ok(!ops().includes("StartDeviceAuthorization"));
    assert.notEqual(readToken().accessToken, before);
  });

  test("a corrupted token cache: login replaces it and says so", async () => {
    writeFileSync(tokenPath(), "{ not json");
    const w = await dev.run(["whoami", "--profile", P]);
    assert.equal(w.code, 67);
    assert.match(w.stderr, /token cache .* (is not valid JSON|not JSON|cannot be parsed|invalid)/i);
    assert.match(w.stderr, /keyless login/);
    const r = await dev.run(["login", "--use-device-code", "--no-browser"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /corrupted token cache file was replaced/);
    assert.ok(readToken().accessToken);
  });

  test("AWS_PROFILE picks the session; several sessions without a choice is a usage error", async () => {
    assert.equal(
      (
        await dev.run(
          configureArgs("--all", "--session-name", "second", "--profile-name", "two-{account}-{role}"),
        )
      ).code,
      0,
    );
    const none = await dev.run(["login"]);
    assert.equal(none.code, 64);
    assert.match(none.stderr, /several sso-sessions \(d-1234567890, second\)/);
    const viaEnv = await dev.run(["login"], { env: { AWS_PROFILE: "two-dev-terraform-core" } });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.match(viaEnv.stdout, /sso-session second \(AWS_PROFILE=two-dev-terraform-core\)/);
    const unknown = await dev.run(["login", "--profile", "nope"]);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /profile "nope" \(--profile nope\) is not in/);
    const both = await dev.run(["login", "--profile", P, "--session", SESSION]);
    assert.equal(both.code, 64);
  });

  test("logout signs out at the portal and deletes the token cache; whoami then asks to log in", async () => {
    const token = readToken().accessToken as string;
    const r = await dev.run(["logout"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /signed out at the portal; token cache deleted/);
    assert.ok(!existsSync(tokenPath()));
    assert.ok(ops().includes("Logout"));
    assert.equal(dev.standin.isAccessTokenValid(token), false);
    const w = await dev.run(["whoami", "--profile", P]);
    assert.equal(w.code, 67);
    assert.match(w.stderr, /No SSO token is cached for session "d-1234567890"/);
    assert.match(w.stderr, /Run `keyless login`/);
    const again = await dev.run(["logout", "--json"]);
    assert.equal(again.code, 0);
    assert.deepEqual(JSON.parse(again.stdout), {
      session: SESSION,
      portal: "no-token",
      deletedCacheFile: false,
    });
  });
});

describe("keyless whoami", () => {
  test("account, role, user (from STS with the role credentials) and time left", async () => {
    const r = await dev.run(["whoami", "--profile", P]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^profile\s+dev-terraform-core$/m);
    assert.match(r.stdout, new RegExp(`^account\\s+${DEV}$`, "m"));
    assert.match(r.stdout, /^role\s+terraform-core$/m);
    assert.match(
      r.stdout,
      new RegExp(`^user\\s+arn:aws:sts::${DEV}:assumed-role/terraform-core/keyless-\\d+$`, "m"),
    );
    assert.match(r.stdout, /^SSO token\s+(59m|1h 0m) left/m);
    assert.match(r.stdout, /^credentials\s+\d+m left \(until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/m);
  });

  test("--json, the profile from AWS_PROFILE", async () => {
    const r = await dev.run(["whoami", "--json"], { env: { AWS_PROFILE: "prod-terraform-core" } });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.profile, "prod-terraform-core");
    assert.equal(j.accountId, "222222222222");
    assert.equal(j.roleName, "terraform-core");
    assert.match(j.arn, /assumed-role\/terraform-core\//);
    assert.ok(j.ssoTokenSecondsLeft > 3000 && j.credentialsSecondsLeft > 60);
  });

  test("several keyless profiles and no choice: usage error listing them", async () => {
    const r = await dev.run(["whoami"]);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /dev-terraform-core, dev-terraform-iam, prod-terraform-core/);
  });

  test("an expired session that cannot be refreshed: exit 67, login hint", async () => {
    setTokenExpiry(-60_000);
    dev.standin.revokeRefreshTokens();
    const r = await dev.run(["whoami", "--profile", P]);
    assert.equal(r.code, 67);
    assert.match(r.stderr, /The SSO session "d-1234567890" has expired/);
    assert.match(r.stderr, /keyless login/);
  });

  test("a corrupted ~/.aws/config: exit 65 naming the line", async () => {
    writeFileSync(dev.configPath, `${dev.readConfig()}oops no equals sign\n`);
    const r = await dev.run(["whoami", "--profile", P]);
    assert.equal(r.code, 65);
    assert.match(r.stderr, /config:\d+: /);
    assert.deepEqual(ops(), []);
  });

  test("a profile that is not an SSO profile, and a legacy SSO profile", async () => {
    writeFileSync(
      dev.configPath,
      `[profile plain]\nregion = eu-west-1\n[profile legacy]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = ${DEV}\nsso_role_name = r\n`,
    );
    const plain = await dev.run(["whoami", "--profile", "plain"]);
    assert.equal(plain.code, 64);
    assert.match(plain.stderr, /profile "plain" is not an SSO profile/);
    const legacy = await dev.run(["whoami", "--profile", "legacy"]);
    assert.equal(legacy.code, 64);
    assert.match(legacy.stderr, /legacy SSO format/);
  });
});

describe("keyless exec", () => {
  test("the child gets fresh credentials and region, no AWS_PROFILE, and its exit code is passed", async () => {
    const out = join(dev.home, "env.json");
    const script = `require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.env)); process.exit(7)`;
    const r = await dev.run(["exec", P, "--", NODE, "-e", script], {
      env: { AWS_PROFILE: "something-else", AWS_ACCESS_KEY_ID: "AKIASTALE", AWS_REGION: "us-west-2" },
    });
    assert.equal(r.code, 7, r.stderr);
    const env = JSON.parse(readFileSync(out, "utf8")) as Record<string, string>;
    const issued = dev.issued.at(-1);
    assert.equal(env.AWS_ACCESS_KEY_ID, issued?.accessKeyId);
    assert.equal(env.AWS_SECRET_ACCESS_KEY, issued?.secretAccessKey);
    assert.equal(env.AWS_SESSION_TOKEN, issued?.sessionToken);
    assert.match(env.AWS_CREDENTIAL_EXPIRATION ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(env.AWS_REGION, "eu-central-1", "the profile's region wins");
    assert.equal(env.AWS_DEFAULT_REGION, "eu-central-1");
    assert.equal(env.AWS_PROFILE, undefined);
    assert.equal(r.stdout, "");
  });

  test("the credentials work: the child calls STS (boto3) as the role", async () => {
    const out = join(dev.home, "arn.txt");
    const py = `import boto3; open(${JSON.stringify(out)}, "w").write(boto3.client("sts").get_caller_identity()["Arn"])`;
    const r = await dev.run(["exec", P, "--", "python3", "-c", py]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(out, "utf8"), new RegExp(`^arn:aws:sts::${DEV}:assumed-role/terraform-core/`));
  });

  test("a child killed by a signal: exit 128+N", async () => {
    const r = await dev.run(["exec", P, "--", NODE, "-e", "process.kill(process.pid, 'SIGTERM')"]);
    assert.equal(r.code, 143);
  });

  test("a command that does not exist: 127", async () => {
    const r = await dev.run(["exec", P, "--", "no-such-command-keyless-test"]);
    assert.equal(r.code, 127);
    assert.match(r.stderr, /command not found: no-such-command-keyless-test/);
  });

  test("a sign-in that cannot last: refused with exit 75 naming the limit, the command never starts", async () => {
    const marker = join(dev.home, "started");
    const cmd = ["--", NODE, "-e", `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`];
    setTokenExpiry(10 * 60_000);
    dev.standin.revokeRefreshTokens();
    const r = await dev.run(["exec", P, ...cmd]);
    assert.equal(r.code, 75, r.stderr);
    assert.match(
      r.stderr,
      /the SSO access token of session "d-1234567890" has 9m left and cannot be refreshed \(refresh .*invalid_grant.*\), less than the 30m default --min-remaining; the command was not started/,
    );
    assert.match(r.stderr, /keyless login --force/);
    assert.ok(!existsSync(marker));
    assert.ok(!ops().includes("GetRoleCredentials"), "no credentials fetched for a refused run");
    // A lower limit, from the flag or the environment, lets it run.
    const viaEnv = await dev.run(["exec", P, ...cmd], { env: { KEYLESS_MIN_REMAINING: "5m" } });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.ok(existsSync(marker));
    const tooMuch = await dev.run(["exec", P, "--min-remaining", "1h30m", ...cmd]);
    assert.equal(tooMuch.code, 75);
    assert.match(tooMuch.stderr, /less than the 1h30m --min-remaining/);
  });

  test("a token without a refresh token: refused when it ends before --min-remaining, whatever the credentials", async () => {
    const { refreshToken: _dropped, ...rest } = readToken();
    writeFileSync(tokenPath(), JSON.stringify({ ...rest, expiresAt: stamp(Date.now() + 50 * 60_000) }));
    dev.credentialLifetimeMs = 4 * 3600_000;
    const r = await dev.run(["exec", P, "--min-remaining", "1h", "--", NODE, "-e", ""]);
    assert.equal(r.code, 75, r.stderr);
    assert.match(
      r.stderr,
      /has 49m left and cannot be refreshed \(no refresh token with a valid client registration is cached\)/,
    );
    assert.match(r.stderr, /Hint: Run `keyless login --force`/);
    const ok = await dev.run(["exec", P, "--min-remaining", "45m", "--", NODE, "-e", ""]);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test("a refreshable 1-hour token with 4-hour role credentials: --min-remaining 2h runs, no early refresh", async () => {
    // The command runs on the role credentials; the token is refreshed when needed, as the SDKs do.
    setTokenExpiry(59 * 60_000);
    dev.credentialLifetimeMs = 4 * 3600_000 - 60_000;
    const r = await dev.run(["exec", P, "--min-remaining", "2h", "--", NODE, "-e", "process.exit(4)"]);
    assert.equal(r.code, 4, r.stderr);
    assert.ok(!ops().includes("CreateToken:refresh_token"), ops().join(","));
  });

  test("a token within 15 minutes of expiry is refreshed first, as the SDKs do", async () => {
    setTokenExpiry(10 * 60_000);
    const r = await dev.run(["exec", P, "--", NODE, "-e", ""]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(ops().includes("CreateToken:refresh_token"));
  });

  test("a client registration that ends before --min-remaining: refused, naming it", async () => {
    setTokenExpiry(20 * 60_000);
    const t = readToken();
    writeFileSync(tokenPath(), JSON.stringify({ ...t, registrationExpiresAt: stamp(Date.now() + 3600_000) }));
    const r = await dev.run(["exec", P, "--min-remaining", "2h", "--", NODE, "-e", ""]);
    assert.equal(r.code, 75, r.stderr);
    assert.match(r.stderr, /can be refreshed only for 59m more \(its client registration expires then\)/);
    assert.match(r.stderr, /Use --min-remaining below 59m/);
  });

  test("role credentials that would not last are refused, with a hint that does not say to log in", async () => {
    dev.credentialLifetimeMs = 20 * 60_000;
    const r = await dev.run(["exec", P, "--", NODE, "-e", ""]);
    assert.equal(r.code, 75);
    assert.match(
      r.stderr,
      /the role credentials of profile "dev-terraform-core" \(permission set terraform-core\) last (19|20)m, less than the 30m default --min-remaining/,
    );
    assert.match(r.stderr, /sessionDuration of permission set terraform-core in keyless\.yaml/);
    assert.doesNotMatch(r.stderr, /keyless login/);
  });

  test("bad input: a shell inside a keyless shell, bad --min-remaining, unknown profile", async () => {
    // Without a command exec starts a shell; inside a keyless shell (KEYLESS_PROFILE set) it refuses.
    const nested = await dev.run(["exec", P], { env: { KEYLESS_PROFILE: "prod-terraform-core" } });
    assert.equal(nested.code, 64);
    assert.match(nested.stderr, /this is already a keyless shell \(KEYLESS_PROFILE=prod-terraform-core\)/);
    assert.match(nested.stderr, /Exit the keyless shell first/);
    const bad = await dev.run(["exec", P, "--min-remaining", "soon", "--", NODE, "-e", ""]);
    assert.equal(bad.code, 64);
    assert.match(bad.stderr, /--min-remaining "soon" is not a duration/);
    const badEnv = await dev.run(["exec", P, "--", NODE, "-e", ""], { env: { KEYLESS_MIN_REMAINING: "x" } });
    assert.equal(badEnv.code, 64);
    assert.match(badEnv.stderr, /KEYLESS_MIN_REMAINING "x"/);
    const unknown = await dev.run(["exec", "nope", "--", NODE, "-e", ""]);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /profile "nope" is not in .*config/);
    assert.match(
      unknown.stderr,
      /Profiles in the file: dev-terraform-core, dev-terraform-iam, prod-terraform-core/,
    );
  });

  test("SIGTERM sent to keyless is forwarded to the command, and its exit code comes back", async () => {
    const ready = join(dev.home, "ready");
    const got = join(dev.home, "got");
    const child = [
      `const fs = require("fs");`,
      `process.on("SIGTERM", () => { fs.writeFileSync(${JSON.stringify(got)}, "SIGTERM"); process.exit(42); });`,
      `fs.writeFileSync(${JSON.stringify(ready)}, "1");`,
      `setInterval(() => {}, 1000);`,
    ].join("\n");
    const cli = fileURLToPath(new URL("./dev-cli.ts", import.meta.url));
    // Asynchronous: the stand-in serving this process's keyless child runs in this process.
    const proc = spawn(NODE, ["--import", "tsx", cli, "exec", P, "--", NODE, "-e", child], {
      env: { ...process.env, ...dev.env() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    proc.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    while (!existsSync(ready)) {
      if (proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(existsSync(ready), `the command did not start: ${stderr}`);
    proc.kill("SIGTERM");
    assert.equal(await exited, 42, stderr);
    assert.equal(readFileSync(got, "utf8"), "SIGTERM");
  });
});

describe("keyless credentials", () => {
  test("prints credential_process JSON", async () => {
    const r = await dev.run(["credentials", P]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    const issued = dev.issued.at(-1);
    assert.deepEqual(Object.keys(j), [
      "Version",
      "AccessKeyId",
      "SecretAccessKey",
      "SessionToken",
      "Expiration",
      "AccountId",
    ]);
    assert.equal(j.Version, 1);
    assert.equal(j.AccessKeyId, issued?.accessKeyId);
    assert.equal(j.SecretAccessKey, issued?.secretAccessKey);
    assert.equal(j.SessionToken, issued?.sessionToken);
    assert.match(j.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Date.parse(j.Expiration) > Date.now());
    assert.equal(j.AccountId, DEV);
    assert.equal(r.stderr, "");
  });

  test("errors go to stderr with a non-zero exit and nothing on stdout", async () => {
    const unknown = await dev.run(["credentials", "nope"]);
    assert.equal(unknown.code, 64);
    assert.equal(unknown.stdout, "");
    writeFileSync(tokenPath(), "[]");
    const corrupted = await dev.run(["credentials", P]);
    assert.equal(corrupted.code, 67);
    assert.equal(corrupted.stdout, "");
    assert.match(corrupted.stderr, /token cache/);
  });
});

describe("no secrets in output", () => {
  test("no token, client secret or key reaches stdout or stderr of any command but credentials' stdout", async () => {
    const outputs: string[] = [];
    const keep = (r: { stdout: string; stderr: string }) => outputs.push(r.stdout, r.stderr);
    keep(await dev.run(configureArgs("--all", "--json")));
    keep(await dev.run(configureArgs("--all", "--dry-run")));
    setTokenExpiry(5 * 60_000);
    keep(await dev.run(["login"]));
    keep(await dev.run(["login", "--json"]));
    keep(await dev.run(["whoami", "--profile", P]));
    keep(await dev.run(["whoami", "--profile", P, "--json"]));
    keep(await dev.run(["exec", P, "--", NODE, "-e", "process.exit(3)"]));
    keep(await dev.run(["exec", P, "--min-remaining", "5h", "--", NODE, "-e", ""]));
    const creds = await dev.run(["credentials", P]);
    outputs.push(creds.stderr);
    keep(await dev.run(["whoami", "--profile", P, "--debug"]));
    const token = readToken();
    keep(await dev.run(["login", "--force", "--use-device-code", "--no-browser"]));
    const token2 = readToken();
    keep(await dev.run(["logout"]));
    keep(await dev.run(["whoami", "--profile", P]));
    keep(await dev.run(["credentials", P]));
    const secrets = [
      token.accessToken,
      token.refreshToken,
      token.clientSecret,
      token2.accessToken,
      token2.refreshToken,
      token2.clientSecret,
      ...dev.issued.flatMap((c) => [c.accessKeyId, c.secretAccessKey, c.sessionToken]),
    ].filter((s): s is string => typeof s === "string" && s.length > 8);
    assert.ok(secrets.length >= 9);
    const all = outputs.join("\n");
    for (const s of secrets) assert.ok(!all.includes(s), `a secret reached the output: ${s.slice(0, 4)}...`);
  });
});
