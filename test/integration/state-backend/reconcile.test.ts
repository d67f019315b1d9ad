/**
 * The state backend through the CLI, the real SDK and moto: create from nothing, re-plan with no
 * changes, drift on each setting detected and repaired, adoption of an existing bucket (a foreign
 * policy statement and tag survive), and the KMS key keyless creates.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import {
  ACCOUNT,
  ALIAS,
  addresses,
  applyOk,
  assertNoChanges,
  BASE,
  BUCKET,
  cli,
  config,
  type Harness,
  keyArn,
  planJson,
  policyStatements,
  REGION,
  resetHarness,
  startHarness,
  stopHarness,
  writeConfig,
  writes,
} from "./harness.ts";

let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await stopHarness(h);
});
beforeEach(async () => {
  await resetHarness(h);
  await writeConfig(h, config(BASE));
});

describe("state backend: create and re-plan", () => {
  test("plan shows the key, the bucket and every setting; plan writes nothing", async () => {
    const r = await cli(h, ["plan", "--detailed-exitcode"]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /\+ kms_key\["alias\/keyless-tfstate"\]/);
    assert.match(r.stdout, /\+ state_bucket\["acme-tfstate"\]\n/);
    assert.match(r.stdout, /Plan: 8 to add, 0 to change, 0 to delete\./);
    const plan = await planJson(h);
    assert.deepEqual(addresses(plan.changes), [
      `create kms_key["${ALIAS}"]`,
      `create state_bucket["${BUCKET}"]`,
      `create state_bucket["${BUCKET}"].encryption`,
      `create state_bucket["${BUCKET}"].lifecycle`,
      `create state_bucket["${BUCKET}"].policy`,
      `create state_bucket["${BUCKET}"].public_access_block`,
      `create state_bucket["${BUCKET}"].tags`,
      `create state_bucket["${BUCKET}"].versioning`,
    ]);
    assert.deepEqual(writes(h), []);
  });

  test("apply creates a hardened bucket and a rotating key; the next plan has no changes", async () => {
    const applied = await applyOk(h);
    assert.match(applied.stdout, /state_bucket\["acme-tfstate"\]: Creation complete/);

    const arn = await keyArn(h);
    assert.match(arn, new RegExp(`^arn:aws:kms:${REGION}:${ACCOUNT}:key/`));
    const rotation = await h.kms.getKeyRotationStatus({ KeyId: arn });
    assert.equal(rotation.KeyRotationEnabled, true);
    const keyPolicy = JSON.parse(
      (await h.kms.getKeyPolicy({ KeyId: arn, PolicyName: "default" })).Policy ?? "",
    );
    assert.deepEqual(
      keyPolicy.Statement.map((s: { Sid: string }) => s.Sid),
      ["keyless-KeyAdministration", "keyless-StateEncryptionViaS3"],
    );

    const head = await h.s3.headBucket({ Bucket: BUCKET });
    assert.equal(head.BucketRegion, REGION);
    assert.equal((await h.s3.getBucketVersioning({ Bucket: BUCKET })).Status, "Enabled");
    const enc = (await h.s3.getBucketEncryption({ Bucket: BUCKET })).ServerSideEncryptionConfiguration
      ?.Rules?.[0];
    assert.equal(enc?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, "aws:kms");
    assert.equal(enc?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, arn);
    assert.equal(enc?.BucketKeyEnabled, true);
    assert.deepEqual((await h.s3.getPublicAccessBlock({ Bucket: BUCKET })).PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const own = await h.s3.getBucketOwnershipControls({ Bucket: BUCKET });
    assert.equal(own.OwnershipControls?.Rules?.[0]?.ObjectOwnership, "BucketOwnerEnforced");

    const statements = await policyStatements(h);
    assert.deepEqual(
      statements.map((s) => s.Sid),
      ["keyless-DenyInsecureTransport", "keyless-DenyUnencryptedUploads", "keyless-DenyWrongKmsKey"],
    );
    // The placeholder of the plan was replaced by the new key's ARN.
    assert.deepEqual(statements[2]?.Condition, {
      StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": arn },
    });
    const rules = (await h.s3.getBucketLifecycleConfiguration({ Bucket: BUCKET })).Rules ?? [];
    assert.equal(rules.length, 1);
    assert.equal(rules[0]?.NoncurrentVersionExpiration?.NoncurrentDays, 90);
    assert.equal(rules[0]?.AbortIncompleteMultipartUpload?.DaysAfterInitiation, 7);
    const tags = (await h.s3.getBucketTagging({ Bucket: BUCKET })).TagSet ?? [];
    assert.deepEqual(tags.map((t) => `${t.Key}=${t.Value}`).sort(), ["managed-by=keyless", "team=platform"]);

    await assertNoChanges(h);
  });

  test("aes256 encryption: no key, the policy requires AES256 uploads", async () => {
    await writeConfig(h, config(`${BASE}\nencryption: { type: aes256 }`));
    const plan = await planJson(h);
    assert.ok(!plan.changes.some((c) => c.kind === "kms_key"));
    await applyOk(h);
    const enc = (await h.s3.getBucketEncryption({ Bucket: BUCKET })).ServerSideEncryptionConfiguration
      ?.Rules?.[0];
    assert.equal(enc?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, "AES256");
    const statements = await policyStatements(h);
    assert.deepEqual(
      statements.map((s) => s.Sid),
      ["keyless-DenyInsecureTransport", "keyless-DenyUnencryptedUploads"],
    );
    assert.deepEqual(statements[1]?.Condition, {
      StringNotEquals: { "s3:x-amz-server-side-encryption": "AES256" },
    });
    await assertNoChanges(h);
  });
});

describe("state backend: drift", () => {
  test("versioning suspended, public access block removed, a policy statement removed and encryption changed are shown and repaired", async () => {
    await applyOk(h);
    await h.s3.putBucketVersioning({ Bucket: BUCKET, VersioningConfiguration: { Status: "Suspended" } });
    await h.s3.deletePublicAccessBlock({ Bucket: BUCKET });
    const kept = (await policyStatements(h)).filter((s) => s.Sid !== "keyless-DenyInsecureTransport");
    await h.s3.putBucketPolicy({
      Bucket: BUCKET,
      Policy: JSON.stringify({ Version: "2012-10-17", Statement: kept }),
    });
    await h.s3.putBucketEncryption({
      Bucket: BUCKET,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
    });

    h.proxy.clearCalls();
    const plan = await planJson(h);
    assert.deepEqual(addresses(plan.changes), [
      `update state_bucket["${BUCKET}"].encryption`,
      `update state_bucket["${BUCKET}"].policy`,
      `create state_bucket["${BUCKET}"].public_access_block`,
      `update state_bucket["${BUCKET}"].versioning`,
    ]);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(writes(h), []);

    const human = await cli(h, ["plan"]);
    assert.match(human.stdout, /~ versioning: Suspended -> versioning: Enabled/);
    assert.match(human.stdout, /~ encryption: AES256 -> encryption: aws:kms arn:aws:kms:/);
    assert.match(human.stdout, /\+ {6}"Sid": "keyless-DenyInsecureTransport"/);

    await applyOk(h);
    assert.equal((await h.s3.getBucketVersioning({ Bucket: BUCKET })).Status, "Enabled");
    assert.equal((await policyStatements(h)).length, 3);
    await assertNoChanges(h);
  });

  test("a changed lifecycle rule and a removed tag are repaired; other tags and rules are kept", async () => {
    await applyOk(h);
    await h.s3.putBucketLifecycleConfiguration({
      Bucket: BUCKET,
      LifecycleConfiguration: {
        Rules: [
          {
            ID: "keyless-state-retention",
            Status: "Disabled",
            Filter: {},
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          },
          { ID: "logs-cleanup", Status: "Enabled", Filter: { Prefix: "logs/" }, Expiration: { Days: 30 } },
        ],
      },
    });
    await h.s3.putBucketTagging({
      Bucket: BUCKET,
      Tagging: { TagSet: [{ Key: "cost-center", Value: "42" }] },
    });
    const plan = await planJson(h);
    assert.deepEqual(addresses(plan.changes), [
      `update state_bucket["${BUCKET}"].lifecycle`,
      `update state_bucket["${BUCKET}"].tags`,
    ]);
    await applyOk(h);
    const rules = (await h.s3.getBucketLifecycleConfiguration({ Bucket: BUCKET })).Rules ?? [];
    assert.deepEqual(rules.map((r) => `${r.ID}:${r.Status}`).sort(), [
      "keyless-state-retention:Enabled",
      "logs-cleanup:Enabled",
    ]);
    const tags = (await h.s3.getBucketTagging({ Bucket: BUCKET })).TagSet ?? [];
    assert.deepEqual(tags.map((t) => `${t.Key}=${t.Value}`).sort(), [
      "cost-center=42",
      "managed-by=keyless",
      "team=platform",
    ]);
    await assertNoChanges(h);
  });

  test("key rotation turned off is drift on the key", async () => {
    await applyOk(h);
    await h.kms.disableKeyRotation({ KeyId: await keyArn(h) });
    const plan = await planJson(h);
    assert.deepEqual(addresses(plan.changes), [`update kms_key["${ALIAS}"]`]);
    await applyOk(h);
    assert.equal((await h.kms.getKeyRotationStatus({ KeyId: await keyArn(h) })).KeyRotationEnabled, true);
    await assertNoChanges(h);
  });
});

describe("state backend: adoption", () => {
  test("an existing bucket is adopted: the plan shows only what differs; foreign statements and tags survive", async () => {
    await h.s3.createBucket({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } });
    await h.s3.putBucketVersioning({ Bucket: BUCKET, VersioningConfiguration: { Status: "Enabled" } });
    const foreign = {
      Sid: "AuditorsMayList",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::210987654321:root" },
      Action: "s3:ListBucket",
      Resource: `arn:aws:s3:::${BUCKET}`,
    };
    await h.s3.putBucketPolicy({
      Bucket: BUCKET,
      Policy: JSON.stringify({ Version: "2012-10-17", Statement: [foreign] }),
    });
    await h.s3.putBucketTagging({ Bucket: BUCKET, Tagging: { TagSet: [{ Key: "owner", Value: "legacy" }] } });

    const plan = await planJson(h);
    assert.deepEqual(addresses(plan.changes), [
      `create kms_key["${ALIAS}"]`,
      `create state_bucket["${BUCKET}"].encryption`,
      `create state_bucket["${BUCKET}"].lifecycle`,
      // moto creates buckets without ownership controls (AWS applies BucketOwnerEnforced since 2023).
      `create state_bucket["${BUCKET}"].ownership`,
      `update state_bucket["${BUCKET}"].policy`,
      `create state_bucket["${BUCKET}"].public_access_block`,
      `update state_bucket["${BUCKET}"].tags`,
    ]);
    const policy = plan.changes.find((c) => c.address.endsWith(".policy"));
    assert.equal(policy?.reason, "keeps 1 statement keyless does not own");

    await applyOk(h);
    const statements = await policyStatements(h);
    assert.deepEqual(statements[0], foreign);
    assert.equal(statements.length, 4);
    const tags = (await h.s3.getBucketTagging({ Bucket: BUCKET })).TagSet ?? [];
    assert.ok(tags.some((t) => t.Key === "owner" && t.Value === "legacy"));
    await assertNoChanges(h);
  });

  test("an existing key alias is adopted: rotation and keyless's key policy statements are added, others kept", async () => {
    const key = await h.kms.createKey({ Description: "pre-existing" });
    await h.kms.createAlias({ AliasName: ALIAS, TargetKeyId: key.KeyMetadata?.KeyId ?? "" });
    const plan = await planJson(h);
    assert.ok(addresses(plan.changes).includes(`update kms_key["${ALIAS}"]`));
    await applyOk(h);
    const policy = JSON.parse(
      (await h.kms.getKeyPolicy({ KeyId: key.KeyMetadata?.KeyId ?? "", PolicyName: "default" })).Policy ?? "",
    );
    assert.deepEqual(
      policy.Statement.map((s: { Sid: string }) => s.Sid),
      ["Enable IAM User Permissions", "keyless-KeyAdministration", "keyless-StateEncryptionViaS3"],
    );
    const enc = (await h.s3.getBucketEncryption({ Bucket: BUCKET })).ServerSideEncryptionConfiguration
      ?.Rules?.[0];
    assert.equal(enc?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, key.KeyMetadata?.Arn);
    await assertNoChanges(h);
  });
});

describe("state backend: access logging", () => {
  test("logging to a log bucket that grants log delivery; a changed target is drift", async () => {
    await h.s3.createBucket({
      Bucket: "acme-logs",
      CreateBucketConfiguration: { LocationConstraint: REGION },
    });
    await h.s3.putBucketPolicy({
      Bucket: "acme-logs",
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "S3ServerAccessLogs",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: ["s3:PutObject"],
            Resource: "arn:aws:s3:::acme-logs/*",
          },
        ],
      }),
    });
    await writeConfig(h, config(`${BASE}\naccessLogging: { bucket: acme-logs, prefix: tfstate/ }`));
    const plan = await planJson(h);
    assert.ok(addresses(plan.changes).includes(`create state_bucket["${BUCKET}"].logging`));
    await applyOk(h);
    const logging = await h.s3.getBucketLogging({ Bucket: BUCKET });
    assert.deepEqual(
      { bucket: logging.LoggingEnabled?.TargetBucket, prefix: logging.LoggingEnabled?.TargetPrefix },
      { bucket: "acme-logs", prefix: "tfstate/" },
    );
    await assertNoChanges(h);

    await writeConfig(h, config(`${BASE}\naccessLogging: { bucket: acme-logs, prefix: state/ }`));
    assert.deepEqual(addresses((await planJson(h)).changes), [`update state_bucket["${BUCKET}"].logging`]);
    await applyOk(h);
    await assertNoChanges(h);
  });
});

describe("state backend: saved plans", () => {
  test("a saved plan is applied exactly; a bucket changed since makes it stale", async () => {
    const saved = await cli(h, ["plan", "-out", "first.plan"]);
    assert.equal(saved.code, 0, saved.stderr);
    const applied = await cli(h, ["apply", "first.plan", "--auto-approve"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    await assertNoChanges(h);

    await h.s3.putBucketVersioning({ Bucket: BUCKET, VersioningConfiguration: { Status: "Suspended" } });
    assert.equal((await cli(h, ["plan", "-out", "second.plan"])).code, 0);
    await h.s3.deletePublicAccessBlock({ Bucket: BUCKET });
    h.proxy.clearCalls();
    const stale = await cli(h, ["apply", "second.plan", "--auto-approve"]);
    assert.notEqual(stale.code, 0);
    assert.match(stale.stderr, /stale/);
    assert.deepEqual(writes(h), []);
  });
});
