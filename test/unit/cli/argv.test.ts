import assert from "node:assert/strict";
import { test } from "node:test";
import { normaliseArgv } from "../../../src/cli/argv.ts";

test("Terraform-style single-dash flags become long options", () => {
  assert.deepEqual(normaliseArgv(["plan", "-out=x.plan", "-detailed-exitcode"]), [
    "plan",
    "--out=x.plan",
    "--detailed-exitcode",
  ]);
  assert.deepEqual(normaliseArgv(["plan", "-out", "x.plan"]), ["plan", "--out", "x.plan"]);
  assert.deepEqual(normaliseArgv(["apply", "-auto-approve"]), ["apply", "--auto-approve"]);
});

test("short flags, unknown single-dash words and everything after -- are left as typed", () => {
  assert.deepEqual(normaliseArgv(["plan", "-c", "k.yaml", "-V"]), ["plan", "-c", "k.yaml", "-V"]);
  assert.deepEqual(normaliseArgv(["plan", "-outfile"]), ["plan", "-outfile"]);
  assert.deepEqual(normaliseArgv(["x", "--", "-out"]), ["x", "--", "-out"]);
});

test("-target=ADDRESS and -target ADDRESS become --target", () => {
  assert.deepEqual(normaliseArgv(["plan", '-target=permission_set["core"]', "-target", "membership"]), [
    "plan",
    '--target=permission_set["core"]',
    "--target",
    "membership",
  ]);
});
