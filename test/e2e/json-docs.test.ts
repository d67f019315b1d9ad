/**
 * docs/json-output.md's examples are what keyless prints: each marked example is compared (keys, types,
 * kinds, forms of strings) with real output of the built CLI against the emulator: plan --json (a first
 * plan and a drifted state backend), apply --json (one with a failed change, one with an asynchronous
 * assignment), validate --json (valid with a warning, and invalid). keyless.yaml has a CI role, in the
 * account of the credentials and in a member account.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { PutBucketVersioningCommand, S3Client } from "@aws-sdk/client-s3";
import { docExamples, matchesOneOf } from "../helpers/json-shape.ts";
import { type AdminWorld, REGION, startAdminWorld } from "./admin-harness.ts";

let w: AdminWorld;
const real: Record<string, unknown[]> = {};

const jsonLines = (text: string): unknown[] =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l));

before(async () => {
  w = await startAdminWorld();
  await w.reset();
  const config =
    w
      .config()
      .replace(
        "accounts:\n",
        `accounts:\n  management: "123456789012"\n  sandbox: "${w.org.accounts.dev}"\n`,
      ) +
    "stateBackend:\n  account: management\n  region: eu-central-1\n  bucket: acme-tfstate\n  locking: s3\n  encryption:\n    type: aes256\n" +
    // A CI role in the account of the credentials (no role assumed) and in a member account (assumed).
    `ci:
  providers:
    github: {}
  roles:
    terraform-plan:
      provider: github
      repository: acme/infra
      branches: [main]
      accounts: [management, sandbox]
      inlinePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "arn:aws:s3:::acme-tfstate/*"
`;
  await w.writeConfig(config);

  const valid = await w.keyless(["validate", "--json"]);
  assert.equal(valid.code, 0, valid.stderr);
  const plan = await w.keyless(["plan", "--json"]);
  assert.equal(plan.code, 0, plan.stderr);
  // The group cannot be created: a failed change, and skipped ones that need it.
  w.proxy.failNext("CreateGroup", { status: 400, type: "AccessDeniedException", message: "not allowed" }, 1);
  const failed = await w.keyless(["apply", "--auto-approve", "--json"]);
  assert.equal(failed.code, 1, failed.stderr);
  // Assignments answer IN_PROGRESS once, as on AWS: progress events.
  w.proxy.setAsync({ polls: 1 });
  const applied = await w.keyless(["apply", "--auto-approve", "--json"]);
  assert.equal(applied.code, 0, applied.stderr);
  w.proxy.setAsync(null);

  const s3 = new S3Client({
    region: REGION,
    endpoint: w.proxy.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: "acme-tfstate",
      VersioningConfiguration: { Status: "Suspended" },
    }),
  );
  s3.destroy();
  const drifted = await w.keyless(["plan", "--json"]);
  assert.equal(drifted.code, 0, drifted.stderr);

  await w.writeConfig(config.replace("sessionDuration: PT8H", "sessionDuration: PT13H"));
  const invalid = await w.keyless(["validate", "--json"]);
  assert.equal(invalid.code, 65, invalid.stderr);

  const plans = [JSON.parse(plan.stdout), JSON.parse(drifted.stdout)];
  real.plan = plans;
  real["plan-change"] = plans.flatMap((p) => p.changes);
  real.apply = [...jsonLines(failed.stdout), ...jsonLines(applied.stdout)];
  real.validate = [JSON.parse(valid.stdout)];
  real["validate-invalid"] = [JSON.parse(invalid.stdout)];
});
after(async () => {
  await w?.stop();
});

test("every example in docs/json-output.md has the shape of real output", async () => {
  const examples = docExamples(await readFile("docs/json-output.md", "utf8"));
  assert.deepEqual([...new Set(examples.map((e) => e.name))].sort(), [
    "apply",
    "plan",
    "plan-change",
    "validate",
    "validate-invalid",
  ]);
  const problems = examples.flatMap(({ name, values }) =>
    values.flatMap((value, i) => matchesOneOf(value, real[name] ?? [], `${name}#${i + 1}`)),
  );
  assert.deepEqual(problems, []);
});

test("the real output has what the examples show: kinds of apply lines and events, a warning", () => {
  const types = (real.apply ?? []).map((l) => {
    const line = l as { type: string; event?: { type: string } };
    return line.event ? `event:${line.event.type}` : line.type;
  });
  for (const t of [
    "plan",
    "event:start",
    "event:change-start",
    "event:change-progress",
    "event:change-done",
    "event:change-failed",
    "event:change-skipped",
    "event:done",
    "result",
  ]) {
    assert.ok(types.includes(t), `apply --json printed no ${t}`);
  }
  const validate = real.validate?.[0] as { warnings: string[] };
  assert.equal(validate.warnings.length, 1, JSON.stringify(validate));
});
