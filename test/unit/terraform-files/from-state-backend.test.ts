/** keyless.yaml's stateBackend → the generated backend's settings. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import {
  paramsFromStateBackend,
  prefixedKey,
  type StateBackendForFiles,
  stateKmsKey,
  workspaceKeyPrefixFor,
} from "../../../src/local/terraform/from-state-backend.ts";

const KEY_ARN = "arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const sb: StateBackendForFiles = {
  accountId: "111111111111",
  region: "eu-central-1",
  bucket: "acme-tfstate-111111111111-eu-central-1",
  keyPrefix: "terraform/",
  locking: "s3",
  encryption: { type: "kms", alias: "alias/keyless-tfstate" },
};
const input = { key: "env/dev/network/terraform.tfstate", profile: "dev-terraform" };

test("the key prefix is joined with one slash; none or empty adds nothing", () => {
  assert.equal(prefixedKey("terraform", "a/b.tfstate"), "terraform/a/b.tfstate");
  assert.equal(prefixedKey("terraform/", "a/b.tfstate"), "terraform/a/b.tfstate");
  assert.equal(prefixedKey("org/terraform//", "x.tfstate"), "org/terraform/x.tfstate");
  assert.equal(prefixedKey("", "x.tfstate"), "x.tfstate");
  assert.equal(prefixedKey(undefined, "x.tfstate"), "x.tfstate");
  // Already under the prefix: used as given, never doubled.
  assert.equal(prefixedKey("env/", "env/dev/x.tfstate"), "env/dev/x.tfstate");
  assert.equal(prefixedKey("env", "environment/x.tfstate"), "env/environment/x.tfstate");
});

test("a keyless-created key is named by alias for the look-up; backend.tf gets the key ARN", () => {
  assert.deepEqual(stateKmsKey(sb), {
    kind: "alias",
    alias: "alias/keyless-tfstate",
    aliasArn: "arn:aws:kms:eu-central-1:111111111111:alias/keyless-tfstate",
  });
  assert.deepEqual(paramsFromStateBackend(sb, { ...input, kmsKeyArn: KEY_ARN }), {
    bucket: "acme-tfstate-111111111111-eu-central-1",
    key: "terraform/env/dev/network/terraform.tfstate",
    region: "eu-central-1",
    profile: "dev-terraform",
    locking: "s3",
    encrypt: true,
    kmsKeyId: KEY_ARN,
    workspaceKeyPrefix: "terraform/env/dev/network/env:",
  });
});

test("alias spelling, the default alias and other partitions", () => {
  const kms = (over: Partial<StateBackendForFiles>) => stateKmsKey({ ...sb, ...over });
  assert.deepEqual(kms({ region: "cn-north-1", encryption: { type: "kms", alias: "state" } }), {
    kind: "alias",
    alias: "alias/state",
    aliasArn: "arn:aws-cn:kms:cn-north-1:111111111111:alias/state",
  });
  assert.equal(
    (kms({ region: "us-gov-west-1", encryption: { type: "kms" } }) as { aliasArn: string }).aliasArn,
    "arn:aws-us-gov:kms:us-gov-west-1:111111111111:alias/keyless-tfstate",
  );
});

test("the looked-up key must be a key ARN in the backend's account and region (what the bucket policy accepts)", () => {
  for (const bad of [
    "arn:aws:kms:eu-central-1:111111111111:alias/keyless-tfstate",
    "arn:aws:kms:eu-central-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  ]) {
    assert.throws(
      () => paramsFromStateBackend(sb, { ...input, kmsKeyArn: bad }),
      (e: unknown) => e instanceof KeylessError && e.code === "USAGE" && e.message.includes(bad),
    );
  }
  assert.throws(
    () => paramsFromStateBackend(sb, input),
    (e: unknown) => e instanceof KeylessError,
  );
});

test("a given key ARN is used as is; AES256 sets no kms_key_id", () => {
  const arn = "arn:aws:kms:eu-central-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  assert.deepEqual(stateKmsKey({ ...sb, encryption: { type: "kms-key", kmsKeyArn: arn } }), {
    kind: "arn",
    arn,
  });
  assert.equal(
    paramsFromStateBackend({ ...sb, encryption: { type: "kms-key", kmsKeyArn: arn } }, input).kmsKeyId,
    arn,
  );
  const p = paramsFromStateBackend({ ...sb, keyPrefix: "", encryption: { type: "aes256" } }, input);
  assert.equal(p.kmsKeyId, undefined);
  assert.equal(p.key, input.key);
});

test("DynamoDB locking carries the table", () => {
  const p = paramsFromStateBackend(
    { ...sb, locking: "dynamodb", dynamodbTable: "terraform-locks", encryption: { type: "aes256" } },
    input,
  );
  assert.equal(p.locking, "dynamodb");
  assert.equal(p.dynamodbTable, "terraform-locks");
});

test("the key is checked as typed, before the prefix is added", () => {
  assert.throws(
    () => paramsFromStateBackend(sb, { ...input, key: "../x.tfstate", kmsKeyArn: KEY_ARN }),
    (e: unknown) => e instanceof KeylessError && e.code === "USAGE" && e.message.includes('"../x.tfstate"'),
  );
});

test("kms-key without an ARN: a config error naming the setting", () => {
  assert.throws(
    () => stateKmsKey({ ...sb, encryption: { type: "kms-key" } }),
    (e: unknown) =>
      e instanceof KeylessError && e.code === "CONFIG_INVALID" && /stateBackend\.encryption/.test(e.message),
  );
});

test("workspace_key_prefix: inside the key's folder under a key prefix, Terraform's default without one", () => {
  assert.equal(workspaceKeyPrefixFor("env/", "env/dev/network/terraform.tfstate"), "env/dev/network/env:");
  assert.equal(workspaceKeyPrefixFor("env", "env/terraform.tfstate"), "env/env:");
  assert.equal(workspaceKeyPrefixFor("org/tf//", "org/tf/a.tfstate"), "org/tf/env:");
  assert.equal(workspaceKeyPrefixFor(undefined, "dev/terraform.tfstate"), undefined);
  assert.equal(workspaceKeyPrefixFor("", "terraform.tfstate"), undefined);
});
