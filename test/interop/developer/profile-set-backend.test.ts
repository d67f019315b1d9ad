/**
 * Profiles that `keyless configure --from` wrote with a profile set's state backend carry
 * `keyless_state_*` keys. Every real consumer must still read them as ordinary SSO profiles: boto3,
 * the AWS CLI, the JS SDK and Terraform's aws-sdk-go-base resolve the profile through the token cache
 * and call STS, the AWS CLI lists it, and `aws configure get` sees the extra key as plain text (which
 * is all it is to the CLI).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DEV, type DevEnv, START_URL, startDevEnv } from "../../integration/developer/harness.ts";
import { CONSUMERS, expectIdentity, getWithAwsCli, listProfilesWithAwsCli } from "../consumers/index.ts";

let dev: DevEnv;
const PROFILE = "dev-terraform-core";

before(async () => {
  dev = await startDevEnv();
  writeFileSync(
    join(dev.home, "keyless.yaml"),
    `version: 1\nidentityCenter:\n  region: eu-central-1\naccounts:\n  dev: "${DEV}"\ngroups:\n  g:\n    members: []\npermissionSets:\n  terraform-core:\n    description: core\nassignments:\n  - principals: [group:g]\n    permissionSets: [terraform-core]\n    targets: [account:dev]\nstateBackend:\n  account: dev\n  region: eu-central-1\n  bucket: acme-tfstate\n  keyPrefix: env/\n  locking: dynamodb\n`,
  );
  const set = await dev.run(["profiles", "--start-url", START_URL, "--out", "profiles.json"]);
  assert.equal(set.code, 0, set.stderr);
  const configured = await dev.run([
    "configure",
    "--from",
    "profiles.json",
    "--use-device-code",
    "--no-browser",
  ]);
  assert.equal(configured.code, 0, configured.stderr);
  const text = readFileSync(dev.configPath, "utf8");
  for (const key of [
    "keyless_state_bucket",
    "keyless_state_region",
    "keyless_state_key_prefix",
    "keyless_state_locking",
    "keyless_state_dynamodb_table",
    "keyless_state_kms_key_id",
  ]) {
    assert.match(text, new RegExp(`^${key} = \\S+$`, "m"), `the test needs ${key} in the profile`);
  }
});
after(async () => {
  await dev?.stop();
});

describe("a profile with keyless_state_* keys is still an ordinary SSO profile", () => {
  for (const consumer of CONSUMERS) {
    test(`${consumer.name} resolves it and calls STS`, async (t) => {
      t.diagnostic(`${consumer.name}: ${await consumer.version()}`);
      const result = await consumer.resolve({ env: dev.env(), profile: PROFILE });
      const identity = expectIdentity(consumer.name, result);
      assert.equal(identity.account, DEV);
      assert.match(identity.arn, /:assumed-role\/terraform-core\//);
    });
  }

  test("the AWS CLI lists it and reads the keys as plain values", async () => {
    const listed = await listProfilesWithAwsCli(dev.env());
    assert.ok(listed.ok, listed.ok ? "" : listed.stderr);
    if (listed.ok) assert.ok(listed.profiles.includes(PROFILE), listed.profiles.join(", "));
    const got = await getWithAwsCli(dev.env(), PROFILE, "keyless_state_bucket");
    assert.ok(got.ok, got.ok ? "" : got.stderr);
    if (got.ok) assert.equal(got.value, "acme-tfstate");
    const region = await getWithAwsCli(dev.env(), PROFILE, "region");
    assert.ok(region.ok && region.value === "eu-central-1", JSON.stringify(region));
  });
});
