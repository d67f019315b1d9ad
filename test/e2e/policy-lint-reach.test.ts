/**
 * `keyless policy lint` as a user runs it, on the reach findings: a policy with one finding of each
 * new kind (resource-policy write, credential reset, configuration-level code execution, tag hop)
 * exits 0 with warnings, each at its file:line:col with a fix line; `--strict` makes them exit 65;
 * `--json` carries the fix. And the presets as they were before issue 10 are reported.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";

/** Offline: no credentials and an unreachable endpoint. */
const keyless = (args: string[]) =>
  runKeyless(args, {
    cwd: dirs.work,
    env: { HOME: dirs.home, AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_EC2_METADATA_DISABLED: "true" },
  });

const REACH = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Buckets", "Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "*" },
    { "Sid": "Databases", "Effect": "Allow", "Action": ["rds:ModifyDBInstance"], "Resource": "*" },
    {
      "Sid": "Functions",
      "Effect": "Allow",
      "Action": ["lambda:UpdateFunctionConfiguration", "lambda:TagResource"],
      "Resource": "*"
    },
    {
      "Sid": "CodeOfManagedFunctions",
      "Effect": "Allow",
      "Action": "lambda:UpdateFunctionCode",
      "Resource": "*",
      "Condition": { "StringEquals": { "aws:ResourceTag/keyless-scope": "terraform" } }
    }
  ]
}
`;

let dirs: UserDirs;
before(() => {
  dirs = userDirs("keyless-policy-lint-reach-");
  mkdirSync(join(dirs.work, "policies"), { recursive: true });
  writeFileSync(join(dirs.work, "policies", "reach.json"), REACH);
});
after(() => dirs.remove());

const EXPECTED = [
  ["4:44", "resource-policy/s3-put-bucket-policy"],
  ["5:57", "credential-reset/rds-modify-db-instance"],
  ["9:18", "code-execution/lambda-update-function-configuration"],
  ["17:40", "tag-hop/lambda-tag-resource"],
];

describe("e2e: policy lint reach findings", () => {
  it("one finding of each kind: warnings at file:line:col, each with a fix line, exit 0", async () => {
    const r = await keyless(["policy", "lint", "policies/reach.json"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    const found = lines.filter((l) => l.startsWith("policies/reach.json:"));
    assert.deepEqual(
      found.map((l) => /^policies\/reach\.json:(\d+:\d+): warning (\S+): /.exec(l)?.slice(1, 3)),
      EXPECTED,
    );
    for (const l of found) {
      const next = lines[lines.indexOf(l) + 1] ?? "";
      assert.match(next, /^ {2}fix: \S/, `a fix follows ${l}`);
    }
    assert.match(
      r.stdout,
      /lambda:TagResource \(allowed by Statement\[2\]\) lets the holder add keyless-scope/,
    );
    assert.match(r.stdout, /^1 file checked: 0 errors, 4 warnings$/m);
    assert.equal(r.stderr, "");
  });

  it("--strict makes the warnings fail with 65", async () => {
    const r = await keyless(["policy", "lint", "--strict", "policies/reach.json"]);
    assert.equal(r.code, 65, r.stdout + r.stderr);
    assert.match(r.stdout, /^1 file checked: 0 errors, 4 warnings \(--strict: warnings fail\)$/m);
  });

  it("--json carries code, place and fix of each finding", async () => {
    const r = await keyless(["policy", "lint", "--json", "policies/reach.json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      files: { findings: { severity: string; code: string; line: number; col: number; fix?: string }[] }[];
      summary: { warnings: number };
    };
    assert.equal(out.ok, true);
    assert.equal(out.summary.warnings, 4);
    const findings = out.files[0]!.findings;
    assert.deepEqual(findings.map((f) => [`${f.line}:${f.col}`, f.code]).sort(), [...EXPECTED].sort());
    for (const f of findings) assert.ok(f.severity === "warning" && f.fix && f.fix.length > 20, f.code);
  });

  it("reports issue 10's findings on the presets as they were before it (copied next to the user)", async () => {
    const fixtures = resolve("test/fixtures/presets-before-issue-10");
    for (const preset of ["terraform-compute", "terraform-database"]) {
      copyFileSync(join(fixtures, `${preset}.json`), join(dirs.work, "policies", `${preset}.json`));
    }
    const r = await keyless([
      "policy",
      "lint",
      "policies/terraform-compute.json",
      "policies/terraform-database.json",
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const code of [
      "code-execution/ec2-modify-instance-attribute",
      "code-execution/ec2-create-launch-template-version",
      "tag-hop/lambda-tag-resource",
      "resource-policy/ecr-set-repository-policy",
    ]) {
      assert.match(
        r.stdout,
        new RegExp(`^policies/terraform-compute\\.json:\\d+:\\d+: warning ${code}: `, "m"),
      );
    }
    assert.match(
      r.stdout,
      /^policies\/terraform-database\.json:\d+:\d+: warning credential-reset\/rds-modify-db-instance: /m,
    );
    assert.match(r.stdout, /^2 files checked: 0 errors, \d+ warnings$/m);
    const strict = await keyless(["policy", "lint", "--strict", "policies/terraform-compute.json"]);
    assert.equal(strict.code, 65);
  });
});
