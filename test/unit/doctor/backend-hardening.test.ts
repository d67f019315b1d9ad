import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  bucketFindings,
  hasTlsOnlyStatement,
  lockTableFindings,
} from "../../../src/checks/doctor/backend-hardening.ts";
import { bucketPolicyStatements } from "../../../src/engine/diff-state-backend-policy.ts";
import type { ActualBucketSettings } from "../../../src/engine/model.ts";

const HARDENED: ActualBucketSettings = {
  versioning: "Enabled",
  encryption: {
    algorithm: "aws:kms",
    kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/k",
    bucketKeyEnabled: true,
  },
  publicAccessBlock: {
    blockPublicAcls: true,
    ignorePublicAcls: true,
    blockPublicPolicy: true,
    restrictPublicBuckets: true,
  },
  objectOwnership: "BucketOwnerEnforced",
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: bucketPolicyStatements("b", "eu-central-1", { algorithm: "AES256" }),
  }),
  lifecycleRules: "[]",
  logging: null,
  tags: {},
};

describe("TLS-only statement", () => {
  test("keyless's own statement counts", () => {
    assert.equal(hasTlsOnlyStatement(HARDENED.policy), true);
  });
  test("a single statement object, BoolIfExists and a boolean false count too", () => {
    const deny = (cond: unknown) =>
      JSON.stringify({ Statement: { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: cond } });
    assert.equal(hasTlsOnlyStatement(deny({ Bool: { "aws:SecureTransport": false } })), true);
    assert.equal(hasTlsOnlyStatement(deny({ BoolIfExists: { "aws:securetransport": ["false"] } })), true);
  });
  test("Allow with the condition, no policy, or a broken policy do not", () => {
    const allow = JSON.stringify({
      Statement: [{ Effect: "Allow", Condition: { Bool: { "aws:SecureTransport": "false" } } }],
    });
    assert.equal(hasTlsOnlyStatement(allow), false);
    assert.equal(hasTlsOnlyStatement(""), false);
    assert.equal(hasTlsOnlyStatement("{not json"), false);
  });
});

describe("bucket findings", () => {
  test("a hardened bucket has none", () => {
    assert.deepEqual(bucketFindings(HARDENED), []);
  });
  test("each weak setting is one finding; SSE-S3 only warns", () => {
    const weak: ActualBucketSettings = {
      ...HARDENED,
      versioning: "Off",
      encryption: { algorithm: "AES256", bucketKeyEnabled: false },
      publicAccessBlock: { ...HARDENED.publicAccessBlock, blockPublicPolicy: false },
      objectOwnership: "ObjectWriter",
      policy: "",
    };
    assert.deepEqual(
      bucketFindings(weak).map((f) => `${f.level} ${f.text}`),
      [
        "fail versioning is off",
        "warn encrypted with SSE-S3 (AES256), not KMS",
        "fail public access block off: blockPublicPolicy",
        "fail no TLS-only bucket policy statement (Deny when aws:SecureTransport is false)",
        "fail object ownership is ObjectWriter",
      ],
    );
  });
  test("no encryption at all fails", () => {
    const f = bucketFindings({ ...HARDENED, encryption: { algorithm: "none", bucketKeyEnabled: false } });
    assert.deepEqual(
      f.map((x) => x.level),
      ["fail"],
    );
  });
});

describe("lock table findings", () => {
  const table = {
    name: "locks",
    lockIdKey: true,
    billingMode: "PAY_PER_REQUEST",
    pointInTimeRecovery: true,
    sseKms: true,
    tags: {},
  };
  test("absent, wrong key, fine, not asked", () => {
    assert.match(lockTableFindings("locks", null)[0]?.text ?? "", /does not exist/);
    assert.match(
      lockTableFindings("locks", { ...table, lockIdKey: false })[0]?.text ?? "",
      /no LockID \(String\) partition key/,
    );
    assert.deepEqual(lockTableFindings("locks", table), []);
    assert.deepEqual(lockTableFindings("locks", undefined), []);
  });
});
