import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { readTerraformDir } from "../../../src/checks/doctor/terraform-dir.ts";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function dirWith(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), "keyless-doctor-tf-"));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

test("the S3 backend's literal settings and the default AWS provider's profile, with positions", async () => {
  const d = dirWith({
    "backend.tf": `terraform {\n  backend "s3" {\n    bucket       = "acme-tfstate"\n    key          = "a.tfstate"\n    region       = "eu-central-1"\n    profile      = "dev-terraform"\n    use_lockfile = true\n  }\n}\n`,
    "provider.tf": `provider "aws" {\n  alias   = "other"\n  profile = "not-this"\n}\nprovider "aws" {\n  region  = "eu-central-1"\n  profile = "dev-provider"\n}\n`,
    "notes.txt": 'backend "s3" {}',
  });
  const facts = await readTerraformDir(d);
  assert.equal(facts.kind, "read");
  if (facts.kind !== "read") return;
  assert.deepEqual(facts.files, ["backend.tf", "provider.tf"]);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(facts.backend, {
    type: "s3",
    at: "backend.tf:2",
    notLiteral: [],
    bucket: { value: "acme-tfstate", at: "backend.tf:3" },
    key: { value: "a.tfstate", at: "backend.tf:4" },
    region: { value: "eu-central-1", at: "backend.tf:5" },
    profile: { value: "dev-terraform", at: "backend.tf:6" },
    useLockfile: { value: true, at: "backend.tf:7" },
  });
  assert.deepEqual(facts.providerProfile, { value: "dev-provider", at: "provider.tf:7" });
});

test("values that are not literals are named; .tf.json is read too", async () => {
  const d = dirWith({
    "main.tf": `terraform {\n  backend "s3" {\n    bucket = var.bucket\n    dynamodb_table = "locks-\${terraform.workspace}"\n  }\n}\n`,
  });
  const facts = await readTerraformDir(d);
  assert.ok(facts.kind === "read" && facts.backend);
  assert.deepEqual(facts.backend.notLiteral, ["bucket", "dynamodb_table"]);
  const j = dirWith({
    "backend.tf.json": JSON.stringify({
      terraform: { backend: { s3: { bucket: "b", region: "us-east-1" } } },
    }),
  });
  const jf = await readTerraformDir(j);
  assert.ok(jf.kind === "read");
  assert.equal(jf.backend?.bucket?.value, "b");
});

test("a file that does not parse is a problem with its line; a missing directory is unreadable", async () => {
  const d = dirWith({ "broken.tf": 'terraform {\n  backend "s3" {\n' });
  const facts = await readTerraformDir(d);
  assert.ok(facts.kind === "read");
  assert.match(facts.problems[0] ?? "", /^broken\.tf:\d+: /);
  assert.deepEqual(await readTerraformDir(join(d, "nope")), {
    kind: "unreadable",
    problem: "no such directory",
  });
  assert.deepEqual(await readTerraformDir(join(d, "broken.tf")), {
    kind: "unreadable",
    problem: "not a directory",
  });
});
