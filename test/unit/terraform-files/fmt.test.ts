/**
 * The generated files are byte-for-byte what `terraform fmt` would write: checked with the real
 * `terraform fmt -check` over the golden cases and a sample of random valid parameters (including
 * characters that need escaping in HCL). Skips when terraform is not on PATH; the golden tests in
 * files.test.ts still pin the layout then.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { renderTerraformFiles, type TerraformFilesParams } from "../../../src/local/terraform/files.ts";
import { runTerraform, skipWithoutTerraform } from "./terraform-bin.ts";

const segment = fc.stringMatching(/^[A-Za-z0-9_=+@-][A-Za-z0-9._=+@-]{0,11}$/);

const paramsArb: fc.Arbitrary<TerraformFilesParams> = fc
  .record({
    bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/),
    key: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join("/")),
    region: fc.constantFrom("eu-central-1", "us-east-1", "ap-southeast-2", "us-gov-west-1"),
    profile: fc.stringMatching(/^[A-Za-z0-9._@+-]{1,30}$/),
    locking: fc.constantFrom("s3" as const, "dynamodb" as const),
    table: fc.stringMatching(/^[A-Za-z0-9_.-]{3,30}$/),
    kms: fc.option(fc.constantFrom("alias/terraform-state", "1234abcd-12ab-34cd-56ef-1234567890ab"), {
      nil: undefined,
    }),
  })
  .map(({ table, kms, ...p }) => ({
    ...p,
    encrypt: true as const,
    ...(p.locking === "dynamodb" ? { dynamodbTable: table } : {}),
    ...(kms !== undefined ? { kmsKeyId: kms } : {}),
  }))
  .filter((p) => !p.key.endsWith(".tflock") && !p.key.endsWith("-md5"));

const golden: TerraformFilesParams[] = [
  {
    bucket: "acme-tfstate",
    key: "env/dev/network/terraform.tfstate",
    region: "eu-central-1",
    profile: "dev-terraform",
    locking: "s3",
    encrypt: true,
    kmsKeyId: "arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  },
  {
    bucket: "acme-tfstate",
    key: "a.tfstate",
    region: "eu-central-1",
    profile: "p",
    locking: "dynamodb",
    dynamodbTable: "terraform-locks",
    encrypt: true,
  },
];

test("terraform fmt -check accepts every generated file", { skip: skipWithoutTerraform }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "keyless-tf-fmt-"));
  try {
    const all = [...golden, ...fc.sample(paramsArb, { numRuns: 60, seed: 20240604 })];
    for (const [i, p] of all.entries()) {
      const sub = join(dir, `case-${i}`);
      await mkdir(sub);
      for (const f of renderTerraformFiles(p)) await writeFile(join(sub, f.name), f.content);
    }
    const cli = join(dir, "terraformrc");
    await writeFile(cli, "");
    const res = runTerraform(["fmt", "-check", "-recursive", "-diff", dir], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", TF_CLI_CONFIG_FILE: cli, CHECKPOINT_DISABLE: "1", HOME: dir },
    });
    assert.equal(res.code, 0, `terraform fmt would change files:\n${res.stdout}${res.stderr}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("terraform fmt -check notices a misaligned file (the check itself works)", {
  skip: skipWithoutTerraform,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "keyless-tf-fmt-"));
  try {
    const good = renderTerraformFiles(golden[0]!)[0]!.content;
    await writeFile(join(dir, "backend.tf"), good.replace("bucket       =", "bucket ="));
    const cli = join(dir, "terraformrc");
    await writeFile(cli, "");
    const res = runTerraform(["fmt", "-check", dir], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", TF_CLI_CONFIG_FILE: cli, CHECKPOINT_DISABLE: "1", HOME: dir },
    });
    assert.notEqual(res.code, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
