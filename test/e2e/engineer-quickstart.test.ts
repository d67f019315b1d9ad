/**
 * The engineer's quick start of the README, as processes of the built CLI: the platform team writes
 * the profile set (`keyless profiles`, offline), the engineer installs it (`keyless configure --from`)
 * and runs `keyless terraform files --profile P --key K` with no backend flag and no AWS_PROFILE: the
 * bucket, region, key prefix, locking and KMS key come from the profile, and the key ARN behind the
 * alias is looked up with profile P's own SSO credentials (moto's KMS, the SSO stand-in's portal).
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { KMS } from "@aws-sdk/client-kms";
import { runKeyless, userDirs } from "../helpers/spawn-cli.ts";
import {
  ACCOUNT,
  type Engineer,
  engineer,
  installProfileSet,
  PROFILE,
  platformYaml,
  REGION,
  START_URL,
  signIn,
  startWorld,
  type World,
} from "./engineer-world.ts";

let world: World;
let eng: Engineer;
let keyArn: string;

before(async () => {
  world = await startWorld();
  // What `keyless apply` creates for `encryption: kms`: a key behind alias/keyless-tfstate.
  const kms = new KMS({
    region: REGION,
    endpoint: world.moto.endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  keyArn = (await kms.createKey({})).KeyMetadata?.Arn as string;
  await kms.createAlias({ AliasName: "alias/keyless-tfstate", TargetKeyId: keyArn });
  kms.destroy();
  eng = engineer(world);
});
after(async () => {
  await world?.stop();
  eng?.remove();
});

describe("keyless profiles (platform side, offline)", () => {
  test("writes the set with the state backend, to stdout or --out; needs --start-url", async () => {
    const platform = userDirs("keyless-platform-");
    try {
      writeFileSync(join(platform.work, "keyless.yaml"), platformYaml());
      const out = await runKeyless(["profiles", "--start-url", START_URL], {
        cwd: platform.work,
        env: { HOME: platform.home },
      });
      assert.equal(out.code, 0, out.stderr);
      const set = JSON.parse(out.stdout);
      assert.equal(set.keylessProfileSet, 2);
      assert.deepEqual(set.stateBackend, {
        bucket: "acme-tfstate",
        region: REGION,
        keyPrefix: "env/",
        locking: "s3",
        kmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/keyless-tfstate`,
      });
      assert.deepEqual(
        set.profiles.map((p: { name: string }) => p.name),
        ["shared-terraform-core"],
      );
      const file = await runKeyless(["profiles", "--start-url", START_URL, "--out", "set.yaml"], {
        cwd: platform.work,
        env: { HOME: platform.home },
      });
      assert.equal(file.code, 0, file.stderr);
      assert.match(
        file.stderr,
        /Wrote 1 profiles and the state backend \(bucket acme-tfstate\) to set\.yaml/,
      );
      assert.match(readFileSync(join(platform.work, "set.yaml"), "utf8"), /^keylessProfileSet: 2$/m);
      const bad = await runKeyless(["profiles"], { cwd: platform.work, env: { HOME: platform.home } });
      assert.equal(bad.code, 64);
      assert.match(bad.stderr, /needs --start-url/);
    } finally {
      platform.remove();
    }
  });
});

describe("the engineer's quick start", () => {
  before(async () => {
    await signIn(world, eng);
    await installProfileSet(eng);
  });

  test("terraform files --profile P --key K: no --bucket / --region, the key looked up with P", async () => {
    const r = await eng.run([
      "terraform",
      "files",
      "--profile",
      PROFILE,
      "--key",
      "network/terraform.tfstate",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /Note: the state backend comes from profile "shared-terraform-core" \(.*\.aws\/config:\d+/,
    );
    const backend = readFileSync(join(eng.work, "backend.tf"), "utf8");
    assert.match(backend, /^ {4}bucket += "acme-tfstate"$/m);
    assert.match(backend, /^ {4}key += "env\/network\/terraform\.tfstate"$/m);
    assert.match(backend, new RegExp(`^ {4}region += "${REGION}"$`, "m"));
    assert.match(backend, new RegExp(`^ {4}profile += "${PROFILE}"$`, "m"));
    assert.match(backend, new RegExp(`^ {4}kms_key_id += "${keyArn}"$`, "m"));
    assert.match(backend, /^ {4}use_lockfile += true$/m);
    assert.match(readFileSync(join(eng.work, "provider.tf"), "utf8"), new RegExp(`profile = "${PROFILE}"`));
    assert.match(r.stdout, /Next: terraform init/);
  });

  test("flags still override the profile's values", async () => {
    const dir = join(eng.home, "other");
    const r = await eng.run([
      "terraform",
      "files",
      "--profile",
      PROFILE,
      "--key",
      "a.tfstate",
      "--dir",
      dir,
      "--bucket",
      "other-tfstate",
      "--kms-key-id",
      keyArn,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.backend.bucket, "other-tfstate");
    assert.equal(json.backend.key, "env/a.tfstate");
    assert.deepEqual(json.source.flags, ["--bucket", "--kms-key-id"]);
  });

  test("with keyless.yaml in the directory (the platform repo), the key is looked up with --profile, not AWS_PROFILE", async () => {
    const repo = join(eng.home, "platform-repo");
    mkdirSync(repo);
    writeFileSync(join(repo, "keyless.yaml"), platformYaml());
    const r = await eng.run(
      ["terraform", "files", "--profile", PROFILE, "--key", "network/terraform.tfstate", "--dry-run"],
      {
        cwd: repo,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`kms_key_id += "${keyArn}"`));
    assert.match(
      r.stderr,
      /Note: kms_key_id: the key behind alias\/keyless-tfstate, looked up in AWS with profile "shared-terraform-core"/,
    );
  });

  test("not signed in: exit 67 saying to log in, or to pass --kms-key-id; nothing written", async () => {
    const other = engineer(world);
    try {
      // The profile set is installed, but the sign-in has ended (no token cache).
      await signIn(world, other);
      await installProfileSet(other);
      rmSync(join(other.home, ".aws", "sso"), { recursive: true, force: true });
      const r = await other.run(["terraform", "files", "--profile", PROFILE, "--key", "a.tfstate"]);
      assert.equal(r.code, 67, r.stderr);
      assert.match(
        r.stderr,
        /cannot look up the state key behind .*alias\/keyless-tfstate with profile "shared-terraform-core"/,
      );
      assert.match(r.stderr, /keyless login/);
      assert.match(r.stderr, /Or pass --kms-key-id with the key ARN/);
      assert.throws(() => readFileSync(join(other.work, "backend.tf")));
    } finally {
      other.remove();
    }
  });
});
