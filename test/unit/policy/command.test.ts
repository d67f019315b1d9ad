import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Command } from "@commander-js/extra-typings";
import type { CliIO } from "../../../src/cli/io.ts";
import { registerPolicyCommands } from "../../../src/cli/register-policy.ts";
import { type PolicyLintOptions, runPolicyLint } from "../../../src/commands/policy-lint.ts";

function recordingIO(cwd: string) {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: {},
    cwd,
    ask: async () => "",
  };
  return io satisfies CliIO;
}

const CLEAN = JSON.stringify(
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] },
  null,
  2,
);
const BAD = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:GetObjekt"], "Resource": "*" }
  ]
}`;
const RISKY = `{
  "Version": "2012-10-17",
  "Statement": { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }
}`;

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "keyless-policy-lint-"));
  writeFileSync(join(d, "clean.json"), CLEAN);
  writeFileSync(join(d, "bad.json"), BAD);
  writeFileSync(join(d, "risky.json"), RISKY);
  writeFileSync(join(d, "broken.json"), '{"Version": "2012-10-17",\n  "Statement": [}');
  mkdirSync(join(d, "folder.json"));
  return d;
}

async function run(files: string[], opts: PolicyLintOptions = {}) {
  const io = recordingIO(dir());
  const code = await runPolicyLint(files, opts, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("keyless policy lint", () => {
  it("exits 0 with a summary for a clean file", async () => {
    const r = await run(["clean.json"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "1 file checked: 0 errors, 0 warnings\n");
  });

  it("prints file:line:col: severity code: message and exits 65 on errors", async () => {
    const r = await run(["clean.json", "bad.json"]);
    assert.equal(r.code, 65);
    assert.equal(
      r.stdout,
      'bad.json:4:37: error action/unknown: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"?\n' +
        "2 files checked: 1 error, 0 warnings\n",
    );
  });

  it("allows warnings unless --strict", async () => {
    const r = await run(["risky.json"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^risky.json:3:37: warning escalation\/iam-pass-role-any-resource: /m);
    assert.match(r.stdout, /1 file checked: 0 errors, 1 warning\n$/);
    const strict = await run(["risky.json"], { strict: true });
    assert.equal(strict.code, 65);
    assert.match(strict.stdout, /--strict: warnings fail/);
  });

  it("runs the reach checks and prints each one's fix on the next line", async () => {
    const d = dir();
    const doc = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": ["s3:PutBucketPolicy"], "Resource": "*" }]
}`;
    writeFileSync(join(d, "reach.json"), doc);
    const io = recordingIO(d);
    assert.equal(await runPolicyLint(["reach.json"], {}, io), 0);
    const lines = io.stdout.split("\n");
    assert.match(
      lines[0]!,
      /^reach\.json:3:49: warning resource-policy\/s3-put-bucket-policy: s3:PutBucketPolicy is allowed on Resource "\*"/,
    );
    assert.match(lines[1]!, /^ {2}fix: list the resources this policy manages in Resource/);
    assert.equal(lines[2], "1 file checked: 0 errors, 1 warning");
  });

  it("reports invalid JSON at its position", async () => {
    const r = await run(["broken.json"]);
    assert.equal(r.code, 65);
    assert.match(r.stdout, /^broken.json:2:17: error json\/syntax: invalid JSON: /m);
  });

  it("exits 64 for unreadable files, naming them, and still lints the rest", async () => {
    const r = await run(["missing.json", "bad.json", "folder.json"]);
    assert.equal(r.code, 64);
    assert.equal(
      r.stderr,
      "missing.json: cannot read the file: not found\nfolder.json: cannot read the file: is a directory\n",
    );
    assert.match(r.stdout, /^bad.json:4:37: error action\/unknown/m);
    assert.match(r.stdout, /3 files checked: 1 error, 0 warnings, 2 unreadable\n$/);
  });

  it("prints JSON with --json", async () => {
    const r = await run(["bad.json", "risky.json", "missing.json"], { json: true });
    assert.equal(r.code, 64);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ok, false);
    assert.deepEqual(out.summary, { files: 3, errors: 1, warnings: 1, unreadable: 1 });
    assert.deepEqual(out.files[0].findings[0], {
      severity: "error",
      code: "action/unknown",
      message: 'unknown action "s3:GetObjekt"; did you mean "s3:GetObject"?',
      path: "Statement[0].Action[0]",
      line: 4,
      col: 37,
    });
    assert.equal(out.files[2].unreadable, "not found");
    assert.equal(r.stderr, "");
  });

  it("applies the customer-managed size limit with --kind", async () => {
    const d = dir();
    const doc = {
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b/${"a".repeat(7000)}` },
    };
    writeFileSync(join(d, "big.json"), JSON.stringify(doc));
    const io = recordingIO(d);
    assert.equal(await runPolicyLint(["big.json"], {}, io), 0);
    assert.equal(await runPolicyLint(["big.json"], { kind: "customer-managed" }, io), 65);
    assert.match(io.stdout, /big.json:1:1: error size\/too-large/);
  });

  it("is wired as `policy lint` with its flags", async () => {
    const io = recordingIO(dir());
    const program = new Command("keyless").exitOverride();
    let exit = -1;
    registerPolicyCommands(program, io, (c) => {
      exit = c;
    });
    await program.parseAsync(["policy", "lint", "--strict", "risky.json", "clean.json"], { from: "user" });
    assert.equal(exit, 65);
    assert.match(io.stdout, /2 files checked: 0 errors, 1 warning/);
  });
});
