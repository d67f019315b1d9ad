import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseConfig } from "../../../src/config/load.ts";
import { bucketNameProblem } from "../../../src/config/state-backend.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

const head = `version: 1
identityCenter:
  region: eu-central-1
accounts:
  shared: "123456789012"
`;

function load(stateBackend: string) {
  return parseConfig(`${head}stateBackend:\n${stateBackend.replace(/^/gm, "  ")}\n`, "keyless.yaml");
}

function problems(stateBackend: string): string[] {
  try {
    load(stateBackend);
  } catch (err) {
    assert.ok(err instanceof KeylessError);
    assert.equal(err.code, "CONFIG_INVALID");
    return err.details ?? [];
  }
  assert.fail("expected CONFIG_INVALID");
}

describe("stateBackend in keyless.yaml", () => {
  test("defaults: bucket from prefix, account and region; s3 locking; a kms key keyless creates; 90 days", () => {
    const { desired } = load("account: shared\nregion: eu-central-1");
    assert.deepEqual(desired.stateBackend, {
      accountId: "123456789012",
      accountName: "shared",
      region: "eu-central-1",
      bucket: "keyless-tfstate-123456789012-eu-central-1",
      keyPrefix: "",
      locking: "s3",
      encryption: { type: "kms", alias: "alias/keyless-tfstate" },
      noncurrentVersionDays: 90,
      tags: { "managed-by": "keyless" },
      allowWeakening: false,
    });
  });

  test("everything given", () => {
    const { desired } = load(`account: "123456789012"
region: us-east-1
bucket: acme-tfstate
keyPrefix: env/
locking: dynamodb
dynamodbTable: locks
encryption:
  type: kms-key
  kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
noncurrentVersionDays: 30
accessLogging: { bucket: acme-logs, prefix: tfstate/ }
tags: { team: platform }
allowWeakening: true`);
    assert.deepEqual(desired.stateBackend, {
      accountId: "123456789012",
      region: "us-east-1",
      bucket: "acme-tfstate",
      keyPrefix: "env/",
      locking: "dynamodb",
      dynamodbTable: "locks",
      encryption: {
        type: "kms-key",
        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      },
      noncurrentVersionDays: 30,
      accessLogging: { bucket: "acme-logs", prefix: "tfstate/" },
      tags: { "managed-by": "keyless", team: "platform" },
      allowWeakening: true,
    });
  });

  test("each bad input names its line and column", () => {
    assert.deepEqual(problems("account: shared\nregion: eu-central-1\nbucket: ab"), [
      'keyless.yaml:9:11: stateBackend.bucket: "ab" is not a valid S3 bucket name: it has 2 characters; use 3 to 63',
    ]);
    assert.deepEqual(problems("account: nope\nregion: eu-central-1"), [
      'keyless.yaml:7:12: stateBackend.account: unknown account "nope"; define it under accounts or write its 12-digit id',
    ]);
    assert.match(
      problems("account: shared\nregion: eu-central-1\nkeyPrefix: /abs")[0] ?? "",
      /keyPrefix must not start with "\/"/,
    );
    assert.match(
      problems("account: shared\nregion: eu-central-1\nencryption: { type: kms, kmsKeyArn: x }").join("\n"),
      /kmsKeyArn is only used with type: kms-key/,
    );
    assert.match(
      problems(
        "account: shared\nregion: eu-central-1\nencryption: { type: kms-key, kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab }",
      ).join("\n"),
      /the key is in us-east-1 but the bucket is in eu-central-1/,
    );
    assert.match(
      problems(`account: shared\nregion: eu-central-1\nbucketPrefix: ${"x".repeat(40)}`).join("\n"),
      /default bucket name is invalid/,
    );
    assert.match(
      problems("account: shared\nregion: eu-central-1\ntags: { keyless:x: y }").join("\n"),
      /keys starting with "keyless:" are set by keyless/,
    );
  });

  test("S3 bucket naming rules", () => {
    for (const ok of ["abc", "acme-tfstate", "a.b.c", "1bucket", "x".repeat(63)])
      assert.equal(bucketNameProblem(ok), undefined, ok);
    for (const bad of [
      "ab",
      "x".repeat(64),
      "Upper",
      "under_score",
      "-start",
      "end-",
      "a..b",
      "10.0.0.1",
      "xn--abc",
      "sthree-x",
      "state-s3alias",
      "state--ol-s3",
      "a.mrap",
    ]) {
      assert.ok(bucketNameProblem(bad), bad);
    }
  });
});
