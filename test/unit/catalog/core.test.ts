/**
 * terraform-core: the calls Terraform's S3 backend makes, allowed with the key prefix set and unset
 * (finding 1 of issue 10), state limited to the set's scope, and planning reads without data reads.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { terraformCore } from "../../../src/catalog/presets/terraform-core.ts";
import type { PolicyStatement, PresetParams } from "../../../src/catalog/types.ts";
import { MGMT_ACCOUNT } from "../../helpers/iam-eval.ts";
import { decide, type PresetRequest } from "./eval-preset.ts";
import { BUCKET, KEY_ARN } from "./fixtures.ts";

const A = MGMT_ACCOUNT;
const sid = (doc: { Statement: PolicyStatement[] }, name: string) =>
  doc.Statement.find((s) => s.Sid === name);
const bucket = `arn:aws:s3:::${BUCKET}`;
const obj = (key: string) => `${bucket}/${key}`;
const core = (params: PresetParams, req: PresetRequest) => decide("core", params, req);
/** A key policy that lets the account's IAM policies decide (the usual default). */
const ACCOUNT_KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" },
  ],
};

/** What `terraform init/plan/apply` calls on the backend with `key = <prefix>net/terraform.tfstate`. */
function backendCalls(prefix: string): [string, PresetRequest][] {
  const key = `${prefix}net/terraform.tfstate`;
  return [
    [
      "list workspaces (env:/)",
      { action: "s3:ListBucket", resource: bucket, context: { "s3:prefix": "env:/" } },
    ],
    [
      "HeadObject of a new key: 404 needs ListBucket without a prefix",
      { action: "s3:ListBucket", resource: bucket },
    ],
    ["read state", { action: "s3:GetObject", resource: obj(key) }],
    ["write state", { action: "s3:PutObject", resource: obj(key) }],
    ["take the lock", { action: "s3:PutObject", resource: obj(`${key}.tflock`) }],
    ["read the lock", { action: "s3:GetObject", resource: obj(`${key}.tflock`) }],
    ["release the lock", { action: "s3:DeleteObject", resource: obj(`${key}.tflock`) }],
  ];
}

describe("terraform-core", () => {
  for (const prefix of ["", "env/"]) {
    it(`finding 1: every S3 backend call is allowed with keyPrefix "${prefix}"`, async () => {
      const params: PresetParams = { stateBucket: BUCKET, ...(prefix && { stateKeyPrefix: prefix }) };
      for (const [what, req] of backendCalls(prefix)) {
        assert.equal(await core(params, req), "allowed", what);
      }
    });
  }

  it("state statements: objects under the prefix, lock deletes only, listing without a prefix condition", () => {
    const doc = terraformCore.render({ stateBucket: BUCKET, stateKeyPrefix: "platform/" }).inlinePolicy;
    assert.deepEqual(sid(doc, "StateReadWrite"), {
      Sid: "StateReadWrite",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: `${bucket}/platform/*`,
    });
    assert.deepEqual(sid(doc, "StateLockFiles"), {
      Sid: "StateLockFiles",
      Effect: "Allow",
      Action: ["s3:DeleteObject"],
      Resource: `${bucket}/platform/*.tflock`,
    });
    assert.ok(sid(doc, "PlanAnything")?.Action?.includes("s3:ListBucket"));
    assert.ok(!JSON.stringify(doc).includes("s3:prefix"), "no s3:prefix condition anywhere");
    assert.equal(sid(doc, "StateLockTable"), undefined);
    assert.equal(sid(doc, "StateKey"), undefined);
  });

  it("nothing around the state: no state deletion, other prefixes, other buckets", async () => {
    const params = { stateBucket: BUCKET, stateKeyPrefix: "platform/" };
    assert.equal(
      await core(params, { action: "s3:DeleteObject", resource: obj("platform/terraform.tfstate") }),
      "implicit-deny",
    );
    assert.equal(
      await core(params, { action: "s3:GetObject", resource: obj("other/terraform.tfstate") }),
      "explicit-deny",
    );
    assert.equal(
      await core(params, { action: "s3:PutObject", resource: "arn:aws:s3:::another-bucket/platform/x" }),
      "explicit-deny",
    );
    assert.equal(
      await core(params, { action: "s3:DeleteObjectVersion", resource: obj("platform/terraform.tfstate") }),
      "explicit-deny",
    );
  });

  it("stateScope: one prefix per team; other teams' keys are denied even with AdministratorAccess", async () => {
    const params = { stateBucket: BUCKET, stateKeyPrefix: "env/", stateScope: "team-a/" };
    assert.equal(
      await core(params, { action: "s3:PutObject", resource: obj("env/team-a/app.tfstate") }),
      "allowed",
    );
    assert.equal(
      await core(params, { action: "s3:DeleteObject", resource: obj("env/team-a/app.tfstate.tflock") }),
      "allowed",
    );
    for (const admin of [false, true]) {
      for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
        assert.equal(
          await core(params, { action, resource: obj("env/team-b/app.tfstate"), admin }),
          "explicit-deny",
          `${action} on team-b${admin ? " with AdministratorAccess" : ""}`,
        );
      }
    }
  });

  it("can plan every domain (describe/list/configuration) without data reads", async () => {
    const params = { stateBucket: BUCKET };
    for (const [action, resource] of [
      ["ec2:DescribeVpcs", "*"],
      ["ec2:DescribeInstances", "*"],
      ["s3:ListBucket", "arn:aws:s3:::any-bucket"],
      ["s3:GetBucketPolicy", "arn:aws:s3:::any-bucket"],
      ["s3:GetEncryptionConfiguration", "arn:aws:s3:::any-bucket"],
      ["lambda:GetFunction", `arn:aws:lambda:eu-central-1:${A}:function:f`],
      ["iam:GetRole", `arn:aws:iam::${A}:role/x`],
      ["iam:GetOpenIDConnectProvider", `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`],
      ["rds:DescribeDBInstances", `arn:aws:rds:eu-central-1:${A}:db:x`],
      ["dynamodb:DescribeTable", `arn:aws:dynamodb:eu-central-1:${A}:table/x`],
      ["apigateway:GET", "arn:aws:apigateway:eu-central-1::/restapis/abc"],
      ["cloudwatch:DescribeAlarms", "*"],
      ["logs:DescribeLogGroups", "*"],
      ["kms:DescribeKey", KEY_ARN],
      ["sts:GetCallerIdentity", "*"],
      ["tag:GetResources", "*"],
    ] as const) {
      const keyPolicy = action.startsWith("kms:") ? { resourcePolicy: ACCOUNT_KEY_POLICY } : {};
      assert.equal(await core(params, { action, resource, ...keyPolicy }), "allowed", action);
    }
    for (const [action, resource] of [
      ["ec2:RunInstances", `arn:aws:ec2:eu-central-1:${A}:instance/*`],
      ["s3:CreateBucket", "arn:aws:s3:::new-bucket"],
      ["dynamodb:Scan", `arn:aws:dynamodb:eu-central-1:${A}:table/x`],
      ["logs:GetLogEvents", `arn:aws:logs:eu-central-1:${A}:log-group:x:log-stream:y`],
      ["cloudwatch:GetMetricData", "*"],
      ["ec2:GetPasswordData", `arn:aws:ec2:eu-central-1:${A}:instance/i-1`],
      ["lambda:InvokeFunction", `arn:aws:lambda:eu-central-1:${A}:function:f`],
      ["apigateway:GET", "arn:aws:apigateway:eu-central-1::/apikeys/abc"],
    ] as const) {
      assert.notEqual(await core(params, { action, resource }), "allowed", action);
    }
  });

  it("no state bucket: keyless's bucket pattern, and a note saying so", () => {
    const rendered = terraformCore.render({});
    assert.equal(sid(rendered.inlinePolicy, "StateReadWrite")?.Resource, "arn:aws:s3:::keyless-tfstate-*/*");
    assert.equal(
      sid(rendered.inlinePolicy, "StateLockFiles")?.Resource,
      "arn:aws:s3:::keyless-tfstate-*/*.tflock",
    );
    assert.match(rendered.notes.join("\n"), /no state bucket configured/);
  });

  it("dynamodb locking: the four lock table actions on the table, the digest item included", async () => {
    const params = { stateBucket: BUCKET, lockTable: "terraform-locks", stateAccountId: A };
    const doc = terraformCore.render(params).inlinePolicy;
    assert.deepEqual(sid(doc, "StateLockTable"), {
      Sid: "StateLockTable",
      Effect: "Allow",
      Action: ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      Resource: `arn:aws:dynamodb:*:${A}:table/terraform-locks`,
    });
    const table = `arn:aws:dynamodb:eu-central-1:${A}:table/terraform-locks`;
    for (const action of [
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:DeleteItem",
    ]) {
      assert.equal(await core(params, { action, resource: table }), "allowed", action);
    }
    assert.equal(await core(params, { action: "dynamodb:Scan", resource: table }), "implicit-deny");
    assert.equal(
      await core(params, {
        action: "dynamodb:PutItem",
        resource: `arn:aws:dynamodb:eu-central-1:${A}:table/app`,
      }),
      "explicit-deny",
    );
  });

  it("kms key arn: encrypt/decrypt/generate on that key, only through S3", async () => {
    const params = { stateBucket: BUCKET, stateKmsKeyArn: KEY_ARN };
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" },
      ],
    };
    const via = { "kms:ViaService": "s3.eu-central-1.amazonaws.com" };
    for (const action of ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"]) {
      assert.equal(
        await core(params, { action, resource: KEY_ARN, context: via, resourcePolicy: keyPolicy }),
        "allowed",
        action,
      );
    }
    assert.equal(
      await core(params, { action: "kms:Decrypt", resource: KEY_ARN, resourcePolicy: keyPolicy }),
      "implicit-deny",
    );
    assert.equal(
      await core(params, {
        action: "kms:ScheduleKeyDeletion",
        resource: KEY_ARN,
        resourcePolicy: keyPolicy,
        admin: true,
      }),
      "explicit-deny",
    );
  });

  it("kms alias: keys matched by kms:ResourceAliases while the ARN is unknown", async () => {
    const params = { stateBucket: BUCKET, stateKmsAlias: "alias/keyless-tfstate", stateAccountId: A };
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" },
      ],
    };
    const via = { "kms:ViaService": "s3.eu-central-1.amazonaws.com" };
    const ours = { ...via, "kms:ResourceAliases": ["alias/keyless-tfstate"] };
    assert.equal(
      await core(params, {
        action: "kms:GenerateDataKey",
        resource: KEY_ARN,
        context: ours,
        resourcePolicy: keyPolicy,
      }),
      "allowed",
    );
    assert.equal(
      await core(params, {
        action: "kms:GenerateDataKey",
        resource: KEY_ARN,
        context: { ...via, "kms:ResourceAliases": ["alias/other"] },
        resourcePolicy: keyPolicy,
      }),
      "implicit-deny",
    );
    assert.equal(
      await core(params, {
        action: "kms:DisableKey",
        resource: KEY_ARN,
        context: { "kms:ResourceAliases": ["alias/keyless-tfstate"] },
        resourcePolicy: keyPolicy,
        admin: true,
      }),
      "explicit-deny",
    );
  });

  it("both key forms given: the ARN wins, with a note", () => {
    const r = terraformCore.render({ stateKmsKeyArn: KEY_ARN, stateKmsAlias: "alias/x" });
    assert.equal(sid(r.inlinePolicy, "StateKey")?.Resource, KEY_ARN);
    assert.match(r.notes.join("\n"), /ARN is used/);
  });
});
