import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  isLocalSource,
  isTerraformFileName,
  readTerraformFile,
  readTerraformModule,
  TerraformDirError,
} from "../../../src/local/terraform/hcl-module.ts";

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../../fixtures/terraform");

describe("readTerraformModule", () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), "keyless-hcl-module-"));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  async function write(path: string, text: string): Promise<void> {
    await mkdir(dirname(join(tmp, path)), { recursive: true });
    await writeFile(join(tmp, path), text);
  }

  it("reads the root files and follows local module sources, each directory once", async () => {
    const root = join(FIXTURES, "with-submodule");
    const mod = await readTerraformModule(root);
    assert.equal(mod.root, root);
    assert.deepEqual(
      mod.files.map((f) => relative(root, f.file)),
      ["main.tf", "modules/storage/main.tf", "modules/logs/main.tf"],
    );
    assert.deepEqual(
      mod.localModules.map((m) => [m.name, m.source, relative(root, m.dir), m.found, m.line]),
      [
        ["storage", "./modules/storage", "modules/storage", true, 1],
        ["storage_again", "./modules/storage", "modules/storage", true, 12],
        ["logs", "../logs", "modules/logs", true, 16],
      ],
    );
    assert.deepEqual(
      mod.remoteModules.map((m) => [m.name, m.source, m.line, m.column]),
      [["vpc", "terraform-aws-modules/vpc/aws", 6, 1]],
    );
  });

  it("ignores .terraform/, other subdirectories, hidden and editor backup files", async () => {
    await write("skip/main.tf", 'resource "aws_vpc" "v" {}\n');
    await write("skip/.terraform/modules/x/main.tf", 'resource "aws_instance" "i" {}\n');
    await write("skip/other/main.tf", 'resource "aws_instance" "i" {}\n');
    await write("skip/.hidden.tf", 'resource "aws_instance" "i" {}\n');
    await write("skip/main.tf~", 'resource "aws_instance" "i" {}\n');
    await write("skip/#main.tf#", 'resource "aws_instance" "i" {}\n');
    await write("skip/notes.txt", "not terraform\n");
    const mod = await readTerraformModule(join(tmp, "skip"));
    assert.deepEqual(
      mod.files.map((f) => relative(join(tmp, "skip"), f.file)),
      ["main.tf"],
    );
  });

  it("stops on module cycles and reports a local source that does not exist", async () => {
    await write(
      "cycle/a/main.tf",
      'module "b" {\n  source = "../b"\n}\nmodule "gone" {\n  source = "./missing"\n}\n',
    );
    await write("cycle/b/main.tf", 'module "a" {\n  source = "../a"\n}\n');
    const mod = await readTerraformModule(join(tmp, "cycle/a"));
    assert.deepEqual(
      mod.files.map((f) => relative(join(tmp, "cycle"), f.file)),
      ["a/main.tf", "b/main.tf"],
    );
    assert.deepEqual(
      mod.localModules.map((m) => [m.name, m.found]),
      [
        ["b", true],
        ["gone", false],
        ["a", true],
      ],
    );
  });

  it("returns files that do not parse with their errors instead of skipping them", async () => {
    const mod = await readTerraformModule(join(FIXTURES, "broken"));
    assert.deepEqual(
      mod.files.map((f) => [relative(join(FIXTURES, "broken"), f.file), f.errors.length > 0]),
      [
        ["broken.tf", true],
        ["broken.tf.json", true],
        ["good.tf", false],
      ],
    );
  });

  it("turns a file it cannot read into a file with an error", async () => {
    await mkdir(join(tmp, "dir.tf"), { recursive: true });
    const r = await readTerraformFile(join(tmp, "dir.tf"));
    assert.deepEqual(r.errors, [{ line: 1, column: 1, message: "cannot read the file (EISDIR)" }]);
    assert.deepEqual(r.blocks, []);
  });

  it("refuses a missing directory, a file and a directory without Terraform files", async () => {
    await write("plain.txt", "x");
    for (const dir of [join(tmp, "nope"), join(tmp, "plain.txt"), join(FIXTURES, "no-terraform")]) {
      await assert.rejects(readTerraformModule(dir), TerraformDirError);
    }
  });
});

describe("Terraform file and source rules", () => {
  it("knows which names Terraform loads", () => {
    for (const name of ["main.tf", "main.tf.json", "x_override.tf"])
      assert.equal(isTerraformFileName(name), true);
    for (const name of ["main.tfvars", ".main.tf", "main.tf~", "#main.tf#", "main.json", "tf"]) {
      assert.equal(isTerraformFileName(name), false, name);
    }
  });

  it("treats only ./ and ../ sources as local", () => {
    for (const s of ["./m", "../m", "..\\m", ".\\m"]) assert.equal(isLocalSource(s), true, s);
    for (const s of [
      "m",
      "hashicorp/consul/aws",
      "git::https://x/y.git",
      "/abs/path",
      "s3::https://b/k.zip",
      ".m",
    ]) {
      assert.equal(isLocalSource(s), false, s);
    }
  });
});
