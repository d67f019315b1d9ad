/**
 * `keyless terraform files` with a stateBackend section in keyless.yaml: the backend comes from the
 * file (defaults applied by the config loader), the key gets keyPrefix, a keyless-created KMS key is
 * looked up by alias (faked here; on the emulator in test/integration/terraform), and backend flags
 * are refused.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import type { TerraformFilesDeps } from "../../../src/commands/terraform-files.ts";
import { runTerraformCli } from "./cli-harness.ts";

const ACCOUNT = "111111111111";
const KEY_ARN = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BUCKET = `keyless-tfstate-${ACCOUNT}-eu-central-1`;

let dir: string;
let lookups: Array<[string, string, string | undefined]>;
let keyBehindAlias: string | null;
const deps: TerraformFilesDeps = {
  async describeKmsKey(region, aliasArn, profile) {
    lookups.push([region, aliasArn, profile]);
    return keyBehindAlias;
  },
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyless-tf-config-"));
  lookups = [];
  keyBehindAlias = KEY_ARN;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function config(stateBackend: string): Promise<void> {
  await writeFile(
    join(dir, "keyless.yaml"),
    `version: 1\nidentityCenter:\n  region: eu-central-1\naccounts:\n  shared: "${ACCOUNT}"\nstateBackend:\n${stateBackend}`,
  );
}

const run = (args: string[]) =>
  runTerraformCli(["terraform", "files", "--profile", "dev-terraform", ...args], { cwd: dir, deps });
const backend = () => readFile(join(dir, "backend.tf"), "utf8");

test("kms (the default): the key ARN behind the alias, looked up in the backend's account and region with --profile", async () => {
  await config("  account: shared\n  region: eu-central-1\n  keyPrefix: env/\n");
  // The profile is on this machine (HOME is the test directory).
  await mkdir(join(dir, ".aws"));
  await writeFile(join(dir, ".aws", "config"), "[profile dev-terraform]\nregion = eu-central-1\n");
  const res = await run(["--key", "dev/network/terraform.tfstate"]);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(lookups, [
    ["eu-central-1", `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/keyless-tfstate`, "dev-terraform"],
  ]);
  const text = await backend();
  assert.match(text, new RegExp(`^    bucket += "${BUCKET}"$`, "m"));
  assert.match(text, /^ {4}key += "env\/dev\/network\/terraform\.tfstate"$/m);
  assert.match(text, new RegExp(`^    kms_key_id += "${KEY_ARN}"$`, "m"));
  assert.match(text, /^ {4}use_lockfile += true$/m);
  assert.match(
    res.stderr,
    /Note: kms_key_id: the key behind alias\/keyless-tfstate, looked up in AWS with profile "dev-terraform"/,
  );
});

test("kms: files for a profile this machine does not have: the look-up uses the default credential chain, and says so", async () => {
  await config("  account: shared\n  region: eu-central-1\n");
  const res = await run(["--key", "a.tfstate"]);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(lookups, [
    ["eu-central-1", `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/keyless-tfstate`, undefined],
  ]);
  assert.match(
    res.stderr,
    /looked up in AWS with the default credential chain \(profile "dev-terraform" is not in this machine's AWS config\)/,
  );
});

test("kms: --kms-key-id stands in for the look-up (offline), but must be the key ARN in the backend's account", async () => {
  await config("  account: shared\n  region: eu-central-1\n");
  const ok = await run(["--key", "a.tfstate", "--kms-key-id", KEY_ARN]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(lookups, []);
  assert.match(await backend(), new RegExp(`kms_key_id += "${KEY_ARN}"`));
  const alias = await run([
    "--key",
    "b.tfstate",
    "--kms-key-id",
    `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/x`,
  ]);
  assert.equal(alias.code, 64);
  assert.match(alias.stderr, /is not a KMS key ARN in 111111111111 \/ eu-central-1/);
});

test("kms: no key behind the alias yet → clear error, nothing written", async () => {
  await config(
    "  account: shared\n  region: eu-central-1\n  encryption:\n    type: kms\n    alias: alias/team-state\n",
  );
  keyBehindAlias = null;
  const res = await run(["--key", "a.tfstate"]);
  assert.equal(res.code, 64);
  assert.match(res.stderr, /the state key alias\/team-state does not exist in 111111111111 \/ eu-central-1/);
  assert.match(res.stderr, /Hint: Run `keyless apply`/);
  assert.deepEqual(await readdir(dir), ["keyless.yaml"]);
});

test("kms-key and DynamoDB locking from the file; no AWS call", async () => {
  await config(
    `  account: "${ACCOUNT}"\n  region: eu-central-1\n  bucket: acme-state\n  locking: dynamodb\n  encryption:\n    type: kms-key\n    kmsKeyArn: ${KEY_ARN}\n`,
  );
  const res = await run(["--key", "a.tfstate"]);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(lookups, []);
  const text = await backend();
  assert.match(text, /bucket += "acme-state"/);
  assert.match(text, /dynamodb_table = "terraform-locks"/);
  assert.match(text, /required_version = ">= 1\.6\.0"/);
});

test("aes256: no kms_key_id; a key already under keyPrefix is used as given, with a note", async () => {
  await config(
    "  account: shared\n  region: eu-central-1\n  keyPrefix: env/\n  encryption:\n    type: aes256\n",
  );
  const res = await run(["--key", "env/a.tfstate"]);
  assert.equal(res.code, 0, res.stderr);
  assert.doesNotMatch(await backend(), /kms_key_id/);
  assert.match(await backend(), /key += "env\/a\.tfstate"/);
  assert.match(res.stderr, /already starts with stateBackend\.keyPrefix "env\/", so it is used as given/);
});

test("backend flags next to a stateBackend section are refused, naming them", async () => {
  await config("  account: shared\n  region: eu-central-1\n  encryption:\n    type: aes256\n");
  const res = await run(["--key", "a.tfstate", "--bucket", "other", "--lock", "dynamodb"]);
  assert.equal(res.code, 64);
  assert.match(
    res.stderr,
    /--bucket, --lock cannot be combined with the stateBackend section of .*keyless\.yaml/,
  );
  // --kms-key-id is only a stand-in for the look-up of a keyless-created key.
  const kms = await run(["--key", "a.tfstate", "--kms-key-id", KEY_ARN]);
  assert.equal(kms.code, 64);
  assert.match(kms.stderr, /--kms-key-id cannot be combined/);
  assert.deepEqual(await readdir(dir), ["keyless.yaml"]);
});
