/**
 * `keyless console` as an engineer runs it: the built CLI as a child process, signed in through the
 * token cache, the SSO portal stand-in issuing role credentials (minted by moto's STS), and the
 * federation stand-in answering getSigninToken exactly as AWS's federation endpoint does, accepting
 * only the credentials the portal issued. The test checks the URL keyless prints or hands to the
 * browser carries the token the stand-in issued for those credentials, and that no credential or
 * sign-in token reaches any other output.
 */
import assert from "node:assert/strict";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { tokenCachePath } from "../../src/local/sso/index.ts";
import { type Exit, runKeyless } from "../helpers/spawn-cli.ts";
import { fakeBrowser } from "../helpers/sso-sign-in.ts";
import { type FederationStandin, startFederationStandin } from "../standins/federation-standin.ts";
import {
  ACCOUNT,
  type Engineer,
  engineer,
  installProfileSet,
  PROFILE,
  REGION,
  ROLE,
  SESSION,
  START_URL,
  signIn,
  startWorld,
  type World,
} from "./engineer-world.ts";

let world: World;
let eng: Engineer;
let federation: FederationStandin;
/** false: the federation stand-in knows no credentials (refuses every session). */
let acceptIssued = true;
let browser: ReturnType<typeof fakeBrowser>;

before(async () => {
  world = await startWorld();
  federation = await startFederationStandin({ issued: () => (acceptIssued ? world.issued : []) });
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
  acceptIssued = true;
  federation.clear();
  world.standin.clearCalls();
});

/** The engineer's shell: the fake browser first on PATH, no display unless given. */
function run(args: string[], extra: Record<string, string | undefined> = {}): Promise<Exit> {
  return runKeyless(args, {
    cwd: eng.work,
    env: eng.env({
      KEYLESS_FEDERATION_ENDPOINT: federation.endpoint,
      PATH: `${browser.pathPrefix}:${process.env.PATH ?? ""}`,
      ...extra,
    }),
  });
}
const shown = (r: Exit) => `\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;

/** Every secret that exists now: issued role credentials and sign-in tokens. */
function secrets(): string[] {
  return [
    ...world.issued.flatMap((c) => [c.accessKeyId, c.secretAccessKey, c.sessionToken]),
    ...federation.tokens().map((t) => t.signinToken),
  ];
}
function assertNoSecret(text: string, what: string): void {
  for (const s of secrets()) assert.ok(!text.includes(s), `${what} shows a secret: ${s.slice(0, 6)}...`);
}
/** No role credentials were fetched and the federation endpoint was not asked. */
function assertNoAwsCall(): void {
  assert.deepEqual(federation.requests(), []);
  assert.ok(!world.standin.calls().some((c) => c.operation === "GetRoleCredentials"));
}

test("console --help: examples, and that the URL is printed only with --print", async () => {
  const r = await run(["console", "--help"]);
  assert.equal(r.code, 0, shown(r));
  assert.match(r.stdout, /Examples:\n {2}keyless console terraform-dev\n/);
  assert.match(r.stdout, /--service s3 --region eu-west-1/);
  assert.match(r.stdout, /keyless prints\n\s*it only with --print/);
  assert.match(r.stdout, /KEYLESS_FEDERATION_ENDPOINT/);
});

describe("keyless console --print, spawned", () => {
  test("prints the login URL with the sign-in token the federation endpoint issued for the role credentials", async () => {
    const r = await run(["console", PROFILE, "--print"]);
    assert.equal(r.code, 0, shown(r));
    assert.equal(r.stderr, "");
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 1, "the URL only");
    const url = new URL(lines[0] as string);
    assert.equal(`${url.origin}${url.pathname}`, federation.endpoint);
    const tokens = federation.tokens();
    assert.equal(tokens.length, 1);
    const token = tokens[0];
    // The stand-in accepted the session only because it carried these very credentials.
    assert.equal(token?.accessKeyId, world.issued.at(-1)?.accessKeyId);
    assert.equal(
      token?.sessionDuration,
      undefined,
      "no SessionDuration: the console lasts as the credentials",
    );
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      Action: "login",
      Issuer: START_URL,
      Destination: `https://${REGION}.console.aws.amazon.com/console/home?region=${REGION}`,
      SigninToken: token?.signinToken,
    });
    // The browser's visit: the federation endpoint takes the token and sends it on to the console.
    const visit = await fetch(url, { redirect: "manual" });
    assert.equal(visit.status, 302);
    assert.equal(visit.headers.get("location"), url.searchParams.get("Destination"));
    for (const c of world.issued)
      assert.ok(!r.stdout.includes(c.secretAccessKey) && !r.stdout.includes(c.sessionToken));
  });

  test("--service and --region land on that page", async () => {
    const r = await run(["console", PROFILE, "--print", "--service", "s3", "--region", "eu-west-1"]);
    assert.equal(r.code, 0, shown(r));
    const url = new URL(r.stdout.trim());
    assert.equal(
      url.searchParams.get("Destination"),
      "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
    );
  });

  test("the profile comes from AWS_PROFILE when not given", async () => {
    const r = await run(["console", "--print"], { AWS_PROFILE: PROFILE });
    assert.equal(r.code, 0, shown(r));
    assert.equal(
      new URL(r.stdout.trim()).searchParams.get("SigninToken"),
      federation.tokens()[0]?.signinToken,
    );
  });
});

describe("keyless console opens a browser, spawned", () => {
  test("the system opener gets the URL; keyless prints which role, never the URL", async () => {
    const before = browser.opened().length;
    const r = await run(["console", PROFILE], { DISPLAY: ":0" });
    assert.equal(r.code, 0, shown(r));
    assert.equal(
      r.stdout,
      `Opened the AWS console as role ${ROLE} in account ${ACCOUNT} (profile ${PROFILE}) in ${REGION}.\n`,
    );
    const opened = browser.opened().slice(before);
    assert.equal(opened.length, 1);
    const url = new URL(opened[0] as string);
    assert.equal(url.searchParams.get("SigninToken"), federation.tokens()[0]?.signinToken);
    assertNoSecret(r.stdout + r.stderr, "console");
  });

  test("--browser CMD runs that command with its arguments and the URL last", async () => {
    const log = join(eng.home, "my-browser.log");
    const cmd = join(eng.home, "my-browser");
    writeFileSync(cmd, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${log}'\n`);
    chmodSync(cmd, 0o755);
    const r = await run(["console", PROFILE, "--service", "iam", "--browser", `${cmd} --private-window`]);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /^Opened the AWS console as role .*, on iam in eu-central-1\.\n$/);
    // The opener is detached: wait for its log (the test's own event loop keeps the stand-ins up).
    for (let i = 0; i < 200 && !existsSync(log); i++) await new Promise((ok) => setTimeout(ok, 25));
    const args = readFileSync(log, "utf8").trimEnd().split("\n");
    assert.equal(args[0], "--private-window");
    const url = new URL(args[1] as string);
    assert.equal(url.searchParams.get("SigninToken"), federation.tokens()[0]?.signinToken);
    assert.match(url.searchParams.get("Destination") ?? "", /\/iam\/home\?region=eu-central-1$/);
    assertNoSecret(r.stdout + r.stderr, "console --browser");
  });

  test("a --browser command that cannot be started: exit 64, and the URL is not shown instead", async () => {
    const r = await run(["console", PROFILE, "--browser", "no-such-browser-xyz"]);
    assert.equal(r.code, 64, shown(r));
    assert.match(r.stderr, /could not start --browser "no-such-browser-xyz"/);
    assert.match(r.stderr, /--print/);
    assertNoSecret(r.stdout + r.stderr, "console with a missing browser");
  });

  test("no display and no --browser: exit 64 before any AWS call, pointing at --print", async () => {
    const r = await run(["console", PROFILE]);
    assert.equal(r.code, 64, shown(r));
    assert.match(r.stderr, /no browser can be opened here/);
    assert.match(r.stderr, new RegExp(`keyless console ${PROFILE} --print`));
    assertNoAwsCall();
  });
});

describe("keyless console refusals, spawned", () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["unknown profile", ["console", "nope", "--print"], {}, /profile "nope" is not in .*config/],
    [
      "bad --service",
      ["console", PROFILE, "--print", "--service", "S3/x"],
      {},
      /--service "S3\/x" is not an AWS console service name/,
    ],
    [
      "bad --region",
      ["console", PROFILE, "--print", "--region", "europe"],
      {},
      /--region "europe" is not an AWS region name/,
    ],
    [
      "--region of another partition",
      ["console", PROFILE, "--print", "--region", "us-gov-west-1"],
      {},
      /--region "us-gov-west-1" is not in the aws partition of profile/,
    ],
    [
      "a federation endpoint over plain http to another host",
      ["console", PROFILE, "--print"],
      { KEYLESS_FEDERATION_ENDPOINT: "http://example.com/federation" },
      /KEYLESS_FEDERATION_ENDPOINT "http:\/\/example\.com\/federation" must be https/,
    ],
  ];
  for (const [what, args, env, message] of cases) {
    test(`${what}: exit 64, the value named, no AWS call, nothing printed`, async () => {
      const r = await run(args, env);
      assert.equal(r.code, 64, shown(r));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, "");
      assertNoAwsCall();
    });
  }

  test("the federation endpoint refuses the session: exit 1, its status named, no secret shown", async () => {
    acceptIssued = false;
    const r = await run(["console", PROFILE, "--print"]);
    assert.equal(r.code, 1, shown(r));
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      new RegExp(
        `the AWS federation endpoint ${federation.endpoint} refused the role credentials \\(HTTP 400\\)`,
      ),
    );
    assert.deepEqual(
      federation.requests().map((q) => [q.action, q.status, q.problem]),
      [["getSigninToken", 400, "Session does not carry credentials the portal issued"]],
    );
    assertNoSecret(r.stderr, "a refused console");
  });

  test("signed out, off a terminal: exit 67 as before, no federation call", async () => {
    const cache = tokenCachePath({ home: eng.home }, SESSION);
    const { refreshToken: _gone, ...token } = JSON.parse(readFileSync(cache, "utf8"));
    writeFileSync(cache, JSON.stringify({ ...token, expiresAt: "2020-01-01T00:00:00Z" }));
    try {
      const r = await run(["console", PROFILE, "--print"]);
      assert.equal(r.code, 67, shown(r));
      assert.match(r.stderr, /has expired .*\nHint: Run `keyless login`/);
      assert.deepEqual(federation.requests(), []);
    } finally {
      await signIn(world, eng);
    }
  });
});
