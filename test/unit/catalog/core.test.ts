/** terraform-core: exactly the state access Terraform's S3 backend needs, under the key prefix. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { terraformCore } from "../../../src/catalog/presets/terraform-core.ts";
import type { PolicyStatement } from "../../../src/catalog/types.ts";
import { decide } from "./evaluate.ts";
import { BUCKET, KEY_ARN } from "./fixtures.ts";

const sid = (doc: { Statement: PolicyStatement[] }, name: string) =>
  doc.Statement.find((s) => s.Sid === name);

describe("terraform-core", () => {
  it("state bucket and key prefix: exact statements", () => {
    const doc = terraformCore.render({ stateBucket: BUCKET, stateKeyPrefix: "platform/" }).inlinePolicy;
    assert.deepEqual(sid(doc, "StateList"), {
      Sid: "StateList",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: `arn:aws:s3:::${BUCKET}`,
      Condition: { StringLike: { "s3:prefix": ["platform/*"] } },
    });
    assert.deepEqual(sid(doc, "StateReadWrite"), {
      Sid: "StateReadWrite",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:GetObjectTagging", "s3:PutObjectTagging"],
      Resource: `arn:aws:s3:::${BUCKET}/platform/*`,
    });
    assert.deepEqual(sid(doc, "StateLockFiles"), {
      Sid: "StateLockFiles",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: `arn:aws:s3:::${BUCKET}/platform/*.tflock`,
    });
    assert.equal(sid(doc, "StateLockTable"), undefined);
    assert.equal(sid(doc, "StateKey"), undefined);
  });

  it("allows what the backend does and nothing around it", () => {
    const doc = terraformCore.render({ stateBucket: BUCKET, stateKeyPrefix: "platform/" }).inlinePolicy;
    const obj = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;
    assert.equal(
      decide(doc, "s3:ListBucket", `arn:aws:s3:::${BUCKET}`, { "s3:prefix": "platform/net" }),
      "allow",
    );
    assert.equal(
      decide(doc, "s3:ListBucket", `arn:aws:s3:::${BUCKET}`, { "s3:prefix": "other/" }),
      "implicit-deny",
    );
    assert.equal(decide(doc, "s3:ListBucket", `arn:aws:s3:::${BUCKET}`), "implicit-deny");
    assert.equal(decide(doc, "s3:GetObject", obj("platform/net/terraform.tfstate")), "allow");
    assert.equal(decide(doc, "s3:PutObject", obj("platform/net/terraform.tfstate")), "allow");
    assert.equal(decide(doc, "s3:DeleteObject", obj("platform/net/terraform.tfstate")), "implicit-deny");
    assert.equal(decide(doc, "s3:PutObject", obj("platform/net/terraform.tfstate.tflock")), "allow");
    assert.equal(decide(doc, "s3:DeleteObject", obj("platform/net/terraform.tfstate.tflock")), "allow");
    assert.equal(decide(doc, "s3:GetObject", obj("other/terraform.tfstate")), "implicit-deny");
    assert.equal(decide(doc, "s3:DeleteObject", obj("other/x.tflock")), "implicit-deny");
    assert.equal(decide(doc, "s3:GetObject", "arn:aws:s3:::another-bucket/platform/x"), "implicit-deny");
    assert.equal(decide(doc, "s3:DeleteObjectVersion", obj("platform/net/terraform.tfstate")), "deny");
    assert.equal(decide(doc, "sts:GetCallerIdentity"), "allow");
    assert.equal(decide(doc, "tag:TagResources"), "allow");
    assert.equal(decide(doc, "tag:GetResources"), "allow");
  });

  it("can plan every domain (describe/list) without data reads or writes", () => {
    const doc = terraformCore.render({ stateBucket: BUCKET }).inlinePolicy;
    for (const read of [
      "ec2:DescribeVpcs",
      "ec2:DescribeInstances",
      "s3:GetBucketPolicy",
      "s3:GetEncryptionConfiguration",
      "lambda:GetFunction",
      "iam:GetRole",
      "rds:DescribeDBInstances",
      "dynamodb:DescribeTable",
      "elasticache:DescribeCacheClusters",
      "apigateway:GET",
      "events:DescribeRule",
      "cloudwatch:DescribeAlarms",
      "logs:DescribeLogGroups",
      "cloudtrail:DescribeTrails",
      "ecs:DescribeServices",
      "kms:DescribeKey",
    ]) {
      assert.equal(decide(doc, read), "allow", read);
    }
    for (const notAllowed of [
      "ec2:RunInstances",
      "s3:CreateBucket",
      "iam:CreateRole",
      "dynamodb:GetItem",
      "dynamodb:Scan",
      "logs:GetLogEvents",
      "logs:StartQuery",
      "cloudwatch:GetMetricData",
      "xray:BatchGetTraces",
      "cloudtrail:LookupEvents",
      "ec2:GetPasswordData",
      "lambda:InvokeFunction",
    ]) {
      assert.notEqual(decide(doc, notAllowed), "allow", notAllowed);
    }
  });

  it("no state bucket: keyless's bucket pattern, and a note saying so", () => {
    const rendered = terraformCore.render({});
    assert.deepEqual(sid(rendered.inlinePolicy, "StateList")?.Resource, "arn:aws:s3:::keyless-tfstate-*");
    assert.equal(sid(rendered.inlinePolicy, "StateList")?.Condition, undefined);
    assert.deepEqual(
      sid(rendered.inlinePolicy, "StateLockFiles")?.Resource,
      "arn:aws:s3:::keyless-tfstate-*/*.tflock",
    );
    assert.match(rendered.notes.join("\n"), /no state bucket configured/);
  });

  it("dynamodb locking: the four lock table actions on the table", () => {
    const doc = terraformCore.render({
      stateBucket: BUCKET,
      lockTable: "terraform-locks",
      stateAccountId: "111111111111",
    }).inlinePolicy;
    assert.deepEqual(sid(doc, "StateLockTable"), {
      Sid: "StateLockTable",
      Effect: "Allow",
      Action: ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      Resource: "arn:aws:dynamodb:*:111111111111:table/terraform-locks",
    });
    const table = "arn:aws:dynamodb:eu-central-1:111111111111:table/terraform-locks";
    assert.equal(decide(doc, "dynamodb:PutItem", table), "allow");
    assert.equal(decide(doc, "dynamodb:Scan", table), "implicit-deny");
    assert.equal(
      decide(doc, "dynamodb:PutItem", "arn:aws:dynamodb:eu-central-1:111111111111:table/app"),
      "implicit-deny",
    );
    const anyAccount = terraformCore.render({ lockTable: "locks" }).inlinePolicy;
    assert.equal(sid(anyAccount, "StateLockTable")?.Resource, "arn:aws:dynamodb:*:*:table/locks");
  });

  it("kms key arn: encrypt/decrypt/generate on that key, only through S3", () => {
    const doc = terraformCore.render({ stateBucket: BUCKET, stateKmsKeyArn: KEY_ARN }).inlinePolicy;
    assert.deepEqual(sid(doc, "StateKey"), {
      Sid: "StateKey",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
      Resource: KEY_ARN,
      Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
    });
    const via = { "kms:ViaService": "s3.eu-central-1.amazonaws.com" };
    assert.equal(decide(doc, "kms:Decrypt", KEY_ARN, via), "allow");
    assert.equal(decide(doc, "kms:Decrypt", KEY_ARN), "implicit-deny");
    assert.equal(decide(doc, "kms:Decrypt", `${KEY_ARN.slice(0, -4)}ffff`, via), "implicit-deny");
  });

  it("kms alias: keys matched by kms:ResourceAliases while the ARN is unknown", () => {
    const doc = terraformCore.render({
      stateBucket: BUCKET,
      stateKmsAlias: "alias/keyless-tfstate",
      stateAccountId: "111111111111",
    }).inlinePolicy;
    assert.deepEqual(sid(doc, "StateKey")?.Condition, {
      StringLike: { "kms:ViaService": "s3.*.amazonaws.com" },
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/keyless-tfstate"] },
    });
    assert.equal(sid(doc, "StateKey")?.Resource, "arn:aws:kms:*:111111111111:key/*");
    const via = { "kms:ViaService": "s3.eu-central-1.amazonaws.com" };
    assert.equal(
      decide(doc, "kms:GenerateDataKey", KEY_ARN, {
        ...via,
        "kms:ResourceAliases": ["alias/keyless-tfstate"],
      }),
      "allow",
    );
    assert.equal(
      decide(doc, "kms:GenerateDataKey", KEY_ARN, { ...via, "kms:ResourceAliases": ["alias/other"] }),
      "implicit-deny",
    );
  });

  it("both key forms given: the ARN wins, with a note", () => {
    const r = terraformCore.render({ stateKmsKeyArn: KEY_ARN, stateKmsAlias: "alias/x" });
    assert.equal(sid(r.inlinePolicy, "StateKey")?.Resource, KEY_ARN);
    assert.match(r.notes.join("\n"), /ARN is used/);
  });
});
