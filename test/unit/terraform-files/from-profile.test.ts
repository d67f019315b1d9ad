/**
 * `keyless terraform files --profile P` on an engineer's machine: the backend comes from the
 * `keyless_state_*` keys `keyless configure --from` wrote into profile P (written directly here; the
 * whole story runs as processes in test/e2e/engineer-quickstart.test.ts), each flag overrides its
 * value, the key prefix applies, and a keyless-created key is looked up with profile P (faked here).
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import type { TerraformFilesDeps } from "../../../src/commands/terraform-files.ts";
import { beginMarker, endMarker } from "../../../src/local/aws-config/index.ts";
import { runTerraformCli } from "./cli-harness.ts";

const ACCOUNT = "111111111111";
const KEY_ARN = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ALIAS_ARN = `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/keyless-tfstate`;
const P = "dev-terraform-core";

let home: string;
let work: string;
let lookups: Array<[string, string, string | undefined]>;
let keyBehindAlias: string | null;
const deps: TerraformFilesDeps = {
  async describeKmsKey(region, aliasArn, profile) {
    lookups.push([region, aliasArn, profile]);
    return keyBehindAlias;
  },
};

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "keyless-tf-profile-"));
  work = join(home, "infra");
  await mkdir(join(home, ".aws"));
  await mkdir(work);
  lookups = [];
  keyBehindAlias = KEY_ARN;
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** ~/.aws/config with profile P as `keyless configure --from` writes it, plus `keys`. */
async function awsConfig(keys: string): Promise<void> {
  await writeFile(
    join(home, ".aws", "config"),
    `[default]\nregion = eu-west-1\n\n${beginMarker("d-1234567890")}\n[sso-session d-1234567890]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n\n[profile ${P}]\nsso_session = d-1234567890\nsso_account_id = ${ACCOUNT}\nsso_role_name = terraform-core\nregion = eu-central-1\noutput = json\n${keys}${endMarker("d-1234567890")}\n`,
  );
}

const FULL =
  "keyless_state_bucket = acme-tfstate\nkeyless_state_region = eu-central-1\nkeyless_state_key_prefix = env/\nkeyless_state_locking = dynamodb\nkeyless_state_dynamodb_table = terraform-locks\n" +
  `keyless_state_kms_key_id = ${ALIAS_ARN}\n`;

const run = (args: string[], env: Record<string, string> = {}) =>
  runTerraformCli(["terraform", "files", "--profile", P, ...args], {
    cwd: work,
    env: { HOME: home, ...env },
    deps,
  });
const backend = () => readFile(join(work, "backend.tf"), "utf8");

test("no backend flags: bucket, region, prefix, locking and key from the profile; the key looked up with profile P", async () => {
  await awsConfig(FULL);
  const res = await run(["--key", "network/terraform.tfstate"]);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(lookups, [["eu-central-1", ALIAS_ARN, P]]);
  const text = await backend();
  assert.match(text, /^ {4}bucket += "acme-tfstate"$/m);
  assert.match(text, /^ {4}key += "env\/network\/terraform\.tfstate"$/m);
  assert.match(text, /^ {4}region += "eu-central-1"$/m);
  assert.match(text, new RegExp(`^ {4}profile += "${P}"$`, "m"));
  assert.match(text, /^ {4}dynamodb_table += "terraform-locks"$/m);
  assert.match(text, new RegExp(`^ {4}kms_key_id += "${KEY_ARN}"$`, "m"));
  assert.match(
    res.stderr,
    /Note: the state backend comes from profile "dev-terraform-core" \(.*config:10, installed by `keyless configure --from`\)/,
  );
  assert.match(
    res.stderr,
    /Note: kms_key_id: the key behind .*alias\/keyless-tfstate, looked up with profile "dev-terraform-core"/,
  );
});

test("AWS_CONFIG_FILE is where the profile is read from, as for every SDK", async () => {
  await awsConfig(FULL);
  const elsewhere = join(home, "other-config");
  await writeFile(
    elsewhere,
    (await readFile(join(home, ".aws", "config"), "utf8")).replace("acme-tfstate", "other-tfstate"),
  );
  const res = await run(["--key", "a.tfstate", "--json"], { AWS_CONFIG_FILE: elsewhere });
  assert.equal(res.code, 0, res.stderr);
  const json = JSON.parse(res.stdout);
  assert.equal(json.backend.bucket, "other-tfstate");
  assert.deepEqual(json.source, { profile: P, at: `${elsewhere}:10`, flags: [] });
});

test("each flag overrides its value; --kms-key-id skips the look-up; --lock s3 drops the table", async () => {
  await awsConfig(FULL);
  const res = await run([
    "--key",
    "a.tfstate",
    "--bucket",
    "other-bucket",
    "--lock",
    "s3",
    "--kms-key-id",
    KEY_ARN,
    "--json",
  ]);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(lookups, []);
  const json = JSON.parse(res.stdout);
  assert.deepEqual(json.backend, {
    bucket: "other-bucket",
    key: "env/a.tfstate",
    region: "eu-central-1",
    profile: P,
    locking: "s3",
    encrypt: true,
    kmsKeyId: KEY_ARN,
    workspaceKeyPrefix: "env/env:",
  });
  assert.deepEqual(json.source.flags, ["--bucket", "--lock", "--kms-key-id"]);
});

test("a key already under the profile's prefix is used as given, with a note", async () => {
  await awsConfig(FULL);
  const res = await run(["--key", "env/a.tfstate", "--json"]);
  assert.equal(res.code, 0, res.stderr);
  const json = JSON.parse(res.stdout);
  assert.equal(json.backend.key, "env/a.tfstate");
  assert.match(json.notes.join("\n"), /already starts with the profile's key prefix "env\/"/);
});

test("an S3-encrypted backend (no key) needs no look-up", async () => {
  await awsConfig(
    "keyless_state_bucket = acme-tfstate\nkeyless_state_region = eu-central-1\nkeyless_state_locking = s3\n",
  );
  const res = await run(["--key", "a.tfstate"]);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(lookups, []);
  assert.doesNotMatch(await backend(), /kms_key_id/);
  assert.match(await backend(), /use_lockfile += true/);
});

test("no key behind the alias: a clear error, nothing written", async () => {
  await awsConfig(FULL);
  keyBehindAlias = null;
  const res = await run(["--key", "a.tfstate"]);
  assert.equal(res.code, 64);
  assert.match(
    res.stderr,
    /the state key arn:aws:kms:eu-central-1:111111111111:alias\/keyless-tfstate does not exist/,
  );
  assert.deepEqual(await readdir(work), []);
});

test("a looked-up key in another account is refused", async () => {
  await awsConfig(FULL);
  keyBehindAlias = "arn:aws:kms:eu-central-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const res = await run(["--key", "a.tfstate"]);
  assert.equal(res.code, 64);
  assert.match(res.stderr, /is not a KMS key ARN in 111111111111 \/ eu-central-1/);
});

test("a profile without a state backend still needs --bucket and --region", async () => {
  await awsConfig("");
  const res = await run(["--key", "a.tfstate"]);
  assert.equal(res.code, 64);
  assert.match(res.stderr, /--bucket is required/);
});

test("a damaged record (no bucket) is named with file:line, exit 65, nothing written", async () => {
  await awsConfig("keyless_state_region = eu-central-1\n");
  const res = await run(["--key", "a.tfstate"]);
  assert.equal(res.code, 65);
  assert.match(
    res.stderr,
    /config:10: the profile's state backend needs both keyless_state_bucket and keyless_state_region/,
  );
  assert.deepEqual(await readdir(work), []);
});

test("a config file that cannot be read: an error, unless --bucket and --region make it unnecessary", async () => {
  await writeFile(join(home, ".aws", "config"), "region = x\n[profile a]\n");
  const without = await run(["--key", "a.tfstate"]);
  assert.equal(without.code, 65, without.stderr);
  const withFlags = await run(["--key", "a.tfstate", "--bucket", "acme-tfstate", "--region", "eu-central-1"]);
  assert.equal(withFlags.code, 0, withFlags.stderr);
});

test("keyless.yaml with a stateBackend (the platform team's machine) wins over the profile", async () => {
  await awsConfig(FULL);
  await writeFile(
    join(work, "keyless.yaml"),
    `version: 1\nidentityCenter:\n  region: eu-central-1\naccounts:\n  shared: "${ACCOUNT}"\nstateBackend:\n  account: shared\n  region: eu-central-1\n  bucket: yaml-tfstate\n  encryption:\n    type: aes256\n`,
  );
  const res = await run(["--key", "a.tfstate", "--json"]);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(JSON.parse(res.stdout).backend.bucket, "yaml-tfstate");
});
