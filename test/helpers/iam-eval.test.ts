/**
 * The evaluator wrapper behaves like IAM on the cases the preset tests rely on: explicit deny wins,
 * cross-account needs the resource policy, KMS needs the key policy, the boundary caps identity
 * policies, context keys (s3:prefix, tags, org id) decide conditions, and matched statements are named.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ADMINISTRATOR_ACCESS,
  ADMINISTRATOR_ACCESS_ARN,
  evaluate,
  MEMBER_ACCOUNT,
  MGMT_ACCOUNT,
  OUTSIDE_ACCOUNT,
  permissionSetPolicies,
  ssoRoleArn,
} from "./iam-eval.ts";

const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const BUCKET = "arn:aws:s3:::state";

const listUnderPrefix = doc({
  Sid: "StateList",
  Effect: "Allow",
  Action: ["s3:ListBucket"],
  Resource: BUCKET,
  Condition: { StringLike: { "s3:prefix": ["env/*"] } },
});

describe("iam-eval: the real evaluator behind a small API", () => {
  it("a condition on s3:prefix decides, and the matching statement is named", async () => {
    const ok = await evaluate(
      { identity: [listUnderPrefix] },
      { action: "s3:ListBucket", resource: BUCKET, context: { "s3:prefix": "env/app" } },
    );
    assert.equal(ok.decision, "allowed");
    assert.deepEqual(ok.allowedBy, [
      { kind: "identity", policy: "identity0", sid: "StateList", effect: "Allow" },
    ]);
    const workspace = await evaluate(
      { identity: [listUnderPrefix] },
      { action: "s3:ListBucket", resource: BUCKET, context: { "s3:prefix": "env:/" } },
    );
    assert.equal(workspace.decision, "implicit-deny");
  });

  it("an explicit deny wins over AdministratorAccess and is reported", async () => {
    const identity = permissionSetPolicies(
      doc({ Sid: "DenyStopLogging", Effect: "Deny", Action: ["cloudtrail:StopLogging"], Resource: "*" }),
      { [ADMINISTRATOR_ACCESS_ARN]: ADMINISTRATOR_ACCESS },
    );
    const r = await evaluate(
      { identity },
      {
        action: "cloudtrail:StopLogging",
        resource: `arn:aws:cloudtrail:eu-central-1:${MGMT_ACCOUNT}:trail/org`,
      },
    );
    assert.equal(r.decision, "explicit-deny");
    assert.deepEqual(r.deniedBy, [
      { kind: "identity", policy: "inline", sid: "DenyStopLogging", effect: "Deny" },
    ]);
    assert.equal(r.allowedBy[0]?.policy, ADMINISTRATOR_ACCESS_ARN);
  });

  it("a permissions boundary caps what the identity policies allow", async () => {
    const boundary = doc({ Sid: "OnlyS3", Effect: "Allow", Action: ["s3:*"], Resource: "*" });
    const r = await evaluate(
      { identity: [ADMINISTRATOR_ACCESS], boundary },
      { action: "iam:CreateUser", resource: `arn:aws:iam::${MGMT_ACCOUNT}:user/x` },
    );
    assert.equal(r.decision, "implicit-deny");
    assert.deepEqual(r.blockedBy, ["pb"]);
    const s3 = await evaluate(
      { identity: [ADMINISTRATOR_ACCESS], boundary },
      { action: "s3:GetObject", resource: "arn:aws:s3:::data/x" },
    );
    assert.equal(s3.decision, "allowed");
  });

  it("cross-account: allowed only when the bucket policy grants the caller's org role", async () => {
    const bucketPolicy = doc({
      Sid: "OrgSsoRoles",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["s3:GetObject"],
      Resource: `${BUCKET}/*`,
      Condition: {
        StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" },
        ArnLike: {
          "aws:PrincipalArn": "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_core_*",
        },
      },
    });
    const identity = [doc({ Effect: "Allow", Action: ["s3:GetObject"], Resource: `${BUCKET}/*` })];
    const req = {
      action: "s3:GetObject",
      resource: `${BUCKET}/env/a.tfstate`,
      resourceAccount: MGMT_ACCOUNT,
    };
    const member = ssoRoleArn("core", MEMBER_ACCOUNT);
    assert.equal((await evaluate({ identity }, { ...req, principal: member })).decision, "implicit-deny");
    const granted = await evaluate({ identity, resourcePolicy: bucketPolicy }, { ...req, principal: member });
    assert.equal(granted.decision, "allowed");
    assert.ok(granted.allowedBy.some((s) => s.kind === "resource" && s.sid === "OrgSsoRoles"));
    const outsider = await evaluate(
      { identity, resourcePolicy: bucketPolicy },
      { ...req, principal: ssoRoleArn("core", OUTSIDE_ACCOUNT) },
    );
    assert.equal(outsider.decision, "implicit-deny");
    const otherSet = await evaluate(
      { identity, resourcePolicy: bucketPolicy },
      { ...req, principal: ssoRoleArn("admin", MEMBER_ACCOUNT) },
    );
    assert.equal(otherSet.decision, "implicit-deny");
  });

  it("KMS: identity policies count only when the key policy lets them; kms:CallerAccount is filled in", async () => {
    const key = `arn:aws:kms:eu-central-1:${MGMT_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const identity = [ADMINISTRATOR_ACCESS];
    assert.equal(
      (await evaluate({ identity }, { action: "kms:Decrypt", resource: key })).decision,
      "implicit-deny",
    );
    const keyPolicy = doc({
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": MGMT_ACCOUNT } },
    });
    const own = await evaluate(
      { identity, resourcePolicy: keyPolicy },
      { action: "kms:Decrypt", resource: key },
    );
    assert.equal(own.decision, "allowed");
    const member = await evaluate(
      { identity, resourcePolicy: keyPolicy },
      { action: "kms:Decrypt", resource: key, principal: ssoRoleArn("core", MEMBER_ACCOUNT) },
    );
    assert.equal(member.decision, "implicit-deny");
  });

  it("tag conditions: aws:RequestTag with aws:TagKeys, aws:ResourceTag; a null context value removes a default", async () => {
    const createOnlyTagged = doc({
      Sid: "CreateTagged",
      Effect: "Allow",
      Action: ["lambda:CreateFunction"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:RequestTag/keyless-scope": "terraform" },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["keyless-scope", "team"] },
      },
    });
    const fn = `arn:aws:lambda:eu-central-1:${MGMT_ACCOUNT}:function:f`;
    const tagged = { "aws:RequestTag/keyless-scope": "terraform", "aws:TagKeys": ["keyless-scope"] };
    assert.equal(
      (
        await evaluate(
          { identity: [createOnlyTagged] },
          { action: "lambda:CreateFunction", resource: fn, context: tagged },
        )
      ).decision,
      "allowed",
    );
    const extraKey = { ...tagged, "aws:TagKeys": ["keyless-scope", "owner"] };
    assert.equal(
      (
        await evaluate(
          { identity: [createOnlyTagged] },
          { action: "lambda:CreateFunction", resource: fn, context: extraKey },
        )
      ).decision,
      "implicit-deny",
    );
    const codeOfTagged = doc({
      Effect: "Allow",
      Action: ["lambda:UpdateFunctionCode"],
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/keyless-scope": "terraform" } },
    });
    for (const [tags, want] of [
      [{ "aws:ResourceTag/keyless-scope": "terraform" }, "allowed"],
      [{ "aws:ResourceTag/keyless-scope": "other" }, "implicit-deny"],
      [{}, "implicit-deny"],
    ] as const) {
      const r = await evaluate(
        { identity: [codeOfTagged] },
        { action: "lambda:UpdateFunctionCode", resource: fn, context: tags },
      );
      assert.equal(r.decision, want, JSON.stringify(tags));
    }
    const regionFence = doc(
      { Effect: "Allow", Action: "*", Resource: "*" },
      {
        Sid: "DenyOtherRegions",
        Effect: "Deny",
        NotAction: ["iam:*"],
        Resource: "*",
        Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1"] } },
      },
    );
    const usFn = `arn:aws:lambda:us-east-1:${MGMT_ACCOUNT}:function:f`;
    assert.equal(
      (await evaluate({ identity: [regionFence] }, { action: "lambda:GetFunction", resource: usFn }))
        .decision,
      "explicit-deny",
    );
    // Without aws:RequestedRegion, StringNotEquals holds as in IAM (a missing key satisfies a negated operator).
    assert.equal(
      (
        await evaluate(
          { identity: [regionFence] },
          { action: "lambda:GetFunction", resource: fn, context: { "aws:RequestedRegion": null } },
        )
      ).decision,
      "explicit-deny",
    );
  });

  it("keys that do not apply to the action are reported as ignored", async () => {
    const r = await evaluate(
      { identity: [ADMINISTRATOR_ACCESS] },
      {
        action: "s3:ListBucket",
        resource: BUCKET,
        context: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" },
      },
    );
    assert.deepEqual(r.ignoredContextKeys, ["kms:ViaService"]);
  });

  it("rejects what IAM does not know instead of guessing", async () => {
    await assert.rejects(
      evaluate(
        { identity: [ADMINISTRATOR_ACCESS] },
        { action: "s3:GetObjectz", resource: "arn:aws:s3:::b/k" },
      ),
      /iam-simulate rejected s3:GetObjectz/,
    );
  });

  it("SCPs deny across the organization", async () => {
    const scp = doc(
      { Effect: "Allow", Action: "*", Resource: "*" },
      { Sid: "NoLeave", Effect: "Deny", Action: ["organizations:LeaveOrganization"], Resource: "*" },
    );
    const r = await evaluate(
      { identity: [ADMINISTRATOR_ACCESS], scps: [[scp]] },
      { action: "organizations:LeaveOrganization", resource: "*" },
    );
    assert.equal(r.decision, "explicit-deny");
    assert.equal(r.deniedBy[0]?.kind, "scp");
  });
});
