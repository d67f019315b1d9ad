/**
 * `keyless exec` as an engineer runs it: the built CLI as a child process, from a HOME of its own
 * outside the repository, after `keyless configure --from` (signed in through the token cache). The
 * command's exit code comes back; SIGTERM and SIGINT sent to keyless reach the command and keyless
 * exits 128+N; Ctrl-C typed on a terminal stops the command once; --min-remaining refuses with exit 75
 * and a message that names the limit and a step that can lift it.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { tokenCachePath } from "../../src/local/sso/index.ts";
import { spawnKeyless } from "../helpers/spawn-cli.ts";
import {
  ACCOUNT,
  type Engineer,
  engineer,
  installProfileSet,
  PROFILE,
  REGION,
  SESSION,
  signIn,
  startWorld,
  type World,
} from "./engineer-world.ts";

const NODE = process.execPath;
let world: World;
let eng: Engineer;

before(async () => {
  world = await startWorld();
  eng = engineer(world);
  await signIn(world, eng);
  await installProfileSet(eng);
});
after(async () => {
  await world?.stop();
  eng?.remove();
});
beforeEach(async () => {
  world.credentialLifetimeMs = undefined;
  await signIn(world, eng);
});

const cache = () => tokenCachePath({ home: eng.home }, SESSION);
const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
function editToken(edit: (t: Record<string, string>) => Record<string, string>): void {
  writeFileSync(cache(), JSON.stringify(edit(JSON.parse(readFileSync(cache(), "utf8")))));
}

/** A command that says it is ready, then waits to be stopped (no signal handler of its own). */
const WAITER = `require("fs").writeFileSync(process.argv[1], String(process.pid)); console.log("ready"); setInterval(() => {}, 1000);`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("keyless exec, spawned", () => {
  test("the command gets the role credentials and region; its exit code is keyless's", async () => {
    const out = join(eng.home, "env.json");
    const script = `require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.env)); process.exit(7)`;
    const r = await eng.run(["exec", PROFILE, "--", NODE, "-e", script], {
      env: { AWS_PROFILE: "someone-else", AWS_ACCESS_KEY_ID: "AKIASTALEKEY" },
    });
    assert.equal(r.code, 7, r.stderr);
    const env = JSON.parse(readFileSync(out, "utf8")) as Record<string, string>;
    const issued = world.issued.at(-1);
    assert.equal(env.AWS_ACCESS_KEY_ID, issued?.accessKeyId);
    assert.equal(env.AWS_SESSION_TOKEN, issued?.sessionToken);
    assert.equal(env.AWS_REGION, REGION);
    assert.equal(env.AWS_PROFILE, undefined);
    for (const c of world.issued)
      assert.ok(!r.stdout.includes(c.secretAccessKey) && !r.stderr.includes(c.secretAccessKey));
  });

  test("the credentials are the profile's role: the AWS CLI under exec names it", async () => {
    const out = join(eng.home, "who.json");
    const r = await eng.run([
      "exec",
      PROFILE,
      "--",
      "sh",
      "-c",
      `aws sts get-caller-identity --output json > '${out}'`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      JSON.parse(readFileSync(out, "utf8")).Arn,
      new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/terraform-core/`),
    );
  });

  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    test(`${signal} sent to keyless reaches the command; keyless exits ${code}`, async () => {
      const pidFile = join(eng.home, `${signal}.pid`);
      const cli = spawnKeyless(["exec", PROFILE, "--", NODE, "-e", WAITER, pidFile], {
        cwd: eng.work,
        env: eng.env(),
      });
      await cli.waitFor(/ready/);
      const childPid = Number(readFileSync(pidFile, "utf8"));
      assert.ok(alive(childPid));
      cli.kill(signal);
      const exit = await cli.exited;
      assert.equal(exit.signal, null, "keyless itself was not killed: it waited for the command");
      assert.equal(exit.code, code, exit.stderr);
      assert.ok(!alive(childPid), "the command is gone");
    });
  }

  test("Ctrl-C on a terminal stops the command (one interrupt, from the terminal); keyless exits 130", async () => {
    const pidFile = join(eng.home, "tty.pid");
    const cli = spawnKeyless(["exec", PROFILE, "--", NODE, "-e", WAITER, pidFile], {
      cwd: eng.work,
      env: eng.env(),
      tty: true,
    });
    await cli.waitFor(/ready/);
    const childPid = Number(readFileSync(pidFile, "utf8"));
    cli.write("\u0003");
    const exit = await cli.exited;
    assert.equal(exit.code, 130, exit.stdout);
    assert.ok(!alive(childPid));
  });

  test("--min-remaining 2h on a refreshable 1-hour token with 4-hour credentials: the command runs", async () => {
    editToken((t) => ({ ...t, expiresAt: stamp(Date.now() + 59 * 60_000) }));
    world.credentialLifetimeMs = 4 * 3600_000;
    const r = await eng.run(["exec", PROFILE, "--min-remaining", "2h", "--", NODE, "-e", "process.exit(0)"]);
    assert.equal(r.code, 0, r.stderr);
  });

  test("role credentials shorter than --min-remaining: exit 75, the permission set's session duration named, no login hint", async () => {
    const marker = join(eng.home, "started");
    world.credentialLifetimeMs = 3600_000;
    const r = await eng.run([
      "exec",
      PROFILE,
      "--min-remaining",
      "2h",
      "--",
      NODE,
      "-e",
      `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`,
    ]);
    assert.equal(r.code, 75, r.stderr);
    assert.match(
      r.stderr,
      /^Error: the role credentials of profile "shared-terraform-core" \(permission set terraform-core\) last (59m|1h 0m), less than the 2h --min-remaining; the command was not started$/m,
    );
    assert.match(r.stderr, /raise sessionDuration of permission set terraform-core in keyless\.yaml/);
    assert.doesNotMatch(r.stderr, /keyless login/);
    assert.ok(!existsSync(marker), "the command never started");
  });

  test("a token that cannot be refreshed and ends first: exit 75, and `keyless login --force` (which helps)", async () => {
    editToken(({ refreshToken: _r, ...t }) => ({ ...t, expiresAt: stamp(Date.now() + 40 * 60_000) }));
    const r = await eng.run(["exec", PROFILE, "--min-remaining", "1h", "--", NODE, "-e", ""]);
    assert.equal(r.code, 75, r.stderr);
    assert.match(
      r.stderr,
      /the SSO access token of session "d-1234567890" has (39|40)m left and cannot be refreshed \(no refresh token with a valid client registration is cached\), less than the 1h --min-remaining/,
    );
    assert.match(r.stderr, /^Hint: Run `keyless login --force`/m);
  });
});
