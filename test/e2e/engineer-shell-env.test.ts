/**
 * `keyless exec PROFILE` without a command (the user's shell with the credentials) and `keyless env`
 * (exports for eval), as an engineer runs them: the built CLI as a child process, on a pseudo-terminal
 * where a user would be. The shell is driven by typing into it; what it sees is written to a file.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { type Exit, KEYLESS_BIN, runKeyless, type SpawnedCli, spawnKeyless } from "../helpers/spawn-cli.ts";
import {
  ACCOUNT,
  type Engineer,
  engineer,
  installProfileSet,
  PROFILE,
  REGION,
  signIn,
  startWorld,
  type World,
} from "./engineer-world.ts";

let world: World;
let eng: Engineer;
const running: SpawnedCli[] = [];

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
beforeEach(() => world.standin.clearCalls());
afterEach(() => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.kill("SIGKILL");
  }
});

const shown = (r: Exit) => `\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
function keyless(args: string[], env: Record<string, string | undefined> = {}, tty = true): SpawnedCli {
  // NO_COLOR: plain error text on the terminal, as the assertions read it.
  const cli = spawnKeyless(args, { cwd: eng.work, env: eng.env({ NO_COLOR: "1", ...env }), tty });
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
function envFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}
function assertNoSecret(text: string, what: string): void {
  for (const c of world.issued) {
    for (const s of [c.secretAccessKey, c.sessionToken]) {
      assert.ok(!text.includes(s), `${what} shows a secret: ${s.slice(0, 6)}...`);
    }
  }
}
const noRoleCredentialsFetched = () =>
  assert.ok(!world.standin.calls().some((c) => c.operation === "GetRoleCredentials"));

describe("keyless exec PROFILE: the user's shell, spawned on a terminal", () => {
  test("$SHELL starts with the credentials, region and KEYLESS_PROFILE; its exit code is keyless's", async () => {
    const seen = join(eng.home, "shell-env.txt");
    const cli = keyless(["exec", PROFILE], { SHELL: "/bin/bash", AWS_PROFILE: "someone-else" });
    await cli.waitFor(/Type `exit` to leave it\./);
    assert.match(
      cli.stdout,
      new RegExp(
        `Starting /bin/bash with the credentials of profile ${PROFILE} \\(account ${ACCOUNT}, role terraform-core, until \\d{4}-`,
      ),
    );
    cli.write(`env > '${seen}'; exit 3\r`);
    const r = await exitOf(cli);
    assert.equal(r.code, 3, shown(r));
    const env = envFile(seen);
    const issued = world.issued.at(-1);
    assert.equal(env.KEYLESS_PROFILE, PROFILE);
    assert.equal(env.AWS_ACCESS_KEY_ID, issued?.accessKeyId);
    assert.equal(env.AWS_SECRET_ACCESS_KEY, issued?.secretAccessKey);
    assert.equal(env.AWS_SESSION_TOKEN, issued?.sessionToken);
    assert.equal(env.AWS_REGION, REGION);
    assert.equal(env.AWS_DEFAULT_REGION, REGION);
    assert.match(env.AWS_CREDENTIAL_EXPIRATION ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(env.AWS_PROFILE, undefined);
    assertNoSecret(r.stdout, "the shell's start");
  });

  test("keyless exec inside the keyless shell is refused (exit 64, exit it first); the shell goes on", async () => {
    const cli = keyless(["exec", PROFILE], { SHELL: "/bin/bash" });
    await cli.waitFor(/Type `exit` to leave it\./);
    cli.write(`'${process.execPath}' '${KEYLESS_BIN}' exec ${PROFILE}; echo "nested-exit:$?"\r`);
    await cli.waitFor(/nested-exit:(\d+)/);
    cli.write("exit\r");
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /nested-exit:64/);
    assert.match(
      r.stdout,
      new RegExp(
        `Error: this is already a keyless shell \\(KEYLESS_PROFILE=${PROFILE}\\); a shell for profile "${PROFILE}" is not started inside it`,
      ),
    );
    assert.match(r.stdout, /Hint: Exit the keyless shell first \(type `exit`\)/);
    assert.equal((r.stdout.match(/Starting \/bin\/bash/g) ?? []).length, 1, "no second shell started");
  });

  test("a command inside the keyless shell still runs with other credentials (only a second shell is refused)", async () => {
    const seen = join(eng.home, "inner-env.txt");
    const cli = keyless(["exec", PROFILE], { SHELL: "/bin/bash" });
    await cli.waitFor(/Type `exit` to leave it\./);
    cli.write(`'${process.execPath}' '${KEYLESS_BIN}' exec ${PROFILE} -- env > '${seen}'; exit $?\r`);
    const r = await exitOf(cli);
    assert.equal(r.code, 0, shown(r));
    assert.equal(envFile(seen).AWS_ACCESS_KEY_ID, world.issued.at(-1)?.accessKeyId);
  });

  test("without SHELL: /bin/sh (here off a terminal, reading its commands from stdin)", async () => {
    const r = await runKeyless(["exec", PROFILE], {
      cwd: eng.work,
      env: eng.env(),
      input: 'echo "shell:$0:$KEYLESS_PROFILE:$AWS_REGION"\n',
    });
    assert.equal(r.code, 0, shown(r));
    assert.equal(r.stdout, `shell:/bin/sh:${PROFILE}:${REGION}\n`);
  });

  test("KEYLESS_PROFILE already set off a terminal: exit 64 before any AWS call", async () => {
    const r = await eng.run(["exec", PROFILE], { env: { KEYLESS_PROFILE: "other" } });
    assert.equal(r.code, 64, shown(r));
    assert.match(r.stderr, /already a keyless shell \(KEYLESS_PROFILE=other\)/);
    noRoleCredentialsFetched();
  });
});

/** Runs `script` in bash with `input` on stdin; resolves with stdout. */
function bash(script: string, input: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { env: { PATH: process.env.PATH ?? "", ...env } });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      err += d;
    });
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`bash exited ${code}: ${err}`)),
    );
    child.stdin.end(input);
  });
}

describe("keyless env, spawned", () => {
  test("env --help says it prints secrets and how to eval it; exec --help shows the shell", async () => {
    const env = await eng.run(["env", "--help"]);
    assert.equal(env.code, 0, shown(env));
    assert.match(env.stdout, /prints\s+secrets, by design/);
    assert.match(env.stdout, /Examples:\n {2}eval "\$\(keyless env terraform-dev\)"/);
    assert.match(env.stdout, /refuses \(exit 64\) unless --force/);
    const exec = await eng.run(["exec", "--help"]);
    assert.match(exec.stdout, /keyless exec terraform-dev {10}# a shell \(\$SHELL, else \/bin\/sh\)/);
    assert.match(exec.stdout, /--no-sign-in/);
  });

  test("sh: bash evals it and the AWS CLI is the profile's role; AWS_PROFILE is gone", async () => {
    const r = await eng.run(["env", PROFILE]);
    assert.equal(r.code, 0, shown(r));
    assert.equal(r.stderr, "");
    const out = await bash(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, for bash
      'eval "$(cat)"; echo "profile=${AWS_PROFILE-unset} region=$AWS_REGION"; aws sts get-caller-identity --query Arn --output text',
      r.stdout,
      {
        HOME: eng.home,
        AWS_PROFILE: "someone-else",
        AWS_ENDPOINT_URL: world.moto.endpoint,
        AWS_EC2_METADATA_DISABLED: "true",
      },
    );
    const [first, arn] = out.trim().split("\n");
    assert.equal(first, `profile=unset region=${REGION}`);
    assert.match(arn ?? "", new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/terraform-core/`));
  });

  test("fish, powershell and dotenv carry the issued credentials in their syntax; json is credential_process", async () => {
    const fish = await eng.run(["env", PROFILE, "--format", "fish"]);
    assert.equal(fish.code, 0, shown(fish));
    let c = world.issued.at(-1);
    assert.match(
      fish.stdout,
      new RegExp(`^set -gx AWS_SECRET_ACCESS_KEY '${reEscape(c?.secretAccessKey)}'$`, "m"),
    );
    assert.match(fish.stdout, /^set -e AWS_PROFILE$/m);

    const ps = await eng.run(["env", PROFILE, "--format", "powershell"]);
    c = world.issued.at(-1);
    assert.match(ps.stdout, new RegExp(`^\\$Env:AWS_SESSION_TOKEN = '${reEscape(c?.sessionToken)}'$`, "m"));
    assert.match(ps.stdout, new RegExp(`^\\$Env:AWS_REGION = '${REGION}'$`, "m"));

    const dotenv = await eng.run(["env", PROFILE, "--format", "dotenv"]);
    c = world.issued.at(-1);
    assert.match(dotenv.stdout, new RegExp(`^AWS_ACCESS_KEY_ID=${c?.accessKeyId}$`, "m"));
    assert.doesNotMatch(dotenv.stdout, /unset|'/);

    const json = await eng.run(["env", PROFILE, "--format", "json"]);
    c = world.issued.at(-1);
    const doc = JSON.parse(json.stdout);
    assert.deepEqual(
      { ...doc, Expiration: undefined },
      {
        Version: 1,
        AccessKeyId: c?.accessKeyId,
        SecretAccessKey: c?.secretAccessKey,
        SessionToken: c?.sessionToken,
        Expiration: undefined,
        AccountId: ACCOUNT,
      },
    );
    for (const r of [fish, ps, dotenv, json]) assert.equal(r.stderr, "");
  });

  test("on a terminal: refused (exit 64) without --force, before any AWS call, saying how to eval it", async () => {
    const cli = keyless(["env", PROFILE, "--format", "fish"]);
    const r = await exitOf(cli);
    assert.equal(r.code, 64, shown(r));
    assert.match(r.stdout, /Error: keyless env prints secret credentials, and stdout is a terminal/);
    assert.match(
      r.stdout,
      new RegExp(
        `Hint: Let your shell read them: keyless env ${PROFILE} --format fish \\| source; or pass --force`,
      ),
    );
    noRoleCredentialsFetched();
  });

  test("on a terminal with --force: printed", async () => {
    const r = await exitOf(keyless(["env", PROFILE, "--force"]));
    assert.equal(r.code, 0, shown(r));
    assert.ok(r.stdout.includes(`export AWS_ACCESS_KEY_ID='${world.issued.at(-1)?.accessKeyId}'`));
  });

  test("bad --format and unknown profile: exit 64, the value named, no AWS call, nothing on stdout", async () => {
    const bad = await eng.run(["env", PROFILE, "--format", "xml"]);
    assert.equal(bad.code, 64, shown(bad));
    assert.match(
      bad.stderr,
      /argument 'xml' is invalid\. Allowed choices are sh, fish, powershell, dotenv, json/,
    );
    assert.equal(bad.stdout, "");
    const unknown = await eng.run(["env", "nope"]);
    assert.equal(unknown.code, 64, shown(unknown));
    assert.match(unknown.stderr, /profile "nope" is not in .*config/);
    assert.equal(unknown.stdout, "");
    noRoleCredentialsFetched();
    assert.ok(!existsSync(join(eng.work, ".env")));
  });
});

function reEscape(s: string | undefined): string {
  return (s ?? "").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
