import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { CliIO } from "../../../src/cli/io.ts";
import { runValidate } from "../../../src/commands/validate.ts";
import { parseConfig } from "../../../src/config/load.ts";
import { cfg, files, load, problem, problems } from "../config/helpers.ts";

/** Permission set `ps` whose inlinePolicy mapping starts on line 7. */
const inline = (statement: string) =>
  cfg(
    `permissionSets:\n  ps:\n    inlinePolicy:\n      Version: "2012-10-17"\n      Statement:\n        - ${statement}\n`,
  );

const POLICY_FILE = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:GetObjekt"], "Resource": "*" }
  ]
}`;

describe("config: inline policies are linted", () => {
  it("blocks an unknown action in an inline mapping, at its line in keyless.yaml", () => {
    const text = inline("{ Effect: Allow, Action: [s3:GetObject, s3:GetObjekt], Resource: '*' }");
    assert.equal(
      problem(text),
      'keyless.yaml:9:51: permissionSets.ps.inlinePolicy.Statement[0].Action[1]: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"? [action/unknown]',
    );
  });

  // Condition keys are located at their value: the YAML path names the key.
  it("blocks a misspelt condition key and operator", () => {
    const text = inline(
      "{ Effect: Allow, Action: 's3:GetObject', Resource: '*', Condition: { StringEqual: { 'aws:RequestedRegoin': eu-central-1 } } }",
    );
    assert.deepEqual(problems(text), [
      'keyless.yaml:9:93: permissionSets.ps.inlinePolicy.Statement[0].Condition.StringEqual: unknown condition operator "StringEqual"; did you mean "StringEquals"? [condition/unknown-operator]',
      'keyless.yaml:9:118: permissionSets.ps.inlinePolicy.Statement[0].Condition.StringEqual["aws:RequestedRegoin"]: unknown condition key "aws:RequestedRegoin"; did you mean "aws:RequestedRegion"? [condition/unknown-key]',
    ]);
  });

  it("points at the line in a policy file, named relative to where keyless.yaml was named", () => {
    const text = cfg("permissionSets:\n  ps:\n    inlinePolicy: policies/ps.json\n");
    assert.equal(
      problem(text, files({ "policies/ps.json": POLICY_FILE })),
      'policies/ps.json:4:37: permissionSets.ps.inlinePolicy: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"? (Statement[0].Action[0], action/unknown)',
    );
    try {
      parseConfig(text, "infra/keyless.yaml", files({ "policies/ps.json": POLICY_FILE }));
      assert.fail("expected CONFIG_INVALID");
    } catch (e) {
      assert.match((e as { details: string[] }).details[0] ?? "", /^infra\/policies\/ps.json:4:37: /);
    }
  });

  it("keeps lint warnings non-blocking, in LoadedConfig.warnings", () => {
    const loaded = load(inline("{ Effect: Allow, Action: 'iam:PassRole', Resource: '*' }"));
    assert.equal(loaded.desired.permissionSets.length, 1);
    assert.deepEqual(loaded.warnings, [
      'keyless.yaml:9:36: permissionSets.ps.inlinePolicy.Statement[0].Action: iam:PassRole on Resource "*" can hand any role (including admin roles) to a service; list the roles it may pass [escalation/iam-pass-role-any-resource]',
    ]);
  });

  it("reports warnings of a policy file at their line in that file", () => {
    const text = cfg("permissionSets:\n  ps:\n    inlinePolicy: p.json\n");
    const risky =
      '{"Version": "2012-10-17",\n "Statement": {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}}';
    const loaded = load(text, files({ "p.json": risky }));
    assert.deepEqual(
      loaded.warnings.map((w) => w.split(": permissionSets")[0]),
      ["p.json:2:35", "p.json:2:35", "p.json:2:35"],
    );
    assert.match(loaded.warnings.join("\n"), /action\/not-action-allow/);
    assert.match(loaded.warnings.join("\n"), /escalation\/not-action/);
  });

  it("makes `keyless validate` fail with CONFIG_INVALID (exit 65) before any AWS call", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyless-config-lint-"));
    mkdirSync(join(dir, "policies"));
    writeFileSync(join(dir, "policies", "ps.json"), POLICY_FILE);
    writeFileSync(
      join(dir, "keyless.yaml"),
      cfg("permissionSets:\n  ps:\n    inlinePolicy: policies/ps.json\n").replace(
        "region: eu-central-1",
        "region: eu-central-1\n  instanceArn: arn:aws:sso:::instance/ssoins-0123456789abcdef\n  identityStoreId: d-0123456789",
      ),
    );
    let stdout = "";
    const io: CliIO = {
      out: (t) => {
        stdout += t;
      },
      err: () => {},
      stdoutIsTTY: false,
      stdinIsTTY: false,
      env: {},
      cwd: dir,
      ask: async () => "",
    };
    const code = await runValidate({ config: "keyless.yaml", json: true }, io);
    assert.equal(code, 65);
    const out = JSON.parse(stdout);
    assert.equal(out.valid, false);
    assert.equal(out.errors.length, 1);
    assert.ok(
      out.errors[0].endsWith(
        'policies/ps.json:4:37: permissionSets.ps.inlinePolicy: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"? (Statement[0].Action[0], action/unknown)',
      ),
      out.errors[0],
    );
  });
});
