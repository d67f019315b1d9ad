/**
 * Proves the interop harness itself: each real consumer resolves a plain static-credentials profile
 * from a temp AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE and gets moto's caller identity, and
 * each reports a profile that does not exist as a failure with the tool's own message.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Moto, startMoto } from "../../helpers/moto.ts";
import { type AwsSandbox, makeAwsSandbox, writeStaticProfile } from "./fixtures.ts";
import { CONSUMERS, expectIdentity, getWithAwsCli, listProfilesWithAwsCli } from "./index.ts";
import { createMotoIamUser, type MotoIamUser } from "./moto-identities.ts";

const MOTO_ACCOUNT = "123456789012";
const PROFILE = "interop-static";
const OTHER = "interop-other";
const REGION = "eu-central-1";

let moto: Moto;
let sandbox: AwsSandbox;
let env: Record<string, string>;
let alice: MotoIamUser;
let bob: MotoIamUser;

before(async () => {
  moto = await startMoto();
  alice = await createMotoIamUser(moto.endpoint, "interop-alice");
  bob = await createMotoIamUser(moto.endpoint, "interop-bob");
  sandbox = makeAwsSandbox();
  writeStaticProfile(sandbox, { name: PROFILE, region: REGION, ...alice });
  // A second profile, so picking the right one and list-profiles are both tested.
  writeStaticProfile(sandbox, { name: OTHER, region: REGION, ...bob });
  env = { ...sandbox.env, AWS_ENDPOINT_URL: moto.endpoint };
});

after(async () => {
  await moto?.stop();
  sandbox?.cleanup();
});

for (const consumer of CONSUMERS) {
  describe(consumer.name, () => {
    test("resolves a static-credentials profile and gets moto's caller identity", async (t) => {
      t.diagnostic(`${consumer.name}: ${await consumer.version()}`);
      const identity = expectIdentity(consumer.name, await consumer.resolve({ env, profile: PROFILE }));
      // moto maps the signing key to its IAM user: proves the profile's keys reached moto's STS.
      assert.deepEqual(identity, { account: MOTO_ACCOUNT, arn: alice.arn, userId: alice.userId });
    });

    test("picks the named profile, not another one", async () => {
      const identity = expectIdentity(consumer.name, await consumer.resolve({ env, profile: OTHER }));
      assert.equal(identity.arn, bob.arn);
    });

    test("a profile that does not exist is a failure with the tool's message", async () => {
      const result = await consumer.resolve({ env, profile: "no-such-profile" });
      assert.equal(result.ok, false, `expected failure, got ${JSON.stringify(result)}`);
      if (result.ok) return;
      assert.match(result.stderr, /no-such-profile/, `the error should name the profile:\n${result.stderr}`);
    });
  });
}

describe("AWS CLI profile listing", () => {
  test("lists the sandbox's profiles and only those", async (t) => {
    const listed = await listProfilesWithAwsCli(env);
    assert.ok(listed.ok, listed.ok ? "" : listed.stderr);
    t.diagnostic(`listed via ${listed.via}`);
    assert.deepEqual([...listed.profiles].sort(), [OTHER, PROFILE]);
  });

  test("configure get reads a profile's key and reports an unset one", async () => {
    const region = await getWithAwsCli(env, PROFILE, "region");
    assert.deepEqual(region, { ok: true, value: REGION });
    const unset = await getWithAwsCli(env, PROFILE, "sso_session");
    assert.equal(unset.ok, false);
  });
});

describe("isolation", () => {
  test("a consumer without the sandbox's files does not find the profile (no real ~/.aws leaks in)", async () => {
    for (const consumer of CONSUMERS) {
      const result = await consumer.resolve({ env: { AWS_ENDPOINT_URL: moto.endpoint }, profile: PROFILE });
      assert.equal(result.ok, false, `${consumer.name} resolved a profile it was never given`);
    }
  });
});
