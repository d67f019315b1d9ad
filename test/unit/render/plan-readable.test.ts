/**
 * Plans a reviewer can read: a new preset-based permission set shows its preset, parameters, extra
 * statements and size (the JSON only with --full, or when the claim does not match the policy); new
 * key and bucket policies a line per statement; a summary of who gets what where at the top.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { findPreset } from "../../../src/catalog/registry.ts";
import type { Change, KmsKeyChange, PresetUse } from "../../../src/engine/plan-types.ts";
import { renderPlanHuman } from "../../../src/render/plan-human.ts";
import { emptyPlan, psSpec } from "./fixtures.ts";

const plain = { color: false };
const HEADER =
  "keyless plan for arn:aws:sso:::instance/ssoins-1111111111111111 (eu-central-1, identity store d-1234567890)";

const USE: PresetUse = {
  preset: "terraform-storage",
  params: { stateBucket: "tfstate", allowedRegions: ["eu-central-1"] },
};
const EXTRA = { Sid: "Extra", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "*" };

function storagePolicy(extra: unknown[] = [EXTRA]): string {
  const rendered = findPreset("storage")?.render({
    stateBucket: "tfstate",
    allowedRegions: ["eu-central-1"],
  });
  assert.ok(rendered);
  return JSON.stringify({
    ...rendered.inlinePolicy,
    Statement: [...rendered.inlinePolicy.Statement, ...extra],
  });
}

function createStorage(policy = storagePolicy()): Change {
  return {
    kind: "permission_set",
    action: "create",
    address: 'permission_set["terraform-storage"]',
    broadensAccess: true,
    name: "terraform-storage",
    after: psSpec({ name: "terraform-storage", sessionDuration: "PT8H", inlinePolicy: policy }),
    changedFields: [],
    reprovisionAccounts: [],
  };
}

test("a new preset-based permission set: preset, parameters, extra statements and size, not the policy", () => {
  const plan = emptyPlan({ changes: [createStorage()], presets: { "terraform-storage": USE } });
  assert.equal(
    renderPlanHuman(plan, plain),
    `${HEADER}

keyless will make these changes:

  + permission_set["terraform-storage"]   ! broadens access
      sessionDuration: "PT8H"
      inlinePolicy: preset terraform-storage, 7,029 of 10,240 characters (--full shows the policy)
          parameters: stateBucket="tfstate", allowedRegions=["eu-central-1"]
          extraStatements:
              [
                {
                  "Sid": "Extra",
                  "Effect": "Allow",
                  "Action": [
                    "sqs:SendMessage"
                  ],
                  "Resource": "*"
                }
              ]

Plan: 1 to add, 0 to change, 0 to delete (1 broadens access).
`,
  );
});

test("--full shows the whole policy; so does a preset claim that does not render into the policy", () => {
  const policyLines = (text: string) => text.split("\n").filter((l) => l.startsWith("            ")).length;
  const full = renderPlanHuman(
    emptyPlan({ changes: [createStorage()], presets: { "terraform-storage": USE } }),
    {
      color: false,
      full: true,
    },
  );
  assert.match(full, /\n {6}inlinePolicy:\n {10}\{\n/);
  assert.ok(policyLines(full) > 100, full);
  // A plan file edited to name another preset, or other parameters: the claim is not shown.
  for (const forged of [
    { ...USE, preset: "terraform-core" },
    { ...USE, params: { stateBucket: "other" } },
    { ...USE, params: { allowedRegions: "not a list" } },
  ]) {
    const text = renderPlanHuman(
      emptyPlan({ changes: [createStorage()], presets: { "terraform-storage": forged } }),
      plain,
    );
    assert.doesNotMatch(text, /preset terraform/);
    assert.match(text, /\n {6}inlinePolicy:\n/);
  }
  // No extra statements: the line says so by leaving them out.
  const bare = renderPlanHuman(
    emptyPlan({ changes: [createStorage(storagePolicy([]))], presets: { "terraform-storage": USE } }),
    plain,
  );
  assert.doesNotMatch(bare, /extraStatements/);
});

test("a new key policy and bucket policy: a line per statement; a new lifecycle: a line per rule", () => {
  const key: KmsKeyChange = {
    kind: "kms_key",
    action: "create",
    address: 'kms_key["alias/keyless-tfstate"]',
    broadensAccess: false,
    alias: "alias/keyless-tfstate",
    after: {
      alias: "alias/keyless-tfstate",
      rotation: true,
      tags: {},
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Admin",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: ["kms:A", "kms:B", "kms:C", "kms:D", "kms:E"],
            Resource: "*",
          },
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" } },
          },
        ],
      }),
    },
    changedFields: [],
  };
  const bucketPolicy: Change = {
    kind: "state_bucket_setting",
    action: "create",
    address: 'state_bucket["b"].policy',
    broadensAccess: false,
    bucket: "b",
    setting: "policy",
    before: { setting: "policy", document: "" },
    after: {
      setting: "policy",
      document: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    },
    weakens: false,
  };
  const lifecycle: Change = {
    kind: "state_bucket_setting",
    action: "create",
    address: 'state_bucket["b"].lifecycle',
    broadensAccess: false,
    bucket: "b",
    setting: "lifecycle",
    after: {
      setting: "lifecycle",
      rules: JSON.stringify([
        {
          ID: "keyless-state-retention",
          Status: "Enabled",
          Filter: { Prefix: "" },
          NoncurrentVersionExpiration: { NoncurrentDays: 90 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
        { ID: "other", Status: "Disabled", Expiration: { Days: 3 } },
      ]),
    },
    weakens: false,
  };
  assert.equal(
    renderPlanHuman(emptyPlan({ changes: [key, bucketPolicy, lifecycle] }), plain),
    `${HEADER}

keyless will make these changes:

  + kms_key["alias/keyless-tfstate"]
      rotation: enabled
      key policy: 2 statements, 380 characters (--full shows the policy)
          Allow Admin: 5 actions (kms:A, kms:B, kms:C, kms:D, ...) on * for arn:aws:iam::123456789012:root
          Allow: kms:Decrypt on * for arn:aws:iam::123456789012:root if kms:ViaService

  + state_bucket["b"].policy
      bucket policy: 1 statement, 220 characters (--full shows the policy)
          Deny DenyInsecureTransport: s3:* on arn:aws:s3:::b, arn:aws:s3:::b/* for * if aws:SecureTransport

  + state_bucket["b"].lifecycle
      lifecycle: 2 rules (--full shows them)
          keyless-state-retention (Enabled): noncurrent versions expire after 90 days, incomplete uploads are aborted after 7 days
          other (Disabled): Expiration {"Days":3}

Plan: 3 to add, 0 to change, 0 to delete.
`,
  );
  const full = renderPlanHuman(emptyPlan({ changes: [key, bucketPolicy, lifecycle] }), {
    color: false,
    full: true,
  });
  assert.match(full, /key policy:\n {10}\{\n/);
  assert.match(full, /\.policy\n {6}@@ -0,0 \+1,\d+ @@\n/);
  assert.match(full, /\.lifecycle\n {6}@@ -0,0 \+1,\d+ @@\n/);
});

test("who gets what where: per principal, accounts with the same sets share a line, names from keyless.yaml", () => {
  const grant = (principal: string, set: string, account: string, via?: string): Change => ({
    kind: "assignment",
    action: "create",
    address: `assignment["${principal}", "${set}", "${account}"]`,
    broadensAccess: true,
    principal: {
      type: principal.startsWith("user:") ? "USER" : "GROUP",
      name: principal.split(":")[1] ?? "",
    },
    permissionSet: set,
    accountId: account,
    ...(via && { via }),
  });
  const sets = ["a", "b", "c", "d"];
  const changes = [
    ...sets.map((s) => grant("group:platform", s, "111111111111")),
    ...sets.map((s) => grant("group:platform", s, "222222222222")),
    grant("group:platform", "a", "333333333333", "ou:workloads"),
    grant("user:dave", "a", "444444444444", "account:sandbox"),
    grant("user:dave", "b", "444444444444", "account:sandbox"),
  ];
  const text = renderPlanHuman(emptyPlan({ changes }), {
    color: false,
    accountNames: { "111111111111": "dev", "222222222222": "staging" },
  });
  assert.ok(
    text.startsWith(`${HEADER}

Who gets what where:
  group platform gets 4 permission sets on dev, staging
  group platform gets a on 333333333333
  user dave gets a, b on sandbox

keyless will make these changes:
`),
    text,
  );
});
