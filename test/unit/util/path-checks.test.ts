import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { EXIT, KeylessError } from "../../../src/errors/keyless-error.ts";
import { refuseDirectoryForFile, refuseNonDirectory } from "../../../src/util/path-checks.ts";

const usage = (re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof KeylessError, String(e));
  assert.equal(e.exitCode, EXIT.USAGE);
  assert.match(e.message, re);
  return true;
};

describe("output path checks", () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "keyless-paths-"));
    mkdirSync(join(root, "dir"));
    writeFileSync(join(root, "file"), "x");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("a file to write may not be a directory", async () => {
    await assert.rejects(
      refuseDirectoryForFile(join(root, "dir"), "--out", "dir", "profiles.json"),
      usage(/^--out dir is a directory; it takes the path of the file to write$/),
    );
    await assert.rejects(
      refuseDirectoryForFile(join(root, "file", "x.json"), "--out", "file/x.json", "profiles.json"),
      usage(/^--out file\/x\.json cannot be written/),
    );
    await refuseDirectoryForFile(join(root, "file"), "--out", "file", "profiles.json");
    await refuseDirectoryForFile(join(root, "new.json"), "--out", "new.json", "profiles.json");
  });

  it("a directory to write into may not be a file", async () => {
    await assert.rejects(
      refuseNonDirectory(join(root, "file"), "--dir", "file"),
      usage(/^--dir file is a file; it takes the directory to write the files into$/),
    );
    await assert.rejects(
      refuseNonDirectory(join(root, "file", "sub"), "--dir", "file/sub"),
      usage(/^--dir file\/sub is not a directory/),
    );
    await refuseNonDirectory(join(root, "dir"), "--dir", "dir");
    await refuseNonDirectory(join(root, "missing"), "--dir", "missing");
  });
});
