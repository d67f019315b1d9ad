/**
 * Issue 10, "keyless policy lint reports each of findings 3-5 on today's presets": the reach checks
 * on the snapshot of the presets as they were before the issue fixed them
 * (test/fixtures/presets-before-issue-10/, written by generate.ts there). Each finding of the issue
 * is pinned to the code, preset and place the linter reports it at.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type LocatedFinding, lintPolicyText } from "../../../src/policy/index.ts";
import { REACH_CODE } from "./reach-helpers.ts";

const DIR = join(import.meta.dirname, "..", "..", "fixtures", "presets-before-issue-10");

function lintFixture(preset: string): { text: string; findings: LocatedFinding[] } {
  const text = readFileSync(join(DIR, `${preset}.json`), "utf8");
  return { text, findings: lintPolicyText(text, { reach: true }) };
}

/** Issue 10's findings 3-5, as (preset, code, what the reported line holds). */
const ISSUE_FINDINGS: Record<string, [preset: string, code: string, line: RegExp][]> = {
  "3: the Lambda scope-tag fence is bypassed": [
    // UpdateFunctionConfiguration (layer + AWS_LAMBDA_EXEC_WRAPPER) on every function.
    ...(["terraform-serverless", "terraform-compute"] as const).flatMap((p): [string, string, RegExp][] => [
      [p, "code-execution/lambda-update-function-configuration", /"lambda:UpdateFunctionConfiguration"/],
      // TagResource keyless-scope=terraform on any function, then UpdateFunctionCode.
      [p, "tag-hop/lambda-tag-resource", /"aws:ResourceTag\/keyless-scope"/],
      // Function URLs and AddPermission on every function.
      [p, "resource-policy/lambda-create-function-url-config", /"lambda:CreateFunctionUrlConfig"/],
      [p, "resource-policy/lambda-add-permission", /"lambda:AddPermission"/],
    ]),
  ],
  "4: terraform-compute runs code as the role of any instance": [
    ["terraform-compute", "code-execution/ec2-modify-instance-attribute", /"ec2:ModifyInstance\*"/],
    ["terraform-compute", "code-execution/ec2-create-launch-template-version", /"ec2:\*LaunchTemplate\*"/],
    ["terraform-compute", "code-execution/ec2-modify-instance-metadata-options", /"ec2:ModifyInstance\*"/],
  ],
  "5: resource-policy writes and credential resets on *": [
    ["terraform-storage", "resource-policy/s3-put-bucket-policy", /"s3:PutBucket\*"/],
    ["terraform-database", "resource-policy/dynamodb-put-resource-policy", /"dynamodb:PutResourcePolicy"/],
    ["terraform-database", "credential-reset/rds-modify-db-instance", /"rds:ModifyDBInstance"/],
    ["terraform-database", "credential-reset/elasticache-modify-user", /"elasticache:Modify\*"/],
    ["terraform-monitoring", "resource-policy/logs-put-subscription-filter", /"logs:\*SubscriptionFilter"/],
    ["terraform-compute", "resource-policy/ecr-set-repository-policy", /"ecr:\*RepositoryPolicy"/],
  ],
};

describe("policy lint on the presets before issue 10: findings 3-5 are reported", () => {
  for (const [finding, expected] of Object.entries(ISSUE_FINDINGS)) {
    it(`finding ${finding}`, () => {
      for (const [preset, code, line] of expected) {
        const { text, findings } = lintFixture(preset);
        const found = findings.filter((f) => f.code === code);
        assert.equal(
          found.length,
          1,
          `${preset}: one ${code}; got ${findings.map((f) => f.code).join(", ")}`,
        );
        const f = found[0]!;
        assert.equal(f.severity, "warning");
        assert.ok(
          f.message.length > 0 && f.fix !== undefined && f.fix.length > 0,
          `${code} has a message and a fix`,
        );
        const at = text.split("\n")[f.line - 1] ?? "";
        assert.match(at.slice(f.col - 1), line, `${preset}.json:${f.line}:${f.col} points at the grant`);
      }
    });
  }

  it("the snapshot has no errors and no escalation warnings: the old checks saw none of this", () => {
    for (const preset of [
      "core",
      "storage",
      "compute",
      "iam",
      "networking",
      "database",
      "serverless",
      "monitoring",
    ]) {
      const { findings } = lintFixture(`terraform-${preset}`);
      const old = findings.filter((f) => !REACH_CODE.test(f.code));
      assert.deepEqual(old, [], `terraform-${preset}`);
    }
  });
});
