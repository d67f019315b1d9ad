/**
 * The demo's one concession to the emulator (scripts/demo-state-policy.ts): it takes the state bucket's
 * policy off only after checking that the backend.tf the engineer got satisfies that policy (the
 * demo's claim that AWS needs no such step), and puts the same policy back afterwards.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { GetBucketPolicyCommand, PutBucketPolicyCommand, S3ServiceException } from "@aws-sdk/client-s3";
import { relaxStatePolicy } from "../../../scripts/demo-state-policy.ts";
import { bucketPolicyStatements } from "../../../src/engine/diff-state-backend-policy.ts";
import { renderBackendTf } from "../../../src/local/terraform/files.ts";
import { type Moto, startMoto } from "../../helpers/moto.ts";
import { type Clients, clients, createStateBucket, REGION } from "../terraform/aws.ts";

const BUCKET = "keyless-tfstate-123456789012-eu-central-1";
const OTHER_KEY = "arn:aws:kms:eu-central-1:123456789012:key/00000000-0000-0000-0000-000000000000";

let moto: Moto;
let c: Clients;
let keyArn: string;
let policy: string;

const backendTf = (kmsKeyId: string | undefined) =>
  renderBackendTf({
    bucket: BUCKET,
    key: "env/dev/network/terraform.tfstate",
    region: REGION,
    profile: "terraform-dev",
    locking: "s3",
    encrypt: true,
    ...(kmsKeyId ? { kmsKeyId } : {}),
  });

async function currentPolicy(): Promise<string | undefined> {
  try {
    return (await c.s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy;
  } catch (err) {
    if (err instanceof S3ServiceException && err.name === "NoSuchBucketPolicy") return undefined;
    throw err;
  }
}

describe("the demo's bucket policy concession", () => {
  before(async () => {
    moto = await startMoto();
    c = clients(moto.endpoint);
  });
  after(async () => {
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    keyArn = await createStateBucket(c, BUCKET);
    policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: bucketPolicyStatements(BUCKET, REGION, { algorithm: "aws:kms", keyArn }),
    });
    await c.s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy }));
  });

  test("backend.tf with keyless's key: the policy is taken off, explained, and put back as it was", async () => {
    const relaxed = await relaxStatePolicy(moto.endpoint, BUCKET, backendTf(keyArn));
    assert.equal(await currentPolicy(), undefined);
    assert.match(
      relaxed.explanation,
      /keyless-DenyInsecureTransport: Deny s3:\* when Bool aws:SecureTransport/,
    );
    assert.ok(relaxed.explanation.includes(`keyless-DenyWrongKmsKey: Deny s3:PutObject when`));
    assert.ok(relaxed.explanation.includes(keyArn));
    assert.match(relaxed.explanation, /AWS needs no such step/);
    await relaxed.restore();
    assert.deepEqual(JSON.parse((await currentPolicy()) ?? "{}"), JSON.parse(policy));
  });

  test("backend.tf with another key: refused, naming both keys, and the policy stays", async () => {
    await assert.rejects(
      relaxStatePolicy(moto.endpoint, BUCKET, backendTf(OTHER_KEY)),
      (err: Error) => err.message.includes(keyArn) && err.message.includes(OTHER_KEY),
    );
    assert.deepEqual(JSON.parse((await currentPolicy()) ?? "{}"), JSON.parse(policy));
  });

  test("backend.tf without kms_key_id (Terraform would send AES256): refused", async () => {
    await assert.rejects(
      relaxStatePolicy(moto.endpoint, BUCKET, backendTf(undefined)),
      /the policy requires SSE aws:kms, backend.tf sends AES256/,
    );
    assert.notEqual(await currentPolicy(), undefined);
  });
});
