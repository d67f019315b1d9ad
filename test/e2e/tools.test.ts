/**
 * The offline tools as a user runs them: catalog list / show, policy lint, suggest and scan, each
 * spawned from the built CLI in a directory outside the repository with its own HOME, on good input
 * and on wrong input (with the documented exit code and the file named).
 */
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";

let dirs: UserDirs;
before(() => {
  dirs = userDirs("keyless-tools-");
});
after(() => dirs.remove());

/** No credentials and an unreachable endpoint: none of these commands may reach AWS. */
const keyless = (args: string[]) =>
  runKeyless(args, {
    cwd: dirs.work,
    env: { HOME: dirs.home, AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_EC2_METADATA_DISABLED: "true" },
  });

const write = (rel: string, text: string) => {
  const path = join(dirs.work, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};

describe("e2e: catalog", () => {
  it("list prints every preset, as text and as JSON", async () => {
    const r = await keyless(["catalog", "list"]);
    assert.equal(r.code, 0, r.stderr);
    for (const name of ["terraform-core", "terraform-storage", "terraform-iam", "terraform-monitoring"])
      assert.match(r.stdout, new RegExp(`^${name} `, "m"));
    const j = await keyless(["catalog", "list", "--json"]);
    assert.equal(j.code, 0, j.stderr);
    const presets = (JSON.parse(j.stdout) as { presets: { name: string; shortName: string }[] }).presets;
    assert.ok(presets.some((p) => p.name === "terraform-core" && p.shortName === "core"));
  });

  it("list with an argument is a usage error (64)", async () => {
    const r = await keyless(["catalog", "list", "extra"]);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /too many arguments/);
  });

  it("show NAME explains a preset, by short or full name", async () => {
    for (const name of ["core", "terraform-core"]) {
      const r = await keyless(["catalog", "show", name]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^terraform-core \(preset: core\)$/m);
      assert.match(r.stdout, /^Grants:$/m);
    }
  });

  it("show of an unknown name is 64 with a suggestion; without a name, 64", async () => {
    const r = await keyless(["catalog", "show", "stroage"]);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /unknown preset "stroage"; did you mean "storage"\?/);
    assert.match(r.stderr, /keyless catalog list/);
    const none = await keyless(["catalog", "show"]);
    assert.equal(none.code, 64);
    assert.match(none.stderr, /missing required argument 'name'/);
  });
});

describe("e2e: policy lint", () => {
  const policy = (action: string) =>
    JSON.stringify(
      {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: action, Resource: "arn:aws:s3:::my-bucket/*" }],
      },
      null,
      2,
    );

  it("a good policy passes (0)", async () => {
    write("policies/good.json", policy("s3:GetObject"));
    const r = await keyless(["policy", "lint", "policies/good.json"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 file checked: 0 errors, 0 warnings/);
  });

  it("an unknown action is an error at its file:line:col (65)", async () => {
    write("policies/bad.json", policy("s3:GetObjekt"));
    const r = await keyless(["policy", "lint", "policies/bad.json"]);
    assert.equal(r.code, 65);
    assert.match(
      r.stdout,
      /^policies\/bad\.json:6:7: error action\/unknown: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"\?$/m,
    );
  });

  it("a file that is not JSON is an error at its position (65)", async () => {
    write("policies/broken.json", '{"Version": "2012-10-17",\n  "Statement": [,]}');
    const r = await keyless(["policy", "lint", "policies/broken.json"]);
    assert.equal(r.code, 65);
    assert.match(r.stdout, /^policies\/broken\.json:2:17: error json\/syntax: invalid JSON/m);
  });

  it("a missing file is named and exits 64", async () => {
    const r = await keyless(["policy", "lint", "policies/missing.json"]);
    assert.equal(r.code, 64);
    assert.match(r.stdout + r.stderr, /policies\/missing\.json: cannot read the file: not found/);
  });
});

describe("e2e: suggest", () => {
  it("names the permission sets a small module needs, and where each type is used (0)", async () => {
    write("mod/main.tf", 'resource "aws_s3_bucket" "logs" {\n  bucket = "my-logs"\n}\n');
    const r = await keyless(["suggest", "mod"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}terraform-core /m);
    assert.match(r.stdout, /^ {2}terraform-storage /m);
    assert.match(r.stdout, /aws_s3_bucket {2}mod\/main\.tf:1$/m);
    const j = await keyless(["suggest", "mod", "--json"]);
    assert.equal(j.code, 0);
    const names = (JSON.parse(j.stdout) as { permissionSets: { name: string }[] }).permissionSets.map(
      (p) => p.name,
    );
    assert.deepEqual(names, ["terraform-core", "terraform-storage"]);
  });

  it("a file that does not parse is named with its position, the rest still read (1)", async () => {
    write("broken/ok.tf", 'resource "aws_s3_bucket" "a" {}\n');
    write("broken/main.tf", 'resource "aws_s3_bucket" "x" {\n  bucket = \n');
    const r = await keyless(["suggest", "broken"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Files that failed to parse/);
    assert.match(r.stdout, /broken\/main\.tf:3:1: syntax error/);
    assert.match(r.stdout, /aws_s3_bucket {2}.*broken\/ok\.tf:1/);
  });

  it("a directory without .tf files, or none at all, is 64", async () => {
    mkdirSync(join(dirs.work, "empty"));
    const empty = await keyless(["suggest", "empty"]);
    assert.equal(empty.code, 64);
    assert.match(empty.stderr, /empty has no \.tf or \.tf\.json files/);
    const missing = await keyless(["suggest", "nowhere"]);
    assert.equal(missing.code, 64);
    assert.match(missing.stderr, /nowhere is not a directory/);
  });
});

describe("e2e: scan", () => {
  // Key-shaped strings are made here, at run time: the repository scans itself with `keyless scan`.
  const pick = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join("");
  const keyId = ["AKIA", pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)].join("");
  const secret = pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);

  it("a clean directory passes (0)", async () => {
    write("clean/main.tf", 'provider "aws" {\n  region = "eu-west-1"\n}\n');
    const r = await keyless(["scan", "clean"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No static AWS credentials found/);
  });

  it("a planted key fails (1) at its file:line:col, with the key masked and the secret never printed", async () => {
    write(
      "leak/main.tf",
      `provider "aws" {\n  region     = "eu-west-1"\n  access_key = "${keyId}"\n  secret_key = "${secret}"\n}\n`,
    );
    const masked = `${keyId.slice(0, 4)}…${keyId.slice(-4)}`;
    for (const args of [
      ["scan", "leak"],
      ["scan", "leak", "--json"],
      ["scan", "leak", "--format", "sarif"],
    ]) {
      const r = await keyless(args);
      assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
      const all = r.stdout + r.stderr;
      assert.ok(!all.includes(secret), `${args.join(" ")} printed the secret`);
      assert.ok(!all.includes(keyId), `${args.join(" ")} printed the whole key id`);
      if (args.length === 2) {
        assert.match(r.stdout, /leak\/main\.tf:3:3 +long-term access key/);
        assert.ok(r.stdout.includes(masked), r.stdout);
        assert.match(r.stdout, /leak\/main\.tf:4:3 +secret access key \(40 characters\)/);
      }
    }
  });

  it("a directory that does not exist is 64", async () => {
    const r = await keyless(["scan", "nowhere"]);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /nowhere: no such file or directory/);
  });
});
