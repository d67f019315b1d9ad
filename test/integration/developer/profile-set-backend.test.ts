/**
 * The state backend in the profile set: `keyless profiles` carries keyless.yaml's stateBackend
 * (format version 2, version 1 without it), `keyless configure --from` writes it as `keyless_state_*`
 * keys into each profile of keyless's block, and bad backend entries are refused with the key named
 * and nothing written. Whether other tools still read such a profile: test/interop/consumers.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { ACCOUNTS, DEV, type DevEnv, PROD, SESSION, START_URL, startDevEnv } from "./harness.ts";

let dev: DevEnv;

before(async () => {
  dev = await startDevEnv();
});
after(async () => {
  await dev?.stop();
});
beforeEach(() => {
  dev.freshHome();
  dev.standin.setAccounts(ACCOUNTS);
  dev.standin.clearCalls();
});

function keylessYaml(stateBackend: string): void {
  writeFileSync(
    join(dev.home, "keyless.yaml"),
    `version: 1
identityCenter:
  region: eu-central-1
accounts:
  dev: "${DEV}"
  prod: "${PROD}"
groups:
  g:
    members: []
permissionSets:
  terraform-core:
    description: core
assignments:
  - principals: [group:g]
    permissionSets: [terraform-core]
    targets: [account:dev, account:prod]
${stateBackend}`,
  );
}

/** The values of `[profile NAME]` in the config file. */
function profileValues(text: string, name: string): Record<string, string> {
  const start = text.indexOf(`[profile ${name}]`);
  assert.ok(start >= 0, `no [profile ${name}] in\n${text}`);
  const body = text.slice(start).split("\n").slice(1);
  const out: Record<string, string> = {};
  for (const line of body) {
    const m = /^(\w+) = (.*)$/.exec(line);
    if (!m) break;
    out[m[1] as string] = m[2] as string;
  }
  return out;
}

const profiles = (...extra: string[]) =>
  dev.run(["profiles", "--start-url", START_URL, "--out", "profiles.json", ...extra]);
const readSet = () => JSON.parse(readFileSync(join(dev.home, "profiles.json"), "utf8"));

describe("keyless profiles carries the state backend", () => {
  test("kms key keyless creates, key prefix, DynamoDB locking: version 2, the alias ARN, no AWS call", async () => {
    keylessYaml(
      "stateBackend:\n  account: dev\n  region: eu-central-1\n  bucket: acme-tfstate\n  keyPrefix: env\n  locking: dynamodb\n",
    );
    const p = await profiles();
    assert.equal(p.code, 0, p.stderr);
    assert.match(
      p.stderr,
      /Wrote 2 profiles and the state backend \(bucket acme-tfstate\) to profiles\.json/,
    );
    const set = readSet();
    assert.equal(set.keylessProfileSet, 2);
    assert.deepEqual(set.stateBackend, {
      bucket: "acme-tfstate",
      region: "eu-central-1",
      keyPrefix: "env/",
      locking: "dynamodb",
      dynamodbTable: "terraform-locks",
      kmsKeyId: `arn:aws:kms:eu-central-1:${DEV}:alias/keyless-tfstate`,
    });
    assert.deepEqual(dev.standin.calls(), []);
  });

  test("a given key: its ARN; aes256: no key; no stateBackend: version 1 as before", async () => {
    const keyArn = `arn:aws:kms:eu-central-1:${DEV}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    keylessYaml(
      `stateBackend:\n  account: dev\n  region: eu-central-1\n  bucket: acme-tfstate\n  encryption:\n    type: kms-key\n    kmsKeyArn: ${keyArn}\n`,
    );
    assert.equal((await profiles()).code, 0);
    assert.deepEqual(readSet().stateBackend, {
      bucket: "acme-tfstate",
      region: "eu-central-1",
      locking: "s3",
      kmsKeyId: keyArn,
    });
    keylessYaml(
      "stateBackend:\n  account: dev\n  region: eu-central-1\n  bucket: acme-tfstate\n  encryption:\n    type: aes256\n",
    );
    assert.equal((await profiles()).code, 0);
    assert.deepEqual(readSet().stateBackend, {
      bucket: "acme-tfstate",
      region: "eu-central-1",
      locking: "s3",
    });
    keylessYaml("");
    assert.equal((await profiles()).code, 0);
    assert.equal(readSet().keylessProfileSet, 1);
    assert.equal(readSet().stateBackend, undefined);
  });
});

describe("keyless configure --from installs the state backend into each profile", () => {
  test("every profile of the set gets keyless_state_* keys; --dry-run shows them without network", async () => {
    keylessYaml(
      "stateBackend:\n  account: dev\n  region: eu-central-1\n  bucket: acme-tfstate\n  keyPrefix: env/\n",
    );
    assert.equal((await profiles()).code, 0);
    const dry = await dev.run(["configure", "--from", "profiles.json", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^\+keyless_state_bucket = acme-tfstate$/m);
    assert.deepEqual(dev.standin.calls(), []);

    const r = await dev.run(["configure", "--from", "profiles.json", "--use-device-code", "--no-browser"]);
    assert.equal(r.code, 0, r.stderr);
    const text = dev.readConfig() ?? "";
    for (const name of ["dev-terraform-core", "prod-terraform-core"]) {
      assert.deepEqual(profileValues(text, name), {
        sso_session: SESSION,
        sso_account_id: name.startsWith("dev") ? DEV : PROD,
        sso_role_name: "terraform-core",
        region: "eu-central-1",
        output: "json",
        keyless_state_bucket: "acme-tfstate",
        keyless_state_region: "eu-central-1",
        keyless_state_key_prefix: "env/",
        keyless_state_locking: "s3",
        keyless_state_kms_key_id: `arn:aws:kms:eu-central-1:${DEV}:alias/keyless-tfstate`,
      });
    }

    // A later set without a backend takes the keys away again (the block is regenerated).
    keylessYaml("");
    assert.equal((await profiles()).code, 0);
    const again = await dev.run(["configure", "--from", "profiles.json"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /~ profile dev-terraform-core \(keyless_state_bucket, /);
    assert.doesNotMatch(dev.readConfig() ?? "", /keyless_state_/);
  });

  test("bad state backends: the key named, exit 65, nothing written, no network", async () => {
    const base = {
      session: { name: SESSION, startUrl: START_URL, region: "eu-central-1" },
      profiles: [{ name: "p", accountId: DEV, roleName: "terraform-core" }],
    };
    const cases: Array<[string, unknown, RegExp]> = [
      [
        "v1 with a backend",
        {
          keylessProfileSet: 1,
          ...base,
          stateBackend: { bucket: "acme-tfstate", region: "eu-central-1", locking: "s3" },
        },
        /stateBackend: needs keylessProfileSet 2/,
      ],
      [
        "dynamodb without a table",
        {
          keylessProfileSet: 2,
          ...base,
          stateBackend: { bucket: "acme-tfstate", region: "eu-central-1", locking: "dynamodb" },
        },
        /stateBackend\.dynamodbTable: is required with locking dynamodb/,
      ],
      [
        "bad bucket, region, key and an unknown key",
        {
          keylessProfileSet: 2,
          ...base,
          stateBackend: {
            bucket: "Acme State",
            region: "mars",
            locking: "s3",
            kmsKeyId: "alias/keyless-tfstate",
            accessKey: "x",
          },
        },
        /stateBackend\.bucket: must be an S3 bucket name[\s\S]*stateBackend\.region: must be a region[\s\S]*stateBackend\.kmsKeyId: must be a KMS key ARN or alias ARN[\s\S]*stateBackend: Unrecognized key: "accessKey"/,
      ],
    ];
    for (const [name, set, expected] of cases) {
      writeFileSync(join(dev.home, "bad.json"), JSON.stringify(set));
      const r = await dev.run(["configure", "--from", "bad.json"]);
      assert.equal(r.code, 65, `${name}: ${r.stderr}`);
      assert.match(r.stderr, expected, name);
    }
    assert.deepEqual(dev.standin.calls(), []);
    assert.equal(dev.readConfig(), undefined);
  });
});
