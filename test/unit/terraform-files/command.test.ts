/** `keyless terraform files` through commander: writing, refusing to overwrite, --force, --dry-run, --json, bad input. */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { renderBackendTf, renderProviderTf } from "../../../src/local/terraform/files.ts";
import { runTerraformCli } from "./cli-harness.ts";

const KEY = "env/dev/network/terraform.tfstate";
const FLAGS = [
  "--profile",
  "dev-terraform",
  "--key",
  KEY,
  "--bucket",
  "acme-tfstate",
  "--region",
  "eu-central-1",
];
const PARAMS = {
  bucket: "acme-tfstate",
  key: KEY,
  region: "eu-central-1",
  profile: "dev-terraform",
  locking: "s3" as const,
  encrypt: true as const,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyless-tf-files-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[], env?: Record<string, string>) =>
  runTerraformCli(["terraform", "files", ...args], { cwd: dir, ...(env ? { env } : {}) });
const read = (name: string) => readFile(join(dir, name), "utf8");

describe("writing", () => {
  test("flags only: writes backend.tf and provider.tf, then reports them unchanged", async () => {
    const first = await run(FLAGS);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(await read("backend.tf"), renderBackendTf(PARAMS));
    assert.equal(await read("provider.tf"), renderProviderTf(PARAMS));
    assert.match(first.stdout, /^backend\.tf: created\nprovider\.tf: created\nNext: terraform init/);

    const second = await run(FLAGS);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, "backend.tf: unchanged\nprovider.tf: unchanged\n");
    // Only our two files, no temp files left behind by the atomic write.
    assert.deepEqual((await readdir(dir)).sort(), ["backend.tf", "provider.tf"]);
  });

  test("--provider-profile: provider.tf names it, backend.tf keeps --profile", async () => {
    const res = await run([...FLAGS, "--provider-profile", "dev-terraform-networking"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(await read("backend.tf"), renderBackendTf(PARAMS));
    assert.match(await read("provider.tf"), /profile = "dev-terraform-networking"/);
    const bad = await run([...FLAGS, "--provider-profile", "a b", "--dir", "bad"]);
    assert.equal(bad.code, 64);
    assert.match(bad.stderr, /profile name "a b" is not valid/);
    await assert.rejects(readdir(join(dir, "bad")));
  });

  test("--dir writes into another (new) directory", async () => {
    const res = await run([...FLAGS, "--dir", "infra/network"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(await readFile(join(dir, "infra/network/backend.tf"), "utf8"), renderBackendTf(PARAMS));
    assert.match(res.stdout, /infra\/network\/backend\.tf: created/);
  });

  test("DynamoDB locking and a KMS key from flags", async () => {
    const kms = "arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const res = await run([
      ...FLAGS,
      "--lock",
      "dynamodb",
      "--dynamodb-table",
      "terraform-locks",
      "--kms-key-id",
      kms,
    ]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(
      await read("backend.tf"),
      renderBackendTf({ ...PARAMS, locking: "dynamodb", dynamodbTable: "terraform-locks", kmsKeyId: kms }),
    );
  });

  test("a keyless.yaml without stateBackend: the flags describe the backend", async () => {
    await writeFile(join(dir, "keyless.yaml"), "version: 1\nidentityCenter:\n  region: eu-central-1\n");
    const res = await run(FLAGS);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(await read("backend.tf"), renderBackendTf(PARAMS));
  });
});

describe("existing files are never overwritten silently", () => {
  test("different content: prints a unified diff, exits 1, writes nothing (not even the other file)", async () => {
    const edited = renderBackendTf(PARAMS).replace("acme-tfstate", "old-bucket");
    await writeFile(join(dir, "backend.tf"), edited);
    const res = await run(FLAGS);
    assert.equal(res.code, 1);
    assert.match(res.stdout, /backend\.tf: would be replaced \(needs --force\)/);
    assert.match(res.stdout, /^--- backend\.tf\tcurrent$/m);
    assert.match(res.stdout, /^\+\+\+ backend\.tf\tgenerated$/m);
    assert.match(res.stdout, /^-\s+bucket\s+= "old-bucket"$/m);
    assert.match(res.stdout, /^\+\s+bucket\s+= "acme-tfstate"$/m);
    assert.match(res.stdout, /^provider\.tf: would be created$/m);
    assert.match(res.stderr, /Error: backend\.tf already exists with different content; nothing was written/);
    assert.match(res.stderr, /Hint: .*--force/);
    assert.equal(await read("backend.tf"), edited);
    assert.deepEqual(await readdir(dir), ["backend.tf"]);
  });

  test("--force replaces it", async () => {
    await writeFile(join(dir, "backend.tf"), "# mine\n");
    await writeFile(join(dir, "provider.tf"), renderProviderTf(PARAMS));
    const res = await run([...FLAGS, "--force"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(
      res.stdout.split("\n").slice(0, 2).join("\n"),
      "backend.tf: replaced\nprovider.tf: unchanged",
    );
    assert.equal(await read("backend.tf"), renderBackendTf(PARAMS));
  });

  test("a directory in the way is an error, not a crash", async () => {
    await mkdir(join(dir, "backend.tf"));
    const res = await run(FLAGS);
    assert.equal(res.code, 64);
    assert.match(res.stderr, /cannot read .*backend\.tf \(EISDIR\)/);
  });
});

describe("--dry-run", () => {
  test("new files: shows their content as a diff from nothing, writes nothing", async () => {
    const res = await run([...FLAGS, "--dry-run"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /backend\.tf: would be created\n/);
    assert.match(res.stdout, /^--- \/dev\/null$/m);
    assert.match(res.stdout, /^\+\s+use_lockfile += true$/m);
    assert.match(res.stdout, /Dry run: nothing was written\.\n$/);
    assert.deepEqual(await readdir(dir), []);
  });

  test("changed file: shows the diff and exits 0 (a preview), file untouched", async () => {
    await writeFile(join(dir, "provider.tf"), "# hand written\n");
    const res = await run([...FLAGS, "--dry-run"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /provider\.tf: would be replaced \(needs --force\)/);
    assert.match(res.stdout, /^-# hand written$/m);
    assert.equal(await read("provider.tf"), "# hand written\n");
    assert.deepEqual((await readdir(dir)).sort(), ["provider.tf"]);
  });
});

test("--json describes each file and what was done", async () => {
  await writeFile(join(dir, "provider.tf"), renderProviderTf(PARAMS));
  const res = await run([...FLAGS, "--json"]);
  assert.equal(res.code, 0, res.stderr);
  const out = JSON.parse(res.stdout);
  assert.equal(out.written, true);
  assert.equal(out.requiredVersion, ">= 1.10.0");
  assert.deepEqual(out.source, { flags: true });
  assert.deepEqual(
    out.files.map((f: { name: string; action: string; needsForce: boolean }) => [
      f.name,
      f.action,
      f.needsForce,
    ]),
    [
      ["backend.tf", "create", false],
      ["provider.tf", "unchanged", false],
    ],
  );
  assert.equal(out.files[0].content, renderBackendTf(PARAMS));
  assert.equal(out.files[1].diff, null);
});

describe("bad input: clear error, exit code, nothing written", () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ["no --bucket", ["--profile", "p", "--key", KEY, "--region", "eu-central-1"], 64, /--bucket is required/],
    ["no --region", ["--profile", "p", "--key", KEY, "--bucket", "acme-tfstate"], 64, /--region is required/],
    ["--lock dynamodb without a table", [...FLAGS, "--lock", "dynamodb"], 64, /--dynamodb-table is required/],
    ["a table with lockfile locking", [...FLAGS, "--dynamodb-table", "t1"], 64, /locking is s3/],
    ["--lock with an unknown kind", [...FLAGS, "--lock", "redis"], 64, /Allowed choices are s3, dynamodb/],
    ["no --profile", ["--key", KEY, "--bucket", "b-1", "--region", "eu-central-1"], 64, /--profile <name>/],
    [
      "a key with ..",
      ["--profile", "p", "--key", "env/../x.tfstate", "--bucket", "acme-tfstate", "--region", "eu-central-1"],
      64,
      /"\.\." segment/,
    ],
    [
      "a key with a leading /",
      ["--profile", "p", "--key", "/x.tfstate", "--bucket", "acme-tfstate", "--region", "eu-central-1"],
      64,
      /starts with "\/"/,
    ],
    [
      "a profile with a space",
      ["--profile", "my profile", "--key", KEY, "--bucket", "acme-tfstate", "--region", "eu-central-1"],
      64,
      /profile name "my profile"/,
    ],
    [
      "a bad bucket name",
      ["--profile", "p", "--key", KEY, "--bucket", "Acme_State", "--region", "eu-central-1"],
      64,
      /not a valid S3 bucket name/,
    ],
    ["-c naming a missing file", [...FLAGS, "-c", "nope.yaml"], 65, /nope\.yaml not found/],
  ];
  for (const [name, args, code, message] of cases) {
    test(name, async () => {
      const res = await run(args);
      assert.equal(res.code, code, res.stdout + res.stderr);
      assert.match(res.stderr, message);
      assert.deepEqual(await readdir(dir), []);
    });
  }

  test("an invalid keyless.yaml in the directory is reported, not ignored", async () => {
    await writeFile(join(dir, "keyless.yaml"), "version: 2\n");
    const res = await run(FLAGS);
    assert.equal(res.code, 65);
    assert.match(res.stderr, /version 2 is not supported/);
    assert.deepEqual(await readdir(dir), ["keyless.yaml"]);
  });
});

test("credentials in the environment never reach the output or the files", async () => {
  const env = {
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_SESSION_TOKEN: "FwoGZXIvYXdzEXAMPLETOKEN",
  };
  const res = await run([...FLAGS, "--json"], env);
  assert.equal(res.code, 0, res.stderr);
  const everything = res.stdout + res.stderr + (await read("backend.tf")) + (await read("provider.tf"));
  for (const secret of Object.values(env)) assert.ok(!everything.includes(secret));
});
