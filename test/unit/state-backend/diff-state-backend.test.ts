import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { applyPlan } from "../../../src/apply/executor.ts";
import type { StateBackendWriter } from "../../../src/apply/ports.ts";
import { diffSettings, LOCK_TABLE_TAG, weakening } from "../../../src/engine/diff-state-backend-settings.ts";
import { fingerprint } from "../../../src/engine/fingerprint.ts";
import type { ActualBucketSettings, BucketEncryption } from "../../../src/engine/model.ts";
import { plan } from "../../../src/engine/plan.ts";
import {
  type Change,
  KMS_KEY_ARN_PENDING,
  type StateBucketSettingChange,
} from "../../../src/engine/plan-types.ts";
import {
  ACCOUNT,
  actual,
  applySetting,
  backend,
  desired,
  emptySettings,
  KEY_ARN,
  KEY_ID,
  key,
} from "./fixtures.ts";

const list = (changes: Change[]) => changes.map((c) => `${c.action} ${c.address}`);
const settings = (changes: Change[]) =>
  changes.filter((c): c is StateBucketSettingChange => c.kind === "state_bucket_setting");

/** Applies every planned setting to `s`, as the writer would. */
function converge(s: ActualBucketSettings, changes: Change[], keyArn = KEY_ARN): ActualBucketSettings {
  let out = s;
  for (const c of settings(changes)) {
    const text = JSON.stringify(c.after).split(KMS_KEY_ARN_PENDING).join(keyArn);
    out = applySetting(out, JSON.parse(text));
  }
  return out;
}

describe("state backend plan: create", () => {
  test("nothing exists: key, bucket and every setting, in apply order; the key ARN is pending", () => {
    const p = plan(
      desired(),
      actual({ callerAccountId: ACCOUNT, bucket: { status: "absent" }, kmsKey: null }),
      {
        prune: false,
      },
    );
    assert.deepEqual(list(p.changes), [
      'create kms_key["alias/keyless-tfstate"]',
      'create state_bucket["acme-tfstate"]',
      'create state_bucket["acme-tfstate"].encryption',
      'create state_bucket["acme-tfstate"].lifecycle',
      'create state_bucket["acme-tfstate"].policy',
      'create state_bucket["acme-tfstate"].public_access_block',
      'create state_bucket["acme-tfstate"].tags',
      'create state_bucket["acme-tfstate"].versioning',
    ]);
    assert.deepEqual(p.problems, []);
    const pending = settings(p.changes).filter((c) => c.pendingKmsKey === "alias/keyless-tfstate");
    assert.deepEqual(
      pending.map((c) => c.setting),
      ["encryption", "policy"],
    );
    const enc = settings(p.changes).find((c) => c.setting === "encryption");
    assert.deepEqual(enc?.after, {
      setting: "encryption",
      encryption: { algorithm: "aws:kms", kmsKeyId: KMS_KEY_ARN_PENDING, bucketKeyEnabled: true },
    });
  });

  test("after the planned settings are applied, the next plan has no changes", () => {
    const first = plan(
      desired(),
      actual({ callerAccountId: ACCOUNT, bucket: { status: "absent" }, kmsKey: null }),
      {
        prune: false,
      },
    );
    const keyPolicy = first.changes.find((c) => c.kind === "kms_key")?.after;
    assert.ok(keyPolicy && "policy" in keyPolicy);
    const s = converge({ ...emptySettings(), objectOwnership: "BucketOwnerEnforced" }, first.changes);
    const again = plan(
      desired(),
      actual({
        callerAccountId: ACCOUNT,
        bucket: { status: "present", settings: s },
        kmsKey: key({ policy: keyPolicy.policy }),
      }),
      { prune: false },
    );
    assert.deepEqual(again.changes, []);
    assert.deepEqual(again.problems, []);
  });

  test("the state backend never produces a delete, whatever the bucket holds (property)", () => {
    const enc = fc.constantFrom<BucketEncryption>(
      { algorithm: "none", bucketKeyEnabled: false },
      { algorithm: "AES256", bucketKeyEnabled: false },
      { algorithm: "aws:kms", kmsKeyId: KEY_ARN, bucketKeyEnabled: true },
      {
        algorithm: "aws:kms",
        kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/other",
        bucketKeyEnabled: false,
      },
      { algorithm: "aws:kms:dsse", kmsKeyId: KEY_ARN, bucketKeyEnabled: true },
    );
    const settingsArb = fc.record<ActualBucketSettings>({
      versioning: fc.constantFrom("Enabled", "Suspended", "Off"),
      encryption: enc,
      publicAccessBlock: fc.record({
        blockPublicAcls: fc.boolean(),
        ignorePublicAcls: fc.boolean(),
        blockPublicPolicy: fc.boolean(),
        restrictPublicBuckets: fc.boolean(),
      }),
      objectOwnership: fc.constantFrom("BucketOwnerEnforced", "ObjectWriter", "none"),
      policy: fc.constantFrom(
        "",
        '{"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}',
      ),
      lifecycleRules: fc.constantFrom(
        "[]",
        '[{"ID":"other","Status":"Enabled","Filter":{},"Expiration":{"Days":3}}]',
      ),
      logging: fc.constantFrom(null, { targetBucket: "logs-bucket", targetPrefix: "x/" }),
      tags: fc.dictionary(
        fc.constantFrom("a", "keyless:lock-table", "managed-by"),
        fc.string({ maxLength: 3 }),
      ),
    });
    const sbArb = fc.record({
      type: fc.constantFrom("kms", "kms-key", "aes256"),
      locking: fc.constantFrom("s3", "dynamodb"),
      allowWeakening: fc.boolean(),
      logging: fc.boolean(),
    });
    fc.assert(
      fc.property(settingsArb, sbArb, (s, o) => {
        const sb = backend({
          encryption:
            o.type === "kms"
              ? { type: "kms", alias: "alias/keyless-tfstate" }
              : o.type === "kms-key"
                ? { type: "kms-key", kmsKeyArn: KEY_ARN }
                : { type: "aes256" },
          locking: o.locking as "s3" | "dynamodb",
          ...(o.locking === "dynamodb" && { dynamodbTable: "terraform-locks" }),
          allowWeakening: o.allowWeakening,
          ...(o.logging && { accessLogging: { bucket: "logs-bucket", prefix: "tfstate/" } }),
        });
        const a = actual({
          callerAccountId: ACCOUNT,
          bucket: { status: "present", settings: s },
          ...(o.type !== "aes256" && { kmsKey: key() }),
          ...(o.locking === "dynamodb" && { lockTable: null }),
        });
        const p = plan(desired(sb), a, { prune: true });
        assert.ok(p.changes.every((c) => c.action !== "delete"));
        // Converges: the planned values applied, nothing is left to change in the bucket.
        const after = converge(s, p.changes);
        assert.deepEqual(diffSettings(sb, after, { arn: KEY_ARN, aliases: [KEY_ID] }), []);
        // Only weakening changes are problems, and only without allowWeakening.
        const weak = settings(p.changes).filter((c) => c.weakens);
        assert.equal(p.problems.length, sb.allowWeakening ? 0 : weak.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe("state backend plan: adoption, drift and weakening", () => {
  test("a foreign policy statement is kept and reported; a keyless statement spelled differently is no drift", () => {
    const foreign = {
      Sid: "Audit",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::210987654321:root" },
      Action: "s3:ListBucket",
      Resource: "arn:aws:s3:::acme-tfstate",
    };
    const s = { ...emptySettings(), policy: JSON.stringify({ Version: "2012-10-17", Statement: [foreign] }) };
    const p = plan(
      desired(backend({ encryption: { type: "aes256" } })),
      actual({ callerAccountId: ACCOUNT, bucket: { status: "present", settings: s } }),
      { prune: false },
    );
    const policy = settings(p.changes).find((c) => c.setting === "policy");
    assert.equal(policy?.action, "update");
    assert.equal(policy?.reason, "keeps 1 statement keyless does not own");
    const after = policy?.after.setting === "policy" ? JSON.parse(policy.after.document) : undefined;
    assert.deepEqual(after.Statement[0], foreign);
    assert.deepEqual(
      after.Statement.slice(1).map((x: { Sid: string }) => x.Sid),
      ["keyless-DenyInsecureTransport", "keyless-DenyUnencryptedUploads"],
    );

    // Same statements, other spelling (scalar vs one-item list, other order): no change.
    const respelled = after.Statement.reverse().map((x: Record<string, unknown>) => ({
      ...x,
      Resource: Array.isArray(x.Resource) ? [...x.Resource].reverse() : [x.Resource],
    }));
    const policyOnly = diffSettings(
      backend({ encryption: { type: "aes256" } }),
      { ...s, policy: JSON.stringify({ Statement: respelled }) },
      undefined,
    ).filter((d) => d.setting === "policy");
    assert.deepEqual(policyOnly, []);
  });

  test("KMS -> AES256 is a problem without allowWeakening and a marked change with it", () => {
    const s: ActualBucketSettings = {
      ...emptySettings(),
      encryption: { algorithm: "aws:kms", kmsKeyId: KEY_ARN, bucketKeyEnabled: true },
    };
    const a = actual({ callerAccountId: ACCOUNT, bucket: { status: "present", settings: s } });
    const refused = plan(desired(backend({ encryption: { type: "aes256" } })), a, { prune: false });
    assert.deepEqual(refused.problems, [
      'state_bucket["acme-tfstate"].encryption: the change lowers encryption (aws:kms -> AES256); keyless does not weaken an existing state bucket unless stateBackend.allowWeakening is true',
    ]);
    const allowed = plan(desired(backend({ encryption: { type: "aes256" }, allowWeakening: true })), a, {
      prune: false,
    });
    assert.deepEqual(allowed.problems, []);
    const enc = settings(allowed.changes).find((c) => c.setting === "encryption");
    assert.equal(enc?.weakens, true);
    assert.equal(enc?.broadensAccess, true);
    assert.equal(
      enc?.reason,
      "lowers encryption (aws:kms -> AES256); allowed by stateBackend.allowWeakening",
    );
  });

  test("weakening() names each protection turned down, and nothing else", () => {
    const pab = {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    };
    assert.equal(
      weakening({ setting: "versioning", status: "Enabled" }, { setting: "versioning", status: "Suspended" }),
      "turns versioning off (Enabled -> Suspended)",
    );
    assert.equal(
      weakening({ setting: "versioning", status: "Off" }, { setting: "versioning", status: "Enabled" }),
      undefined,
    );
    assert.equal(
      weakening(
        { setting: "public_access_block", block: pab },
        { setting: "public_access_block", block: { ...pab, blockPublicPolicy: false } },
      ),
      "turns off public access block blockPublicPolicy",
    );
    assert.equal(
      weakening(
        { setting: "ownership", objectOwnership: "BucketOwnerEnforced" },
        { setting: "ownership", objectOwnership: "ObjectWriter" },
      ),
      "re-enables ACLs (object ownership ObjectWriter)",
    );
    assert.equal(
      weakening(
        { setting: "encryption", encryption: { algorithm: "AES256", bucketKeyEnabled: false } },
        { setting: "encryption", encryption: { algorithm: "none", bucketKeyEnabled: false } },
      ),
      "lowers encryption (AES256 -> none)",
    );
    assert.equal(
      weakening(
        { setting: "encryption", encryption: { algorithm: "AES256", bucketKeyEnabled: false } },
        { setting: "encryption", encryption: { algorithm: "aws:kms", bucketKeyEnabled: true } },
      ),
      undefined,
    );
  });

  test("the bucket may name the key by id or alias: no drift", () => {
    const sb = backend();
    for (const stored of [
      KEY_ID,
      "alias/keyless-tfstate",
      `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/keyless-tfstate`,
    ]) {
      const d = diffSettings(
        sb,
        {
          ...emptySettings(),
          encryption: { algorithm: "aws:kms", kmsKeyId: stored, bucketKeyEnabled: true },
        },
        {
          arn: KEY_ARN,
          aliases: [
            KEY_ID,
            "alias/keyless-tfstate",
            `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/keyless-tfstate`,
          ],
        },
      );
      assert.ok(!d.some((x) => x.setting === "encryption"), stored);
    }
  });

  test("the fingerprint covers the state backend", () => {
    const a = actual({ callerAccountId: ACCOUNT, bucket: { status: "present", settings: emptySettings() } });
    const b = actual({
      callerAccountId: ACCOUNT,
      bucket: { status: "present", settings: { ...emptySettings(), versioning: "Suspended" } },
    });
    assert.notEqual(fingerprint(a), fingerprint(b));
  });
});

describe("state backend plan: problems and locking", () => {
  test("credentials of another account: one problem, no changes", () => {
    const p = plan(
      desired(backend({ accountName: "shared" })),
      actual({ callerAccountId: "999999999999", bucket: { status: "not-read" } }),
      { prune: false },
    );
    assert.deepEqual(p.changes, []);
    assert.match(
      p.problems[0] ?? "",
      /account 123456789012 \(shared\) but the credentials in use are for account 999999999999/,
    );
  });

  test("forbidden and other-region buckets are problems without bucket changes", () => {
    for (const [bucket, re] of [
      [{ status: "forbidden" as const }, /taken by another AWS account/],
      [
        { status: "other-region" as const, region: "us-east-1" },
        /exists in us-east-1, not in stateBackend.region eu-central-1/,
      ],
    ] as const) {
      const p = plan(desired(), actual({ callerAccountId: ACCOUNT, bucket, kmsKey: key() }), {
        prune: false,
      });
      assert.ok(!p.changes.some((c) => c.kind.startsWith("state_bucket")));
      assert.match(p.problems.join("\n"), re);
    }
  });

  test("a disabled key, or a given key that does not exist, is a problem", () => {
    const present = { status: "present" as const, settings: emptySettings() };
    const disabled = plan(
      desired(),
      actual({ callerAccountId: ACCOUNT, bucket: present, kmsKey: key({ keyState: "PendingDeletion" }) }),
      { prune: false },
    );
    assert.match(disabled.problems.join("\n"), /is PendingDeletion, not Enabled/);
    const missing = plan(
      desired(backend({ encryption: { type: "kms-key", kmsKeyArn: KEY_ARN } })),
      actual({ callerAccountId: ACCOUNT, bucket: present, kmsKey: null }),
      { prune: false },
    );
    assert.match(missing.problems.join("\n"), /KMS key .* was not found/);
  });

  test("dynamodb locking: a table is created; a table with another key is a problem; the bucket is tagged", () => {
    const sb = backend({ locking: "dynamodb", dynamodbTable: "terraform-locks" });
    const p = plan(
      desired(sb),
      actual({ callerAccountId: ACCOUNT, bucket: { status: "absent" }, kmsKey: key(), lockTable: null }),
      { prune: false },
    );
    const table = p.changes.find((c) => c.kind === "lock_table");
    assert.deepEqual(table && { action: table.action, after: table.after }, {
      action: "create",
      after: {
        name: "terraform-locks",
        billingMode: "PAY_PER_REQUEST",
        pointInTimeRecovery: true,
        sseKms: true,
        tags: sb.tags,
      },
    });
    const tags = settings(p.changes).find((c) => c.setting === "tags");
    assert.equal(tags?.after.setting === "tags" && tags.after.tags[LOCK_TABLE_TAG], "terraform-locks");

    const wrong = plan(
      desired(sb),
      actual({
        callerAccountId: ACCOUNT,
        bucket: { status: "absent" },
        kmsKey: key(),
        lockTable: {
          name: "terraform-locks",
          lockIdKey: false,
          billingMode: "PAY_PER_REQUEST",
          pointInTimeRecovery: true,
          sseKms: true,
          tags: {},
        },
      }),
      { prune: false },
    );
    assert.match(wrong.problems.join("\n"), /its key is not LockID \(String\)/);
  });

  test("dynamodb -> s3: the note explains the switch, the tag goes, the table is never deleted", () => {
    const s = { ...emptySettings(), tags: { [LOCK_TABLE_TAG]: "terraform-locks" } };
    const p = plan(
      desired(backend({ encryption: { type: "aes256" } })),
      actual({ callerAccountId: ACCOUNT, bucket: { status: "present", settings: s } }),
      { prune: true },
    );
    assert.ok(!p.changes.some((c) => c.kind === "lock_table"));
    assert.equal(p.notes.length, 1);
    assert.match(p.notes[0] ?? "", /keyless keeps the table: it never deletes a lock table/);
    const tags = settings(p.changes).find((c) => c.setting === "tags");
    assert.ok(tags?.after.setting === "tags" && !(LOCK_TABLE_TAG in tags.after.tags));
  });

  test("no stateBackend in the file: the planner adds nothing", () => {
    const d = desired();
    delete d.stateBackend;
    const p = plan(d, actual({ callerAccountId: ACCOUNT, bucket: { status: "absent" } }), { prune: false });
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, []);
  });
});

describe("state backend apply", () => {
  test("the key is created first and its ARN replaces the placeholder; a failed bucket create skips its settings only", async () => {
    const p = plan(
      desired(),
      actual({ callerAccountId: ACCOUNT, bucket: { status: "absent" }, kmsKey: null }),
      { prune: false },
    );
    const calls: string[] = [];
    const sbWriter: StateBackendWriter = {
      createKmsKey: async () => {
        calls.push("createKmsKey");
        return KEY_ARN;
      },
      updateKmsKey: async () => {},
      createBucket: async () => {
        calls.push("createBucket");
      },
      putBucketSetting: async (_bucket, value) => {
        calls.push(
          `put ${value.setting} ${JSON.stringify(value).includes(KMS_KEY_ARN_PENDING) ? "PENDING" : ""}`.trim(),
        );
        if (value.setting === "encryption") assert.equal(value.encryption.kmsKeyId, KEY_ARN);
      },
      createLockTable: async () => {},
      updateLockTable: async () => {},
    };
    const clock = { now: () => 0, sleep: async () => {} };
    const result = await applyPlan(p, { stateBackend: sbWriter } as never, { clock });
    assert.deepEqual(result.summary, { done: 8, failed: 0, skipped: 0 });
    assert.deepEqual(calls.slice(0, 2), ["createKmsKey", "createBucket"]);
    assert.ok(!calls.some((c) => c.endsWith("PENDING")));

    const failing = {
      ...sbWriter,
      createBucket: async () => Promise.reject(new Error("BucketAlreadyExists")),
    };
    const failed = await applyPlan(p, { stateBackend: failing } as never, { clock });
    assert.deepEqual(failed.summary, { done: 1, failed: 1, skipped: 6 });
  });

  test("a delete of a state backend resource cannot be applied (no such phase)", async () => {
    const p = plan(
      desired(),
      actual({ callerAccountId: ACCOUNT, bucket: { status: "absent" }, kmsKey: null }),
      { prune: false },
    );
    const forged = { ...p, changes: [{ ...p.changes[1], action: "delete" } as Change] };
    await assert.rejects(
      applyPlan(forged, {} as never, { clock: { now: () => 0, sleep: async () => {} } }),
      /cannot apply/,
    );
  });
});
