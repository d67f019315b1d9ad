/**
 * Every preset, rendered with several parameter combinations: lint-clean with the project's policy
 * linter (no errors, no escalation warnings), within the inline size quota, carrying the common
 * guardrails, and (evaluated with the real IAM evaluator) denying what the guardrails deny.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MANAGED_POLICY_MAX_CHARS, renderBoundary } from "../../../src/catalog/boundary.ts";
import { PRESETS } from "../../../src/catalog/registry.ts";
import { policySize } from "../../../src/catalog/render.ts";
import { INLINE_POLICY_MAX_CHARS } from "../../../src/config/patterns.ts";
import { lintPolicy } from "../../../src/policy/index.ts";
import { MGMT_ACCOUNT } from "../../helpers/iam-eval.ts";
import { decide } from "./eval-preset.ts";
import { BUCKET, COMBOS } from "./fixtures.ts";

const A = MGMT_ACCOUNT;
const GUARDRAIL_SIDS = [
  "DenyAlways",
  "DenyAuditLogTampering",
  "DenyStateBackendChanges",
  "DenyScopeTagAfterCreate",
  "DenyScopeTagOnExisting",
  "DenyScopeTagChanges",
  "DenyLogsToOtherAccounts",
  "DenyEventsToOtherAccounts",
  "DenyDataAccess",
  "DenyAssumeManagedRoles",
];

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
        for (const sid of GUARDRAIL_SIDS) assert.ok(sids.includes(sid), `${preset.name} carries ${sid}`);
        assert.equal(sids.includes("DenyOtherRegions"), (params.allowedRegions?.length ?? 0) > 0);
        for (const st of doc.Statement) {
          assert.ok(
            (st.Resource === undefined) !== (st.NotResource === undefined),
            `${st.Sid}: Resource xor NotResource`,
          );
          if (st.Effect === "Allow")
            assert.equal(st.NotResource, undefined, `${st.Sid}: no NotResource in an Allow`);
        }
        const boundary = renderBoundary(params);
        assert.ok(
          policySize(boundary) <= MANAGED_POLICY_MAX_CHARS,
          `boundary ${policySize(boundary)} characters`,
        );
      });
    }
  }

  for (const preset of PRESETS) {
    it(`${preset.name}: the guardrails deny, evaluated for real`, async () => {
      const params = { stateBucket: BUCKET };
      const deny = async (action: string, resource: string, context = {}) =>
        assert.equal(
          await decide(preset.shortName, params, { action, resource, context }),
          "explicit-deny",
          `${preset.name} denies ${action}`,
        );
      await deny("iam:CreateUser", `arn:aws:iam::${A}:user/x`);
      await deny("iam:CreateAccessKey", `arn:aws:iam::${A}:user/x`);
      await deny("iam:UpdateLoginProfile", `arn:aws:iam::${A}:user/x`);
      await deny("cloudtrail:StopLogging", `arn:aws:cloudtrail:eu-central-1:${A}:trail/org`);
      await deny("organizations:LeaveOrganization", "*");
      await deny("sso:CreatePermissionSet", "arn:aws:sso:::instance/ssoins-1234567890abcdef");
      await deny("s3:PutBucketPolicy", `arn:aws:s3:::${BUCKET}`);
      await deny("s3:PutLifecycleConfiguration", `arn:aws:s3:::${BUCKET}`);
      await deny("s3:DeleteObjectVersion", `arn:aws:s3:::${BUCKET}/a.tfstate`);
      await deny("s3:GetObject", "arn:aws:s3:::customer-data/file.csv");
      await deny("secretsmanager:GetSecretValue", `arn:aws:secretsmanager:eu-central-1:${A}:secret:x-AbCdEf`);
      await deny("sts:AssumeRole", `arn:aws:iam::${A}:role/terraform/app`);
      // Identity store reads are not part of the guardrail.
      assert.notEqual(
        await decide(preset.shortName, params, {
          action: "identitystore:ListUsers",
          resource: `arn:aws:identitystore::${A}:identitystore/d-1234567890`,
        }),
        "explicit-deny",
      );
      // iam:PassRole never reaches roles outside the managed path.
      assert.notEqual(
        await decide(preset.shortName, params, {
          action: "iam:PassRole",
          resource: `arn:aws:iam::${A}:role/Admin`,
          context: { "iam:PassedToService": "ec2.amazonaws.com" },
        }),
        "allowed",
      );
    });
  }

  it("without a state bucket, keyless's bucket pattern is protected", async () => {
    for (const preset of PRESETS) {
      const bucket = `arn:aws:s3:::keyless-tfstate-${A}-eu-west-1`;
      for (const action of ["s3:PutBucketPolicy", "s3:DeleteBucket", "s3:PutBucketVersioning"]) {
        assert.equal(
          await decide(preset.shortName, {}, { action, resource: bucket, admin: true }),
          "explicit-deny",
          `${preset.name} ${action}`,
        );
      }
    }
  });

  it("the region restriction denies other regions and spares global services", async () => {
    for (const preset of PRESETS) {
      const params = { allowedRegions: ["eu-central-1"] };
      const deny = preset.render(params).inlinePolicy.Statement.find((s) => s.Sid === "DenyOtherRegions");
      assert.deepEqual(deny?.Condition, { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1"] } });
      for (const [action, resource] of [
        ["iam:CreateRole", `arn:aws:iam::${A}:role/x`],
        ["sts:GetCallerIdentity", "*"],
        ["route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z1"],
      ] as const) {
        const got = await decide(preset.shortName, params, {
          action,
          resource,
          admin: true,
          context: { "aws:RequestedRegion": "us-east-1" },
        });
        assert.equal(got, "allowed", `${preset.name}: ${action} is global`);
      }
      assert.equal(
        await decide(preset.shortName, params, {
          action: "ec2:DescribeVpcs",
          resource: "*",
          admin: true,
          context: { "aws:RequestedRegion": "us-west-2" },
        }),
        "explicit-deny",
      );
      assert.equal(
        await decide(preset.shortName, params, { action: "ec2:DescribeVpcs", resource: "*", admin: true }),
        "allowed",
      );
    }
  });

  it("every preset has a purpose, services, grants, reasons for each denial and what it cannot prevent", () => {
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
      assert.ok(p.cannotPrevent.length > 0, `${p.name} says what it cannot prevent`);
      for (const d of p.denies) assert.ok(d.what && d.why, `${p.name}: ${d.what} has a reason`);
      assert.ok(p.denies.some((d) => d.what.includes("access keys")));
    }
  });
});
