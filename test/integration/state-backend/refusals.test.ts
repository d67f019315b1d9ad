/**
 * What keyless refuses, and how it says so: weakening an existing bucket (unless allowWeakening), a
 * bucket another account owns (S3's 403, injected by the recording proxy because moto answers 200),
 * a bucket in another region, credentials of another account, a KMS key that does not exist, and bad
 * input (exit 65, no AWS call at all). Also DynamoDB locking and the switch to the S3 lockfile.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { S3 } from "@aws-sdk/client-s3";
import {
  ACCOUNT,
  addresses,
  applyOk,
  assertNoChanges,
  BASE,
  BUCKET,
  cli,
  config,
  type Harness,
  planJson,
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

describe("state backend: weakening", () => {
  test("KMS -> AES256 on an existing bucket is refused; allowWeakening lets it through, marked", async () => {
    await applyOk(h);
    await writeConfig(h, config(`${BASE}\nencryption: { type: aes256 }`));
    h.proxy.clearCalls();

    const plan = await planJson(h, 1);
    assert.equal(plan.problems.length, 1);
    assert.match(
      plan.problems[0] ?? "",
      /state_bucket\["acme-tfstate"\]\.encryption: .*lowers encryption \(aws:kms -> AES256\).*allowWeakening/,
    );
    const applied = await cli(h, ["apply", "--auto-approve"]);
    assert.notEqual(applied.code, 0);
    assert.match(applied.stdout + applied.stderr, /nothing was changed/i);
    assert.deepEqual(writes(h), [], "a refused apply writes nothing");

    await writeConfig(h, config(`${BASE}\nencryption: { type: aes256 }\nallowWeakening: true`));
    const allowed = await planJson(h);
    const enc = allowed.changes.find((c) => c.address.endsWith(".encryption"));
    assert.equal(enc?.weakens, true);
    assert.match(enc?.reason ?? "", /allowed by stateBackend.allowWeakening/);
    const human = await cli(h, ["plan"]);
    assert.match(human.stdout, /\.encryption {3}! broadens access/);
    await applyOk(h);
    const rule = (await h.s3.getBucketEncryption({ Bucket: BUCKET })).ServerSideEncryptionConfiguration
      ?.Rules?.[0];
    assert.equal(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, "AES256");
    await assertNoChanges(h);
  });

  test("hardening an existing bucket is never a weakening", async () => {
    await h.s3.createBucket({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } });
    await h.s3.putBucketEncryption({
      Bucket: BUCKET,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
    });
    const plan = await planJson(h);
    assert.deepEqual(plan.problems, []);
    assert.ok(plan.changes.every((c) => c.weakens !== true));
  });
});

describe("state backend: bucket name and account problems", () => {
  test("a bucket owned by someone else (HeadBucket 403) is a clear error; nothing is written", async () => {
    h.proxy.failNext("HEAD", `/${BUCKET}`, 403);
    const r = await cli(h, ["plan"]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /the bucket name acme-tfstate is taken by another AWS account .*403/);
    assert.match(r.stdout, /choose another stateBackend\.bucket/);
    h.proxy.failNext("HEAD", `/${BUCKET}`, 403);
    const applied = await cli(h, ["apply", "--auto-approve"]);
    assert.notEqual(applied.code, 0);
    assert.deepEqual(writes(h), []);
  });

  test("a bucket in another region is a clear error", async () => {
    const west = new S3({
      region: "us-west-2",
      endpoint: h.moto.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    await west.createBucket({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: "us-west-2" },
    });
    west.destroy();
    const plan = await planJson(h, 1);
    assert.deepEqual(plan.problems, [
      `state_bucket["${BUCKET}"]: the bucket exists in us-west-2, not in stateBackend.region ${REGION}. Set stateBackend.region: us-west-2 to adopt it, or choose another bucket name.`,
    ]);
    assert.deepEqual(
      plan.changes.filter((c) => c.kind.startsWith("state_bucket")),
      [],
    );
  });

  test("credentials of another account: the plan says which account to use", async () => {
    await writeConfig(h, config(BASE.replace("account: shared", 'account: "210987654321"')));
    const plan = await planJson(h, 1);
    assert.equal(plan.problems.length, 1);
    assert.match(
      plan.problems[0] ?? "",
      /account 210987654321 but the credentials in use are for account 123456789012.*AWS_PROFILE/,
    );
    assert.deepEqual(writes(h), []);
  });

  test("a kms-key ARN that does not exist is a plan problem", async () => {
    const arn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
    await writeConfig(h, config(`${BASE}\nencryption: { type: kms-key, kmsKeyArn: "${arn}" }`));
    const plan = await planJson(h, 1);
    assert.match(plan.problems.join("\n"), new RegExp(`KMS key ${arn} was not found`));
  });

  test("an existing kms-key is used as given", async () => {
    const key = await h.kms.createKey({});
    const arn = key.KeyMetadata?.Arn ?? "";
    await writeConfig(h, config(`${BASE}\nencryption: { type: kms-key, kmsKeyArn: "${arn}" }`));
    const plan = await planJson(h);
    assert.ok(!plan.changes.some((c) => c.kind === "kms_key"));
    await applyOk(h);
    const rule = (await h.s3.getBucketEncryption({ Bucket: BUCKET })).ServerSideEncryptionConfiguration
      ?.Rules?.[0];
    assert.equal(rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, arn);
    await assertNoChanges(h);
  });
});

describe("state backend: DynamoDB locking", () => {
  test("the lock table is created with LockID, on-demand billing, PITR and SSE; switching to s3 keeps it and says so", async () => {
    await writeConfig(h, config(`${BASE}\nlocking: dynamodb\ndynamodbTable: terraform-locks`));
    const plan = await planJson(h);
    assert.ok(addresses(plan.changes).includes('create lock_table["terraform-locks"]'));
    await applyOk(h);
    const t = (await h.ddb.describeTable({ TableName: "terraform-locks" })).Table;
    assert.deepEqual(t?.KeySchema, [{ AttributeName: "LockID", KeyType: "HASH" }]);
    assert.deepEqual(t?.AttributeDefinitions, [{ AttributeName: "LockID", AttributeType: "S" }]);
    assert.equal(t?.BillingModeSummary?.BillingMode, "PAY_PER_REQUEST");
    assert.equal(t?.SSEDescription?.Status, "ENABLED");
    const backups = await h.ddb.describeContinuousBackups({ TableName: "terraform-locks" });
    assert.equal(
      backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
      "ENABLED",
    );
    await assertNoChanges(h);

    // PITR turned off outside keyless is drift on the table.
    await h.ddb.updateContinuousBackups({
      TableName: "terraform-locks",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
    assert.deepEqual(addresses((await planJson(h)).changes), ['update lock_table["terraform-locks"]']);
    await applyOk(h);

    await writeConfig(h, config(BASE));
    const switched = await planJson(h);
    assert.deepEqual(addresses(switched.changes), [`update state_bucket["${BUCKET}"].tags`]);
    assert.ok(!switched.changes.some((c) => c.kind === "lock_table"));
    const note = switched.notes.find((n) => n.includes("terraform-locks"));
    assert.match(note ?? "", /keyless keeps the table: it never deletes a lock table/);
    assert.match(note ?? "", /use_lockfile += true/);
    const human = await cli(h, ["plan"]);
    assert.match(
      human.stdout,
      /Note: Locking for acme-tfstate moves from the DynamoDB table terraform-locks/,
    );
    await applyOk(h);
    assert.ok((await h.ddb.describeTable({ TableName: "terraform-locks" })).Table, "the table is kept");
    await assertNoChanges(h);
  });
});

describe("state backend: bad input", () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      "invalid bucket name",
      BASE.replace(`bucket: ${BUCKET}`, "bucket: Acme_TFState"),
      /stateBackend\.bucket: "Acme_TFState" is not a valid S3 bucket name/,
    ],
    [
      "bucket name like an IP",
      BASE.replace(`bucket: ${BUCKET}`, "bucket: 192.168.1.1"),
      /must not look like an IP address/,
    ],
    [
      "reserved suffix",
      BASE.replace(`bucket: ${BUCKET}`, "bucket: state-s3alias"),
      /"-s3alias" are reserved/,
    ],
    [
      "dynamodb table with lockfile locking",
      `${BASE}\ndynamodbTable: terraform-locks`,
      /dynamodbTable is only used with locking: dynamodb/,
    ],
    ["key prefix with ..", `${BASE}\nkeyPrefix: "env/../prod/"`, /keyPrefix must not contain "\.\."/],
    ["kms-key without an ARN", `${BASE}\nencryption: { type: kms-key }`, /type kms-key needs kmsKeyArn/],
    [
      "not a KMS key ARN",
      `${BASE}\nencryption: { type: kms-key, kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:alias/state" }`,
      /is not a KMS key ARN/,
    ],
    [
      "unknown account",
      BASE.replace("account: shared", "account: sharde"),
      /stateBackend\.account: unknown account "sharde".*did you mean "shared"/,
    ],
    ["unknown key", `${BASE}\nversioning: false`, /stateBackend: unknown key "versioning"/],
  ];
  for (const [name, sb, message] of cases) {
    test(`${name}: exit 65 with file:line:col, no AWS call`, async () => {
      await writeConfig(h, config(sb));
      for (const args of [["plan"], ["apply", "--auto-approve"]]) {
        const r = await cli(h, args);
        assert.equal(r.code, 65, r.stdout + r.stderr);
        assert.match(r.stderr, message);
        assert.match(r.stderr, /keyless\.yaml:\d+:\d+: stateBackend/);
      }
      assert.deepEqual(h.proxy.calls(), [], "nothing reached AWS");
    });
  }
});
