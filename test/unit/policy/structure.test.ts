import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allow, lint, policy } from "./helpers.ts";

describe("policy lint: document and statement structure", () => {
  it("accepts a realistic least-privilege policy without findings", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ListStateBucket",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "arn:aws:s3:::acme-tf-state",
          Condition: { StringLike: { "s3:prefix": ["env/*"] } },
        },
        {
          Sid: "StateObjects",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          Resource: ["arn:aws:s3:::acme-tf-state/env/*"],
        },
        {
          Sid: "LockTable",
          Effect: "Allow",
          Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"],
          Resource: "arn:aws:dynamodb:eu-central-1:111111111111:table/tf-locks",
        },
        {
          Sid: "StateKey",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
          Resource: "arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        },
        {
          Sid: "Describe",
          Effect: "Allow",
          Action: ["ec2:Describe*", "sts:GetCallerIdentity"],
          Resource: "*",
        },
        {
          Sid: "Regions",
          Effect: "Deny",
          NotAction: ["iam:*", "sts:*", "organizations:*"],
          Resource: "*",
          Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] } },
        },
        {
          Sid: "NoUsers",
          Effect: "Deny",
          Action: ["iam:CreateUser", "iam:CreateAccessKey"],
          Resource: "*",
        },
      ],
    };
    assert.deepEqual(lint(doc), []);
  });

  it("accepts a single statement object instead of a list", () => {
    assert.deepEqual(lint({ Version: "2012-10-17", Statement: allow("s3:ListAllMyBuckets") }), []);
  });

  it("rejects a document that is not an object", () => {
    assert.deepEqual(lint([]), ["error document/not-object "]);
    assert.deepEqual(lint("x"), ["error document/not-object "]);
  });

  it("reports unknown document and statement elements", () => {
    const doc = { ...policy({ ...allow("s3:GetObject"), Actions: "x" }), Statment: [] };
    assert.deepEqual(lint(doc), [
      "error document/unknown-element Statment",
      "error statement/unknown-element Statement[0].Actions",
    ]);
  });

  it("requires Statement, non-empty, of objects", () => {
    assert.deepEqual(lint({ Version: "2012-10-17" }), ["error statement/missing "]);
    assert.deepEqual(lint({ Version: "2012-10-17", Statement: [] }), ["error statement/empty Statement"]);
    assert.deepEqual(lint(policy("x" as never)), ["error statement/not-object Statement[0]"]);
  });

  it("checks Version: missing and 2008-10-17 warn, anything else is an error", () => {
    assert.deepEqual(lint({ Statement: allow("s3:GetObject") }), ["warning version/missing "]);
    assert.deepEqual(lint({ Version: "2008-10-17", Statement: allow("s3:GetObject") }), [
      "warning version/legacy Version",
    ]);
    assert.deepEqual(lint({ Version: "2012-10-18", Statement: allow("s3:GetObject") }), [
      "error version/invalid Version",
    ]);
  });

  it("requires a valid Effect", () => {
    assert.deepEqual(lint(policy({ Action: "s3:GetObject", Resource: "*" })), [
      "error effect/missing Statement[0]",
    ]);
    assert.deepEqual(lint(policy({ Effect: "allow", Action: "s3:GetObject", Resource: "*" })), [
      "error effect/invalid Statement[0].Effect",
    ]);
  });

  it("requires exactly one of Action/NotAction and of Resource/NotResource", () => {
    assert.deepEqual(lint(policy({ Effect: "Allow", Resource: "*" })), ["error action/missing Statement[0]"]);
    assert.deepEqual(lint(policy({ Effect: "Allow", Action: "s3:GetObject" })), [
      "error resource/missing Statement[0]",
    ]);
    assert.deepEqual(
      lint(policy({ Effect: "Deny", Action: "s3:GetObject", NotAction: "s3:PutObject", Resource: "*" })),
      ["error action/both Statement[0].NotAction"],
    );
    assert.deepEqual(
      lint(policy({ Effect: "Deny", Action: "s3:GetObject", Resource: "*", NotResource: "arn:aws:s3:::b" })),
      ["error resource/both Statement[0].NotResource"],
    );
  });

  it("requires strings in Action and Resource", () => {
    assert.deepEqual(lint(policy(allow(["s3:GetObject", 3]))), [
      "error action/not-string Statement[0].Action[1]",
    ]);
    assert.deepEqual(lint(policy(allow([]))), ["error action/not-string Statement[0].Action"]);
    assert.deepEqual(lint(policy(allow("s3:ListAllMyBuckets", { a: 1 }))), [
      "error resource/not-string Statement[0].Resource",
    ]);
  });

  it("rejects Principal and NotPrincipal: not allowed in an identity policy", () => {
    assert.deepEqual(lint(policy(allow("s3:ListAllMyBuckets", "*", { Principal: { AWS: "*" } }))), [
      "error principal/not-allowed Statement[0].Principal",
    ]);
    assert.deepEqual(lint(policy(allow("s3:ListAllMyBuckets", "*", { NotPrincipal: "*" }))), [
      "error principal/not-allowed Statement[0].NotPrincipal",
    ]);
  });

  it("checks Sids: letters and digits, unique", () => {
    assert.deepEqual(lint(policy(allow("s3:ListAllMyBuckets", "*", { Sid: "my-sid" }))), [
      "error sid/invalid Statement[0].Sid",
    ]);
    assert.deepEqual(
      lint(
        policy(
          allow("s3:ListAllMyBuckets", "*", { Sid: "A" }),
          allow("s3:ListAllMyBuckets", "*", { Sid: "A" }),
        ),
      ),
      ["error sid/duplicate Statement[1].Sid"],
    );
  });

  it("checks Condition's shape", () => {
    assert.deepEqual(lint(policy(allow("s3:ListAllMyBuckets", "*", { Condition: [] }))), [
      "error condition/invalid Statement[0].Condition",
    ]);
    assert.deepEqual(lint(policy(allow("s3:ListAllMyBuckets", "*", { Condition: { Bool: "true" } }))), [
      "error condition/invalid Statement[0].Condition.Bool",
    ]);
  });

  it("lists errors before warnings", () => {
    const out = lint(policy(allow("*"), allow("s3:GetObjekt")));
    assert.deepEqual(
      out.map((l) => l.split(" ")[0]),
      ["error", ...Array(out.length - 1).fill("warning")],
    );
  });
});
