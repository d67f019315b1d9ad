/**
 * Accepted reach findings: a finding named by its code and the Sid of the statement it is reported
 * on is not reported (the catalog presets' documented residuals); the same grant in any other
 * statement still is.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lintPolicy } from "../../../src/policy/index.ts";
import { allow, policy } from "./helpers.ts";
import { REACH_CODE } from "./reach-helpers.ts";

const reachWith = (doc: unknown, acceptedReach: { code: string; sid: string }[]): string[] =>
  lintPolicy(doc, { reach: true, acceptedReach })
    .filter((f) => REACH_CODE.test(f.code))
    .map((f) => `${f.code} ${f.path}`);

const BUCKETS = { ...allow(["s3:PutBucketPolicy", "s3:PutBucketAcl"]), Sid: "Buckets" };
const POLICY_CODE = "resource-policy/s3-put-bucket-policy";

describe("reach: accepted findings", () => {
  it("a finding accepted for its statement's Sid is not reported; the statement's other findings are", () => {
    assert.deepEqual(reachWith(policy(BUCKETS), [{ code: POLICY_CODE, sid: "Buckets" }]), [
      "resource-policy/s3-put-bucket-acl Statement[0].Action[1]",
    ]);
  });

  it("the same code on another Sid, or the same grant in a statement the user adds, is still reported", () => {
    assert.deepEqual(reachWith(policy(BUCKETS), [{ code: POLICY_CODE, sid: "Other" }]).length, 2);
    const extra = { ...allow("s3:PutBucketPolicy"), Sid: "Mine" };
    assert.deepEqual(reachWith(policy(BUCKETS, extra), [{ code: POLICY_CODE, sid: "Buckets" }]), [
      "resource-policy/s3-put-bucket-acl Statement[0].Action[1]",
      `${POLICY_CODE} Statement[1].Action`,
    ]);
    // A statement without a Sid accepts nothing.
    const noSid = allow("s3:PutBucketPolicy");
    assert.deepEqual(reachWith(policy(noSid), [{ code: POLICY_CODE, sid: "" }]), [
      `${POLICY_CODE} Statement[0].Action`,
    ]);
  });

  it("a tag hop is accepted by the Sid of the fenced statement (where it is reported)", () => {
    const fenced = {
      ...allow("lambda:UpdateFunctionCode", "*", {
        Condition: { StringEquals: { "aws:ResourceTag/keyless-scope": "terraform" } },
      }),
      Sid: "Code",
    };
    const tagging = { ...allow("lambda:TagResource"), Sid: "Tags" };
    const doc = policy(fenced, tagging);
    assert.equal(reachWith(doc, []).length, 1);
    assert.deepEqual(reachWith(doc, [{ code: "tag-hop/lambda-tag-resource", sid: "Tags" }]).length, 1);
    assert.deepEqual(reachWith(doc, [{ code: "tag-hop/lambda-tag-resource", sid: "Code" }]), []);
  });

  it("only reach findings can be accepted: escalation warnings stay", () => {
    const pass = { ...allow("iam:PassRole"), Sid: "Pass" };
    const codes = lintPolicy(policy(pass), {
      reach: true,
      acceptedReach: [
        { code: "escalation/iam-pass-role", sid: "Pass" },
        { code: "escalation/iam-pass-role-any-resource", sid: "Pass" },
      ],
    }).map((f) => f.code);
    assert.ok(codes.includes("escalation/iam-pass-role-any-resource"), codes.join(", "));
  });
});
