/**
 * Real Terraform (when on PATH) with the backend.tf keyless generates, against the emulator:
 * init + apply store the state under the key, the lock is released afterwards, and a lock held by
 * someone else (`<key>.tflock`, or the DynamoDB item) makes `apply -lock-timeout=1s` fail.
 *
 * Only backend.tf is used here, with a built-in `terraform_data` resource: a `provider "aws"` block
 * (provider.tf) makes `terraform init` install hashicorp/aws from the registry, which these tests
 * must not download. provider.tf is covered by golden text and `terraform fmt -check`
 * (test/unit/terraform-files); the last test shows the download would indeed be needed.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateAliasCommand } from "@aws-sdk/client-kms";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import {
  renderBackendTf,
  renderProviderTf,
  type TerraformFilesParams,
} from "../../../src/local/terraform/files.ts";
import { type Moto, startMoto } from "../../helpers/moto.ts";
import { skipWithoutTerraform } from "../../unit/terraform-files/terraform-bin.ts";
import { type Clients, clients, createLockTable, createStateBucket, lockInfo, REGION } from "./aws.ts";
import { APPLY, INIT, PROFILE, type TfWorkspace, tfWorkspace } from "./tf-workspace.ts";

const BUCKET = "acme-tfstate-111111111111-eu-central-1";
const KEY = "env/dev/network/terraform.tfstate";
const TABLE = "terraform-locks";
const MAIN_TF = 'resource "terraform_data" "network" {\n  input = "hello"\n}\n';

let moto: Moto;
let c: Clients;
let keyArn: string;
let ws: TfWorkspace;

const params = (extra: Partial<TerraformFilesParams> = {}): TerraformFilesParams => ({
  bucket: BUCKET,
  key: KEY,
  region: REGION,
  profile: PROFILE,
  locking: "s3",
  encrypt: true,
  kmsKeyId: keyArn,
  ...extra,
});

async function keys(): Promise<string[]> {
  const res = await c.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

async function stateText(): Promise<string> {
  const res = await c.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }));
  return res.Body!.transformToString();
}

function ok(run: { code: number; stdout: string; stderr: string }, what: string): void {
  assert.equal(run.code, 0, `${what} failed:\n${run.stdout}\n${run.stderr}`);
}

describe("real Terraform on the generated backend.tf", { skip: skipWithoutTerraform }, () => {
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
    ws = await tfWorkspace(moto.endpoint, REGION);
    await ws.write("main.tf", MAIN_TF);
  });
  afterEach(async () => {
    await ws?.remove();
  });

  test("lockfile: init + apply store the state under the key, encrypted with kms_key_id; the lock is released", async () => {
    await ws.write("backend.tf", renderBackendTf(params()));
    ok(ws.tf(INIT), "terraform init");
    ok(ws.tf(APPLY), "terraform apply");
    assert.deepEqual(await keys(), [KEY], "state under the key, no .tflock left behind");
    const state = JSON.parse(await stateText());
    assert.equal(state.resources[0].type, "terraform_data");
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }));
    assert.equal(head.ServerSideEncryption, "aws:kms");
    assert.equal(head.SSEKMSKeyId, keyArn);
  });

  test("lockfile: while <key>.tflock exists, apply -lock-timeout=1s fails with a lock error", async () => {
    await ws.write("backend.tf", renderBackendTf(params()));
    ok(ws.tf(INIT), "terraform init");
    const holder = randomUUID();
    await c.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${KEY}.tflock`,
        Body: lockInfo(holder, `${BUCKET}/${KEY}`),
        IfNoneMatch: "*",
      }),
    );
    const blocked = ws.tf([...APPLY, "-lock-timeout=1s"]);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.stderr, /Error acquiring the state lock/);
    assert.ok(blocked.stderr.includes(holder), "names the holder's lock ID");
    assert.deepEqual(await keys(), [`${KEY}.tflock`], "no state written while locked");
    // The holder releases; the same command now succeeds.
    await c.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${KEY}.tflock` }));
    ok(ws.tf([...APPLY, "-lock-timeout=1s"]), "apply after release");
    assert.deepEqual(await keys(), [KEY]);
  });

  test("DynamoDB: apply writes the state and the -md5 digest item; a held LockID blocks apply", async () => {
    await createLockTable(c, TABLE);
    await ws.write("backend.tf", renderBackendTf(params({ locking: "dynamodb", dynamodbTable: TABLE })));
    ok(ws.tf(INIT), "terraform init");
    ok(ws.tf(APPLY), "terraform apply");
    const lockId = `${BUCKET}/${KEY}`;
    const digest = await c.dynamodb.send(
      new GetItemCommand({ TableName: TABLE, Key: { LockID: { S: `${lockId}-md5` } } }),
    );
    assert.equal(
      digest.Item?.Digest?.S,
      createHash("md5")
        .update(await stateText())
        .digest("hex"),
    );
    const lock = await c.dynamodb.send(
      new GetItemCommand({ TableName: TABLE, Key: { LockID: { S: lockId } } }),
    );
    assert.equal(lock.Item, undefined, "lock released after apply");

    const holder = randomUUID();
    await c.dynamodb.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { LockID: { S: lockId }, Info: { S: lockInfo(holder, lockId) } },
        ConditionExpression: "attribute_not_exists(LockID)",
      }),
    );
    const blocked = ws.tf([...APPLY, "-lock-timeout=1s"]);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.stderr, /Error acquiring the state lock/);
    assert.ok(blocked.stderr.includes(holder));
  });

  test("without kms_key_id Terraform asks for SSE-S3 (AES256) explicitly, overriding the bucket's KMS default", async () => {
    const { kmsKeyId: _omit, ...noKms } = params();
    await ws.write("backend.tf", renderBackendTf(noKms));
    ok(ws.tf(INIT), "terraform init");
    ok(ws.tf(APPLY), "terraform apply");
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }));
    // This is why keyless sets kms_key_id whenever the bucket uses KMS: `encrypt = true` alone
    // sends `x-amz-server-side-encryption: AES256`, which a policy requiring aws:kms would deny.
    assert.equal(head.ServerSideEncryption, "AES256");
  });

  test("--kms-key-id with an alias ARN: Terraform accepts it and sends it as given", async () => {
    const aliasArn = keyArn.replace(/:key\/.*$/, ":alias/keyless-tfstate");
    await c.kms.send(new CreateAliasCommand({ AliasName: "alias/keyless-tfstate", TargetKeyId: keyArn }));
    await ws.write("backend.tf", renderBackendTf(params({ kmsKeyId: aliasArn })));
    ok(ws.tf(INIT), "terraform init");
    ok(ws.tf(APPLY), "terraform apply");
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }));
    assert.equal(head.ServerSideEncryption, "aws:kms");
    // Terraform passes kms_key_id through verbatim, which is why a stateBackend-managed bucket (whose
    // policy compares the key ARN) gets the key ARN in backend.tf, never an alias. NOT ENFORCED BY
    // MOTO: it stores the header as sent and does not check that the key exists; AWS resolves the
    // alias and reports the key ARN.
    assert.equal(head.SSEKMSKeyId, aliasArn);
  });

  test("the profile in backend.tf is what signs: an unknown profile fails init", async () => {
    await ws.write("backend.tf", renderBackendTf(params({ profile: "no-such-profile" })));
    const res = ws.tf(INIT);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /failed to get shared config profile, no-such-profile/);
    assert.deepEqual(await keys(), []);
  });

  test('why provider.tf is not used here: a provider "aws" block needs hashicorp/aws installed', async () => {
    await ws.write("backend.tf", renderBackendTf(params()));
    await ws.write("provider.tf", renderProviderTf(params()));
    const res = ws.tf(INIT);
    // The CLI config allows only an empty local mirror, so this fails without any download.
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /hashicorp\/aws/);
  });
});
