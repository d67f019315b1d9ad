import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfig } from "../../../src/config/load.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

const head = 'version: 1\nidentityCenter:\n  region: eu-central-1\naccounts:\n  dev: "111111111111"\n';

function problems(body: string): string[] {
  try {
    parseConfig(head + body, "k.yaml");
  } catch (err) {
    if (err instanceof KeylessError) return err.details;
    throw err;
  }
  return [];
}

test("an empty value gets one plain message, not zod's and a second reference error", () => {
  assert.deepEqual(problems('stateBackend:\n  account: ""\n  region: eu-central-1\n'), [
    "k.yaml:7:12: stateBackend.account: must not be empty",
  ]);
  assert.deepEqual(problems('permissionSets:\n  ps:\n    preset: ""\n'), [
    "k.yaml:8:13: permissionSets.ps.preset: preset must not be empty; remove the key instead",
  ]);
});

test("size limits and whole numbers say what to write", () => {
  const long = "x".repeat(901);
  assert.deepEqual(
    problems(
      `stateBackend:\n  account: dev\n  region: eu-central-1\n  accessLogging:\n    bucket: logs-bucket\n    prefix: ${long}\n`,
    ),
    ["k.yaml:11:13: stateBackend.accessLogging.prefix: must be at most 900 characters"],
  );
  assert.deepEqual(
    problems("stateBackend:\n  account: dev\n  region: eu-central-1\n  noncurrentVersionDays: 1.5\n"),
    ["k.yaml:9:26: stateBackend.noncurrentVersionDays: expected a whole number, got a number (1.5)"],
  );
});
