/**
 * Every preset, rendered with several parameter combinations: lint-clean with the project's policy
 * linter (no errors, no escalation warnings), within the inline size quota, carrying the common
 * guardrails, and granting what its domain needs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PRESETS } from "../../../src/catalog/registry.ts";
import { policySize } from "../../../src/catalog/render.ts";
import { INLINE_POLICY_MAX_CHARS } from "../../../src/config/patterns.ts";
import { lintPolicy } from "../../../src/policy/index.ts";
import { decide } from "./evaluate.ts";
import { BUCKET, COMBOS } from "./fixtures.ts";

describe("catalog presets: every preset, every parameter combination", () => {
  for (const preset of PRESETS) {
    for (const [combo, params] of Object.entries(COMBOS)) {
      it(`${preset.name} with ${combo}: lint-clean, within size, guardrails present`, () => {
        const rendered = preset.render(params);
        const doc = rendered.inlinePolicy;
        const findings = lintPolicy(doc, { kind: "inline" });
        assert.deepEqual(
          findings.filter((f) => f.severity === "error" || f.code.startsWith("escalation/")),
          [],
        );
        assert.ok(
          policySize(doc) <= INLINE_POLICY_MAX_CHARS,
          `${policySize(doc)} characters > ${INLINE_POLICY_MAX_CHARS}`,
        );
        assert.ok(rendered.managedPolicies.length + rendered.customerManagedPolicies.length <= 20);
        const sids = doc.Statement.map((s) => s.Sid);
        assert.equal(new Set(sids).size, sids.length, `Sids are unique: ${sids.join(", ")}`);
        for (const action of [
          "iam:CreateUser",
          "iam:CreateAccessKey",
          "iam:CreateLoginProfile",
          "cloudtrail:StopLogging",
          "cloudtrail:DeleteTrail",
          "cloudtrail:UpdateTrail",
          "cloudtrail:PutEventSelectors",
          "organizations:LeaveOrganization",
          "sso:CreatePermissionSet",
          "sso-directory:CreateUser",
          "identitystore:CreateUser",
          "identitystore:DeleteGroupMembership",
        ]) {
          assert.equal(decide(doc, action, "*"), "deny", `${action} is denied`);
        }
        // Identity store reads are not part of the guardrail.
        assert.notEqual(decide(doc, "identitystore:ListUsers", "*"), "deny");
        // No preset ever reads secrets or arbitrary S3 objects.
        assert.notEqual(decide(doc, "secretsmanager:GetSecretValue", "*"), "allow");
        assert.notEqual(decide(doc, "s3:GetObject", "arn:aws:s3:::customer-data/file.csv"), "allow");
        assert.notEqual(decide(doc, "ssm:GetParameter", "*"), "allow");
        // iam:PassRole never reaches roles outside the managed path.
        const passAdmin = decide(doc, "iam:PassRole", "arn:aws:iam::111111111111:role/Admin", {
          "iam:PassedToService": "ec2.amazonaws.com",
        });
        assert.notEqual(passAdmin, "allow");
      });
    }
  }

  it("the state bucket guardrail appears exactly when a state bucket is known", () => {
    for (const preset of PRESETS) {
      const withBucket = preset.render({ stateBucket: BUCKET }).inlinePolicy;
      for (const action of [
        "s3:DeleteBucket",
        "s3:PutBucketPolicy",
        "s3:DeleteBucketPolicy",
        "s3:PutEncryptionConfiguration",
        "s3:PutBucketVersioning",
      ]) {
        assert.equal(
          decide(withBucket, action, `arn:aws:s3:::${BUCKET}`),
          "deny",
          `${preset.name} ${action}`,
        );
      }
      assert.equal(decide(withBucket, "s3:DeleteObjectVersion", `arn:aws:s3:::${BUCKET}/a.tfstate`), "deny");
      const without = preset.render({}).inlinePolicy;
      assert.ok(!without.Statement.some((s) => s.Sid === "DenyStateBucketChanges"), preset.name);
    }
  });

  it("the region restriction denies other regions and spares global services", () => {
    for (const preset of PRESETS) {
      const doc = preset.render({ allowedRegions: ["eu-central-1"] }).inlinePolicy;
      const deny = doc.Statement.find((s) => s.Sid === "DenyOtherRegions");
      assert.ok(deny, preset.name);
      assert.deepEqual(deny.Condition, { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1"] } });
      for (const global of ["iam:CreateRole", "sts:GetCallerIdentity", "route53:ChangeResourceRecordSets"]) {
        assert.notEqual(
          decide(doc, global, "*", { "aws:RequestedRegion": "us-east-1" }),
          "deny",
          `${preset.name}: ${global} is global`,
        );
      }
      assert.equal(decide(doc, "ec2:DescribeVpcs", "*", { "aws:RequestedRegion": "us-west-2" }), "deny");
      assert.notEqual(
        decide(doc, "ec2:DescribeVpcs", "*", { "aws:RequestedRegion": "eu-central-1" }),
        "deny",
      );
      assert.ok(!preset.render({}).inlinePolicy.Statement.some((s) => s.Sid === "DenyOtherRegions"));
    }
  });

  it("every preset has a purpose, services, grants, reasons for each denial and the common guardrails", () => {
    assert.deepEqual(
      PRESETS.map((p) => p.name),
      [
        "terraform-core",
        "terraform-storage",
        "terraform-compute",
        "terraform-iam",
        "terraform-networking",
        "terraform-database",
        "terraform-serverless",
        "terraform-monitoring",
      ],
    );
    for (const p of PRESETS) {
      assert.equal(p.name, `terraform-${p.shortName}`);
      assert.ok(p.purpose.length > 10 && !p.purpose.includes("\n"));
      assert.ok(p.services.length > 0 && p.grants.length > 0 && p.notGranted.length > 0);
      assert.ok(p.denies.length >= 5);
      for (const d of p.denies) assert.ok(d.what && d.why, `${p.name}: ${d.what} has a reason`);
      assert.ok(p.denies.some((d) => d.what.includes("iam:CreateAccessKey")));
    }
  });
});
