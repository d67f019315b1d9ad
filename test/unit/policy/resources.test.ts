import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { arnCouldMatch, globsIntersect } from "../../../src/policy/resources.ts";
import { allow, lint, only, policy } from "./helpers.ts";

describe("policy lint: resources", () => {
  it("rejects a resource that is neither * nor an ARN", () => {
    assert.deepEqual(lint(policy(allow("s3:GetObject", ["arn:aws:s3:::b/*", "my-bucket/*"]))), [
      "error resource/not-arn Statement[0].Resource[1]",
    ]);
  });

  it("reports an ARN that fits no resource type of the statement's actions", () => {
    const f = only(policy(allow("ec2:RunInstances", "arn:aws:s3:::bucket/key")), "resource/no-matching-type");
    assert.equal(f.severity, "error");
    assert.equal(f.path, "Statement[0].Resource");
    assert.match(f.message, /arn:aws:s3:::bucket\/key.*ec2:RunInstances/);
  });

  it("reports a specific ARN for actions that only take *", () => {
    const f = only(
      policy(allow("ec2:DescribeInstances", "arn:aws:ec2:*:*:instance/*")),
      "resource/no-matching-type",
    );
    assert.match(f.message, /only accept Resource "\*"/);
  });

  it("accepts ARNs that fit one of the actions, with wildcards and policy variables", () => {
    assert.deepEqual(
      lint(
        policy(
          allow(
            ["s3:ListBucket", "s3:GetObject"],
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable is the point.
            ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/home/${aws:username}/*"],
          ),
          allow("iam:GetRole", "arn:aws:iam::*:role/terraform/*"),
          allow("sts:AssumeRole", "arn:aws:iam::111111111111:role/deploy"),
          allow("logs:PutLogEvents", "arn:aws:logs:*:*:log-group:/app/*"),
          allow("ec2:RunInstances", ["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:eu-central-1::image/ami-*"]),
          allow("s3:GetObject", "arn:aws:s3:::*"),
          allow("dynamodb:GetItem", "arn:aws-cn:dynamodb:cn-north-1:111111111111:table/locks"),
        ),
      ),
      [],
    );
  });

  it("is conservative: no resource finding when an action is unknown, a wildcard service, or NotAction", () => {
    assert.deepEqual(lint(policy(allow(["ec2:RunInstancez"], "arn:aws:s3:::bucket/key"))), [
      "error action/unknown Statement[0].Action[0]",
    ]);
    assert.deepEqual(lint(policy(allow("ec2:RunInstances", "arn:aws:*:::bucket/key"))), []);
    assert.deepEqual(lint(policy({ Effect: "Deny", NotAction: "s3:*", Resource: "arn:aws:s3:::x" })), []);
    assert.deepEqual(
      lint(policy({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:ec2:*:*:vpc/*" })),
      [],
    );
  });
});

describe("ARN pattern matching", () => {
  it("intersects globs on both sides", () => {
    assert.equal(globsIntersect("abc", "abc"), true);
    assert.equal(globsIntersect("abc", "abd"), false);
    assert.equal(globsIntersect("a*", "*b"), true);
    assert.equal(globsIntersect("a*c", "ab?"), true);
    assert.equal(globsIntersect("a*c", "ab?d"), false);
    assert.equal(globsIntersect("", "*"), true);
    assert.equal(globsIntersect("", "a"), false);
    assert.equal(globsIntersect("x*y*z", "*q*"), true);
    assert.equal(globsIntersect("ABC", "abc"), true);
    // The literal heads and tails decide first: one must begin (end) the other.
    assert.equal(globsIntersect("vpc/*", "subnet/*"), false);
    assert.equal(globsIntersect("vpc/*", "vpc-endpoint/*"), false);
    assert.equal(globsIntersect("vpc*", "vpc-endpoint/x"), true);
    assert.equal(globsIntersect("*.json", "*.yaml"), false);
    assert.equal(globsIntersect("a?c", "abc"), true);
    assert.equal(globsIntersect("?bc", "x*"), true);
    assert.equal(globsIntersect("?bc", "x*d"), false);
  });

  it("handles long ARNs without running out of stack", () => {
    assert.equal(globsIntersect("*/*", `${"a".repeat(20_000)}/b`), true);
    assert.equal(globsIntersect("x*", "a".repeat(20_000)), false);
  });

  it("matches catalog templates segment by segment", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the catalog's ARN template syntax is the point.
    const object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    assert.equal(arnCouldMatch(object, "arn:aws:s3:::b/k"), true);
    assert.equal(arnCouldMatch(object, "arn:aws:s3:::b"), false);
    assert.equal(arnCouldMatch(object, "arn:aws:s3:eu-central-1::b/k"), false);
    assert.equal(arnCouldMatch(object, "arn:aws:s3:*::b/k"), true);
    assert.equal(arnCouldMatch(object, "arn:aws:ec2:::b/k"), false);
  });
});
