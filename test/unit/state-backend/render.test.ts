import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActualBucketSettings } from "../../../src/engine/model.ts";
import { plan } from "../../../src/engine/plan.ts";
import { renderPlanHuman } from "../../../src/render/plan-human.ts";
import { planToJson } from "../../../src/render/plan-json.ts";
import { ACCOUNT, actual, backend, desired, emptySettings } from "./fixtures.ts";

test("a drifted bucket renders each setting as before -> after, and a weakening is marked", () => {
  const s: ActualBucketSettings = {
    ...emptySettings(),
    versioning: "Suspended",
    encryption: {
      algorithm: "aws:kms",
      kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/k",
      bucketKeyEnabled: true,
    },
    publicAccessBlock: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: false,
      restrictPublicBuckets: true,
    },
    objectOwnership: "BucketOwnerEnforced",
    lifecycleRules:
      '[{"ID":"keyless-state-retention","Status":"Enabled","Filter":{"Prefix":""},"NoncurrentVersionExpiration":{"NoncurrentDays":90},"AbortIncompleteMultipartUpload":{"DaysAfterInitiation":7}}]',
    tags: { "managed-by": "keyless", team: "platform" },
  };
  const p = plan(
    desired(backend({ encryption: { type: "aes256" }, allowWeakening: true })),
    actual({ callerAccountId: ACCOUNT, bucket: { status: "present", settings: s } }),
    { prune: false },
  );
  const text = renderPlanHuman(
    { ...p, changes: p.changes.filter((c) => !c.address.endsWith(".policy")) },
    { color: false },
  );
  assert.ok(
    text.includes(`  ~ state_bucket["acme-tfstate"].encryption   ! broadens access
      (lowers encryption (aws:kms -> AES256); allowed by stateBackend.allowWeakening)
      ~ encryption: aws:kms arn:aws:kms:eu-central-1:123456789012:key/k, bucket key on -> encryption: AES256

  ~ state_bucket["acme-tfstate"].public_access_block
      ~ public access block: blockPublicAcls=on, ignorePublicAcls=on, blockPublicPolicy=off, restrictPublicBuckets=on -> public access block: all four on

  ~ state_bucket["acme-tfstate"].versioning
      ~ versioning: Suspended -> versioning: Enabled
`),
    text,
  );
  assert.match(text, /Plan: 0 to add, 3 to change, 0 to delete \(1 broadens access\)\./);
  const json = planToJson(p);
  assert.deepEqual(json.summary, { add: 1, change: 3, delete: 0, broadens_access: 1, prune_candidates: 0 });
});
