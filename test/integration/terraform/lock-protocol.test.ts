/**
 * Terraform's S3 backend protocol, performed step by step with the AWS SDK against the emulator
 * (moto) on a hardened state bucket: write and read state under the key, the S3-native lock
 * (`<key>.tflock` created with `If-None-Match: *`), and DynamoDB locking (conditional PutItem on
 * LockID plus the `-md5` digest item). Sources: Terraform internal/backend/remote-state/s3/client.go
 * (see docs/terraform-files.md). Where moto does not enforce what AWS does, the test says so.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { type Moto, startMoto } from "../../helpers/moto.ts";
import { type Clients, clients, createLockTable, createStateBucket, lockInfo } from "./aws.ts";

const BUCKET = "acme-tfstate-111111111111-eu-central-1";
const KEY = "terraform/env/dev/network/terraform.tfstate";
const LOCK_KEY = `${KEY}.tflock`;
const TABLE = "terraform-locks";

let moto: Moto;
let c: Clients;
let keyArn: string;

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
});

/** What Terraform sends for the state and the lock: SSE-KMS with kms_key_id, a SHA-256 checksum. */
function sse() {
  return {
    ServerSideEncryption: "aws:kms" as const,
    SSEKMSKeyId: keyArn,
    ChecksumAlgorithm: "SHA256" as const,
  };
}

async function acquire(id: string): Promise<void> {
  await c.s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: LOCK_KEY,
      Body: lockInfo(id, `${BUCKET}/${KEY}`),
      ContentType: "application/json",
      IfNoneMatch: "*",
      ...sse(),
    }),
  );
}

async function expectPreconditionFailed(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof S3ServiceException, String(err));
    assert.equal(err.name, "PreconditionFailed");
    assert.equal(err.$metadata.httpStatusCode, 412);
    return true;
  });
}

async function getText(key: string): Promise<string> {
  const res = await c.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return res.Body!.transformToString();
}

describe("state object", () => {
  test("written and read back under the key, encrypted with the given KMS key", async () => {
    const state = JSON.stringify({ version: 4, serial: 1, lineage: randomUUID(), resources: [] });
    await c.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: KEY,
        Body: state,
        ContentType: "application/json",
        ...sse(),
      }),
    );
    assert.equal(await getText(KEY), state);
    const head = await c.s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: KEY, ChecksumMode: "ENABLED" }),
    );
    assert.equal(head.ServerSideEncryption, "aws:kms");
    assert.equal(head.SSEKMSKeyId, keyArn);
    assert.equal(head.ChecksumSHA256, createHash("sha256").update(state).digest("base64"));
    // Versioning keeps the previous state: Terraform's recovery path.
    const next = state.replace('"serial":1', '"serial":2');
    await c.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: next, ...sse() }));
    const versions = await c.s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: KEY }));
    assert.equal(versions.Versions?.filter((v) => v.Key === KEY).length, 2);
  });
});

describe("S3-native lock (use_lockfile)", () => {
  test("acquire with If-None-Match: *; a second acquisition fails with 412 PreconditionFailed", async () => {
    const first = randomUUID();
    await acquire(first);
    await expectPreconditionFailed(acquire(randomUUID()));
    // The loser reads the holder's LockInfo to report who holds it (Terraform prints it).
    const held = JSON.parse(await getText(LOCK_KEY));
    assert.equal(held.ID, first);
    assert.equal(held.Path, `${BUCKET}/${KEY}`);
  });

  test("release: GetObject to check the ID, DeleteObject; then it can be acquired again", async () => {
    const id = randomUUID();
    await acquire(id);
    const held = JSON.parse(await getText(LOCK_KEY));
    assert.equal(held.ID, id, "unlock only a lock we hold");
    await c.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: LOCK_KEY }));
    // On a versioned bucket DeleteObject leaves a delete marker; If-None-Match: * must treat the
    // key as absent (as AWS does) or a released lock could never be taken again.
    const again = randomUUID();
    await acquire(again);
    assert.equal(JSON.parse(await getText(LOCK_KEY)).ID, again);
    await expectPreconditionFailed(acquire(randomUUID()));
  });

  test("the lock object gets the state's encryption", async () => {
    await acquire(randomUUID());
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: LOCK_KEY }));
    assert.equal(head.ServerSideEncryption, "aws:kms");
    assert.equal(head.SSEKMSKeyId, keyArn);
  });

  test("concurrent acquisitions: every loser gets 412", async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquire(randomUUID())));
    const winners = results.filter((r) => r.status === "fulfilled").length;
    assert.ok(winners >= 1);
    for (const r of results) {
      if (r.status === "rejected") assert.equal((r.reason as Error).name, "PreconditionFailed");
    }
    // NOT ENFORCED BY MOTO: AWS lets exactly one concurrent conditional write win (the others get
    // 412, or 409 ConditionalRequestConflict while the winner is in flight). moto 5.2 checks for the
    // key and then writes it without holding a lock (s3/responses.py put_object), so under its
    // threaded server two racing writers could both succeed. We therefore do not assert
    // `winners === 1`; the sequential tests above are what moto does enforce.
  });

  test("what moto does not enforce: If-None-Match with an ETag (AWS: 501 NotImplemented)", async () => {
    await acquire(randomUUID());
    // AWS supports only `*` for If-None-Match on PutObject; moto ignores other values and
    // overwrites. Terraform only ever sends `*`, so this gap does not affect the lock protocol.
    await c.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: LOCK_KEY, Body: "{}", IfNoneMatch: '"abc"' }),
    );
    assert.equal(await getText(LOCK_KEY), "{}");
  });
});

describe("DynamoDB lock (dynamodb_table)", () => {
  const lockId = `${BUCKET}/${KEY}`;

  beforeEach(async () => {
    await createLockTable(c, TABLE);
  });

  function putLock(id: string) {
    return c.dynamodb.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { LockID: { S: lockId }, Info: { S: lockInfo(id, lockId) } },
        ConditionExpression: "attribute_not_exists(LockID)",
      }),
    );
  }

  test("conditional PutItem on LockID: the second acquisition fails with ConditionalCheckFailedException", async () => {
    const id = randomUUID();
    await putLock(id);
    await assert.rejects(putLock(randomUUID()), (err: unknown) => {
      assert.ok(err instanceof ConditionalCheckFailedException, String(err));
      assert.equal(err.$metadata.httpStatusCode, 400);
      return true;
    });
    const item = await c.dynamodb.send(
      new GetItemCommand({ TableName: TABLE, Key: { LockID: { S: lockId } } }),
    );
    assert.equal(JSON.parse(item.Item!.Info!.S!).ID, id);
  });

  test("release: conditional DeleteItem on our Info; a stale Info does not delete someone else's lock", async () => {
    const id = randomUUID();
    await putLock(id);
    const held = await c.dynamodb.send(
      new GetItemCommand({ TableName: TABLE, Key: { LockID: { S: lockId } } }),
    );
    const info = held.Item!.Info!.S!;
    // Terraform's Unlock deletes with `Info = :info`, so a lock that changed hands stays.
    await assert.rejects(
      c.dynamodb.send(
        new DeleteItemCommand({
          TableName: TABLE,
          Key: { LockID: { S: lockId } },
          ConditionExpression: "Info = :info",
          ExpressionAttributeValues: { ":info": { S: lockInfo(randomUUID(), lockId) } },
        }),
      ),
      ConditionalCheckFailedException,
    );
    await c.dynamodb.send(
      new DeleteItemCommand({
        TableName: TABLE,
        Key: { LockID: { S: lockId } },
        ConditionExpression: "Info = :info",
        ExpressionAttributeValues: { ":info": { S: info } },
      }),
    );
    await putLock(randomUUID());
  });

  test("the -md5 digest item matches the state object Terraform reads back", async () => {
    const state = JSON.stringify({ version: 4, serial: 3, lineage: randomUUID(), resources: [] });
    await c.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: state, ...sse() }));
    const digest = createHash("md5").update(state).digest("hex");
    // Written unconditionally after each state write; it shares the table with the lock items.
    await c.dynamodb.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { LockID: { S: `${lockId}-md5` }, Digest: { S: digest } },
      }),
    );
    await putLock(randomUUID()); // the digest item does not block the lock (different LockID)
    const item = await c.dynamodb.send(
      new GetItemCommand({ TableName: TABLE, Key: { LockID: { S: `${lockId}-md5` } } }),
    );
    const readBack = await getText(KEY);
    assert.equal(item.Item!.Digest!.S, createHash("md5").update(readBack).digest("hex"));
  });
});
