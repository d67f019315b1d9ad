/** The built CLI spawned as a user runs it, with a temporary HOME and working directory. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import type { CommandUnknownOpts as Command } from "@commander-js/extra-typings";
import type { CliIO } from "../../src/cli/io.ts";
import { createProgram } from "../../src/cli/main.ts";

const bin = resolve("bin/keyless.js");
let home: string;

function keyless(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: home,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH ?? "",
      HOME: home,
      // No credentials and an unreachable endpoint: nothing here may reach AWS.
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
      AWS_EC2_METADATA_DISABLED: "true",
      ...env,
    },
    input: "",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  home = await mkdtemp(join(tmpdir(), "keyless-e2e-"));
});
after(async () => {
  await rm(home, { recursive: true, force: true });
});

test("--help lists the commands and each command's help has examples", () => {
  const r = keyless(["--help"]);
  assert.equal(r.code, 0);
  for (const cmd of ["init", "validate", "plan", "apply", "schema"])
    assert.match(r.stdout, new RegExp(`\\b${cmd}\\b`));
  // Every visible leaf command of the real command tree, so a new command cannot miss its examples.
  const commands = leafCommands(createProgram(silentIO, () => {}));
  assert.ok(commands.length >= 25, `only ${commands.length} commands found`);
  for (const cmd of [["console"], ["env"], ["completion"], ["ci", "workflow"]])
    assert.ok(
      commands.some((c) => c.join(" ") === cmd.join(" ")),
      cmd.join(" "),
    );
  for (const cmd of commands) {
    const h = keyless([...cmd, "--help"]);
    assert.equal(h.code, 0, cmd.join(" "));
    assert.match(h.stdout, /Examples:\n {2}[^\n]*\bkeyless /, cmd.join(" "));
  }
});

test("--version prints the version", () => {
  const r = keyless(["--version"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

test("an unknown command or flag is a usage error (64)", () => {
  assert.equal(keyless(["frobnicate"]).code, 64);
  const r = keyless(["plan", "--no-such-flag"]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /unknown option/);
});

test("init --offline writes a starter file that validates, and never overwrites it", async () => {
  const r = keyless(["init", "--offline", "--region", "eu-west-1"]);
  assert.equal(r.code, 0, r.stderr);
  const path = join(home, "keyless.yaml");
  const first = await readFile(path, "utf8");
  assert.match(first, /region: eu-west-1/);
  const v = keyless(["validate"]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /is valid: 1 users, 1 groups, 8 permission sets/);

  const again = keyless(["init", "--offline"]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);
  assert.equal(await readFile(path, "utf8"), first);
});

test("init without credentials falls back to placeholders and says so", async () => {
  const r = keyless(["init", "-c", "fallback.yaml", "--region", "eu-central-1"], {
    AWS_ACCESS_KEY_ID: "",
    AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
    AWS_CONFIG_FILE: join(home, "none"),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /writing placeholders/);
  assert.ok((await stat(join(home, "fallback.yaml"))).isFile());
});

test("init rejects a malformed region before writing anything", async () => {
  const r = keyless(["init", "--offline", "-c", "bad-region.yaml", "--region", "europe"]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /"europe" is not an AWS region/);
  await assert.rejects(stat(join(home, "bad-region.yaml")));
});

test("validate names file:line:column and exits 65; --json gives the problems as data", async () => {
  await writeFile(
    join(home, "bad.yaml"),
    "version: 1\nidentityCenter:\n  region: eu-central-1\n  regoin: x\n",
  );
  const r = keyless(["validate", "-c", "bad.yaml"]);
  assert.equal(r.code, 65);
  assert.match(r.stderr, /bad\.yaml:4:3/);
  assert.match(r.stderr, /did you mean "region"/);
  const j = keyless(["validate", "-c", "bad.yaml", "--json"]);
  assert.equal(j.code, 65);
  const body = JSON.parse(j.stdout);
  assert.equal(body.valid, false);
  assert.ok(body.errors.some((e: string) => e.includes("bad.yaml:4:3")));
});

test("a missing keyless.yaml points at keyless init", () => {
  const r = keyless(["plan", "-c", "nope.yaml"]);
  assert.equal(r.code, 65);
  assert.match(r.stderr, /keyless init/);
});

test("schema prints a JSON Schema", () => {
  const r = keyless(["schema"]);
  assert.equal(r.code, 0);
  const schema = JSON.parse(r.stdout);
  assert.ok(schema.properties.permissionSets);
});

test("apply of a file that is not a keyless plan is refused (64)", async () => {
  await writeFile(join(home, "foreign.json"), '{"format_version":"1.2","terraform_version":"1.9.0"}');
  await writeFile(join(home, "keyless.yaml.bak"), "x");
  const r = keyless(["apply", "foreign.json", "--auto-approve"]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /not a keyless plan file/);
});

test("bad flag values are usage errors (64) before anything is read", () => {
  const rps = keyless(["plan", "--requests-per-second", "0"]);
  assert.equal(rps.code, 64);
  assert.match(rps.stderr, /--requests-per-second must be a number above 0/);
  const conc = keyless(["apply", "--auto-approve", "--concurrency", "many"]);
  assert.equal(conc.code, 64);
  assert.match(conc.stderr, /--concurrency must be a whole number from 1 to 50, got "many"/);
});

test("keyless scan of this repository finds no static credential (only AWS documentation examples)", () => {
  // The repository's allow list names the CI fixtures of scan's own tests (secret references).
  const allow = resolve(".keyless-scan-allow.yaml");
  const r = keyless(["scan", resolve("."), "--no-env", "--no-home", "--json", "--allow", allow]);
  assert.equal(r.code, 0, r.stdout.slice(0, 2000));
  const body = JSON.parse(r.stdout);
  type Finding = { severity: string; path: string; allowed: unknown };
  const findings = body.findings as Finding[];
  const failing = findings.filter((f) => f.severity !== "example" && f.allowed === null);
  assert.deepEqual(failing, []);
  const allowed = findings.filter((f) => f.allowed !== null);
  assert.ok(allowed.length > 0, "the allow list matched nothing: drop it or fix its paths");
  for (const f of allowed) assert.match(f.path, /^test\/fixtures\/scan\/ci-keys\//);
});

test("without AWS credentials, plan says how to sign in (67) and prints no SDK notice", async () => {
  await writeFile(join(home, "creds.yaml"), "version: 1\nidentityCenter:\n  region: eu-central-1\n");
  const r = keyless(["plan", "-c", "creds.yaml"], {
    AWS_CONFIG_FILE: join(home, "none"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
  });
  assert.equal(r.code, 67, r.stderr);
  assert.match(r.stderr, /No AWS credentials found/);
  assert.match(r.stderr, /Hint: /);
  assert.doesNotMatch(r.stderr, /NodeVersionSupportWarning|Warning: /);
});

const silentIO: CliIO = {
  out: () => {},
  err: () => {},
  stdoutIsTTY: false,
  stdinIsTTY: false,
  env: {},
  cwd: "/",
  ask: async () => "",
};

/** The paths of the commands a user can run (hidden ones, like the completion callback, left out). */
function leafCommands(cmd: Command, prefix: string[] = []): string[][] {
  const visible = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  if (visible.length === 0) return prefix.length ? [prefix] : [];
  return visible.flatMap((c) => leafCommands(c, [...prefix, c.name()]));
}
