/**
 * The whole story on the emulator: `keyless apply` creates the state backend from keyless.yaml
 * (bucket, KMS key, DynamoDB table), `keyless terraform files` writes backend.tf for it (looking the
 * key ARN up by alias in AWS), and Terraform's protocol works on that bucket: state under the
 * prefixed key, encrypted with keyless's key; the lockfile and the DynamoDB lock; and, when
 * terraform is on PATH, a real `terraform apply` with the generated backend.tf.
 *
 * Identity Center calls go through the project's stand-in proxy (test/standins), S3 / KMS /
 * DynamoDB / STS are forwarded to moto. The bucket policy keyless writes (TLS only, SSE-KMS with its
 * key ARN) cannot be exercised on the plain-HTTP emulator; it is checked against backend.tf and then
 * removed (see checkPolicyThenRemoveIt).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { ConditionalCheckFailedException, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { awsTestEnv, type Moto, startMoto } from "../../helpers/moto.ts";
import { runCli } from "../../helpers/run-cli.ts";
import { startIdentityCenterProxy } from "../../standins/identity-center-proxy.ts";
import { runTerraformCli } from "../../unit/terraform-files/cli-harness.ts";
import { skipWithoutTerraform } from "../../unit/terraform-files/terraform-bin.ts";
import { type Clients, clients, lockInfo, REGION } from "./aws.ts";
import { APPLY, INIT, PROFILE, tfWorkspace } from "./tf-workspace.ts";

/** moto's account: STS GetCallerIdentity answers it, and keyless checks the backend account against it. */
const ACCOUNT = "123456789012";
const BUCKET = `keyless-tfstate-${ACCOUNT}-${REGION}`;
const KEY = "dev/network/terraform.tfstate";
const FULL_KEY = `env/${KEY}`;

type Proxy = Awaited<ReturnType<typeof startIdentityCenterProxy>>;
let moto: Moto;
let proxy: Proxy;
let c: Clients;
let dir: string;

function config(stateBackend: string): string {
  return `version: 1
identityCenter:
  region: ${REGION}
accounts:
  shared: "${ACCOUNT}"
stateBackend:
  account: shared
  region: ${REGION}
  keyPrefix: env/
${stateBackend}`;
}

async function keylessApply(stateBackend: string): Promise<void> {
  await writeFile(join(dir, "keyless.yaml"), config(stateBackend));
  const applied = await runCli(["apply", "--auto-approve"], { cwd: dir });
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);
}

/**
 * `keyless terraform files --profile PROFILE`: the key look-up uses that profile, here one with the
 * emulator's static test keys in its own config files (as tf-workspace.ts gives Terraform), so any
 * profile the AWS SDK can resolve works. The in-process SDK reads the files from process.env.
 */
async function keylessFiles(): Promise<string> {
  const files = {
    AWS_CONFIG_FILE: join(dir, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "aws-credentials"),
  };
  await writeFile(files.AWS_CONFIG_FILE, `[profile ${PROFILE}]\nregion = ${REGION}\n`);
  await writeFile(
    files.AWS_SHARED_CREDENTIALS_FILE,
    `[${PROFILE}]\naws_access_key_id = testing\naws_secret_access_key = testing\n`,
  );
  const saved = {
    AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
    AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE,
  };
  Object.assign(process.env, files);
  try {
    const res = await runTerraformCli(["terraform", "files", "--profile", PROFILE, "--key", KEY], {
      cwd: dir,
      env: { ...process.env, ...files },
    });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    return readFile(join(dir, "backend.tf"), "utf8");
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * The bucket policy keyless wrote must accept what Terraform sends with this backend.tf: SSE
 * `aws:kms` with kms_key_id = the key ARN the policy names. Checked here against the policy text,
 * because the emulator cannot check it: its endpoint is plain HTTP, so the TLS-only statement denies
 * every request (moto also evaluates policy conditions without the request's context values). The
 * policy is then deleted so that the protocol can run over plain HTTP.
 */
async function checkPolicyThenRemoveIt(keyArn: string | undefined): Promise<void> {
  const res = await c.s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
  const statements: Array<{ Sid: string; Condition?: Record<string, Record<string, string>> }> = JSON.parse(
    res.Policy!,
  ).Statement;
  const bySid = new Map(statements.map((st) => [st.Sid, st]));
  assert.equal(bySid.get("keyless-DenyInsecureTransport")?.Condition?.Bool?.["aws:SecureTransport"], "false");
  const sseRequired = bySid.get("keyless-DenyUnencryptedUploads")?.Condition?.StringNotEquals;
  assert.equal(sseRequired?.["s3:x-amz-server-side-encryption"], keyArn ? "aws:kms" : "AES256");
  if (keyArn) {
    const keyRequired = bySid.get("keyless-DenyWrongKmsKey")?.Condition?.StringNotEquals;
    assert.equal(keyRequired?.["s3:x-amz-server-side-encryption-aws-kms-key-id"], keyArn);
  }
  await c.s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
}

async function keyArnBehindAlias(): Promise<string> {
  const key = await c.kms.send(new DescribeKeyCommand({ KeyId: "alias/keyless-tfstate" }));
  return key.KeyMetadata!.Arn!;
}

before(async () => {
  moto = await startMoto();
  proxy = await startIdentityCenterProxy(moto.endpoint);
  Object.assign(process.env, awsTestEnv(proxy.endpoint, REGION));
  c = clients(moto.endpoint);
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  proxy.reset();
  dir = await mkdtemp(join(tmpdir(), "keyless-tf-story-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("on the bucket keyless created", () => {
  test("lockfile: backend.tf names keyless's key ARN; state and .tflock behave as Terraform expects", async () => {
    await keylessApply("");
    const text = await keylessFiles();
    const keyArn = await keyArnBehindAlias();
    assert.match(text, new RegExp(`bucket += "${BUCKET}"`));
    assert.match(text, new RegExp(`key += "${FULL_KEY}"`));
    assert.match(text, new RegExp(`kms_key_id += "${keyArn}"`));
    assert.match(text, /use_lockfile += true/);

    await checkPolicyThenRemoveIt(keyArn);
    const sse = {
      ServerSideEncryption: "aws:kms" as const,
      SSEKMSKeyId: keyArn,
      ChecksumAlgorithm: "SHA256" as const,
    };
    const state = JSON.stringify({ version: 4, serial: 1, lineage: randomUUID(), resources: [] });
    await c.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: FULL_KEY, Body: state, ...sse }));
    const got = await c.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: FULL_KEY }));
    assert.equal(await got.Body!.transformToString(), state);

    const lock = (id: string) =>
      c.s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `${FULL_KEY}.tflock`,
          Body: lockInfo(id, `${BUCKET}/${FULL_KEY}`),
          IfNoneMatch: "*",
          ...sse,
        }),
      );
    await lock(randomUUID());
    await assert.rejects(
      lock(randomUUID()),
      (e: unknown) => e instanceof S3ServiceException && e.name === "PreconditionFailed",
    );
  });

  test("DynamoDB: the table keyless created takes Terraform's conditional lock", async () => {
    await keylessApply("  locking: dynamodb\n");
    const text = await keylessFiles();
    assert.match(text, /dynamodb_table += "terraform-locks"/);
    const put = () =>
      c.dynamodb.send(
        new PutItemCommand({
          TableName: "terraform-locks",
          Item: { LockID: { S: `${BUCKET}/${FULL_KEY}` }, Info: { S: lockInfo(randomUUID(), "x") } },
          ConditionExpression: "attribute_not_exists(LockID)",
        }),
      );
    await put();
    await assert.rejects(put(), ConditionalCheckFailedException);
  });

  test("real terraform apply with the generated backend.tf", { skip: skipWithoutTerraform }, async () => {
    await keylessApply("");
    const text = await keylessFiles();
    await checkPolicyThenRemoveIt(await keyArnBehindAlias());
    const ws = await tfWorkspace(moto.endpoint, REGION);
    try {
      await ws.write("backend.tf", text);
      await ws.write("main.tf", 'resource "terraform_data" "x" {\n  input = 1\n}\n');
      const init = ws.tf(INIT);
      assert.equal(init.code, 0, init.stdout + init.stderr);
      const applied = ws.tf(APPLY);
      assert.equal(applied.code, 0, applied.stdout + applied.stderr);
      const head = await c.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: FULL_KEY }));
      assert.equal(head.ServerSideEncryption, "aws:kms");
      assert.equal(head.SSEKMSKeyId, await keyArnBehindAlias());

      // A second workspace keeps its state under the key prefix too (workspace_key_prefix), where the
      // state permission set may list and write; Terraform's default would be env:/ at the bucket root.
      assert.match(text, /workspace_key_prefix += "env\/dev\/network\/env:"/);
      const created = ws.tf(["workspace", "new", "staging"]);
      assert.equal(created.code, 0, created.stdout + created.stderr);
      const staged = ws.tf(APPLY);
      assert.equal(staged.code, 0, staged.stdout + staged.stderr);
      const stagingKey = `env/dev/network/env:/staging/${FULL_KEY}`;
      const stagingHead = await c.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: stagingKey }));
      assert.equal(stagingHead.ServerSideEncryption, "aws:kms");
      const listed = ws.tf(["workspace", "list"]);
      assert.match(listed.stdout, /\bdefault\b[\s\S]*\bstaging\b/);
    } finally {
      await ws.remove();
    }
  });
});
