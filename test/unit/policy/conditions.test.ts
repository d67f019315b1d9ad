import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isConditionOperator } from "../../../src/policy/conditions.ts";
import { allow, lint, only, policy } from "./helpers.ts";

const withCondition = (condition: Record<string, unknown>) =>
  policy(allow("s3:GetObject", "arn:aws:s3:::bucket/*", { Condition: condition }));

describe("policy lint: condition operators", () => {
  it("accepts every base operator, with IfExists and set prefixes", () => {
    for (const op of [
      "StringEquals",
      "StringNotEqualsIgnoreCase",
      "StringLike",
      "ArnLike",
      "ArnNotEquals",
      "Bool",
      "BinaryEquals",
      "NumericLessThan",
      "NumericGreaterThanEquals",
      "DateGreaterThan",
      "IpAddress",
      "NotIpAddress",
      "Null",
      "StringEqualsIfExists",
      "ArnLikeIfExists",
      "ForAllValues:StringEquals",
      "ForAnyValue:StringLike",
      "ForAnyValue:StringLikeIfExists",
    ]) {
      assert.ok(isConditionOperator(op), op);
    }
  });

  it("rejects misspellings, wrong case and impossible combinations", () => {
    for (const op of [
      "StringEqual",
      "stringEquals",
      "NullIfExists",
      "ForAllValue:StringEquals",
      "IfExists",
      "ArnLIKE",
    ]) {
      assert.equal(isConditionOperator(op), false, op);
    }
  });

  it("reports an unknown operator at its key, with a suggestion", () => {
    const f = only(
      withCondition({ StringEqual: { "aws:RequestedRegion": "eu-central-1" } }),
      "condition/unknown-operator",
    );
    assert.equal(f.path, "Statement[0].Condition.StringEqual");
    assert.match(f.message, /did you mean "StringEquals"\?/);
  });
});

describe("policy lint: condition keys", () => {
  it("accepts global keys, including tag-key families", () => {
    assert.deepEqual(
      lint(
        withCondition({
          StringEquals: {
            "aws:RequestedRegion": "eu-central-1",
            "aws:PrincipalOrgID": "o-abc",
            "aws:PrincipalTag/team": "platform",
            "aws:ResourceTag/Owner": "x",
            "aws:RequestTag/env": "dev",
            "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x",
            "aws:CalledVia": "cloudformation.amazonaws.com",
          },
          "ForAllValues:StringEquals": { "aws:TagKeys": ["env"] },
          Bool: {
            "aws:SecureTransport": "true",
            "aws:MultiFactorAuthPresent": "true",
            "aws:ViaAWSService": "false",
          },
          IpAddress: { "aws:SourceIp": "10.0.0.0/8" },
        }),
      ),
      [],
    );
  });

  it("accepts service keys, with tag-key templates, case-insensitively", () => {
    assert.deepEqual(
      lint(
        withCondition({
          StringLike: { "s3:prefix": "env/*", "S3:ExistingObjectTag/classification": "public" },
          StringEquals: { "iam:PassedToService": "lambda.amazonaws.com", "ec2:ResourceTag/Team": "a" },
          ArnEquals: { "iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/boundary" },
        }),
      ),
      [],
    );
  });

  it("reports an unknown global key with a suggestion", () => {
    const f = only(
      withCondition({ StringEquals: { "aws:RequestedRegoin": "eu-central-1" } }),
      "condition/unknown-key",
    );
    assert.equal(f.severity, "error");
    assert.equal(f.path, 'Statement[0].Condition.StringEquals["aws:RequestedRegoin"]');
    assert.match(f.message, /did you mean "aws:RequestedRegion"\?/);
  });

  it("reports an unknown service key, a tag family without a tag, and a key without a prefix", () => {
    assert.deepEqual(
      lint(
        withCondition({
          StringEquals: { "s3:prefx": "a", "aws:PrincipalTag/": "x", region: "x", "nosuch:Key": "x" },
        }),
      ),
      [
        'error condition/unknown-key Statement[0].Condition.StringEquals["s3:prefx"]',
        'error condition/unknown-key Statement[0].Condition.StringEquals["aws:PrincipalTag/"]',
        "error condition/unknown-key Statement[0].Condition.StringEquals.region",
        'error condition/unknown-key Statement[0].Condition.StringEquals["nosuch:Key"]',
      ],
    );
  });

  it("checks keys under an unknown operator too", () => {
    assert.deepEqual(lint(withCondition({ Boolean: { "aws:SecureTransprt": "true" } })), [
      "error condition/unknown-operator Statement[0].Condition.Boolean",
      'error condition/unknown-key Statement[0].Condition.Boolean["aws:SecureTransprt"]',
    ]);
  });
});
