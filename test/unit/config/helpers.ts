/** Shared helpers for the config tests: run the loader on inline YAML and collect its problems. */
import assert from "node:assert/strict";
import { parseConfig } from "../../../src/config/load.ts";
import type { ReadFile } from "../../../src/config/policy.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

export const FILE = "keyless.yaml";

/** A valid head; whatever `body` holds starts on line 4. */
export function cfg(body: string): string {
  return `version: 1\nidentityCenter:\n  region: eu-central-1\n${body}`;
}

/** A readFile that serves the given files (keys are paths relative to the config's directory). */
export function files(map: Record<string, string>): ReadFile {
  return (absolute) => {
    for (const [rel, text] of Object.entries(map)) {
      if (absolute.endsWith(`/${rel}`)) return text;
    }
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${absolute}'`), {
      code: "ENOENT",
    });
  };
}

const noFiles: ReadFile = files({});

/** The detail lines of the CONFIG_INVALID error the text must cause. */
export function problems(text: string, readFile: ReadFile = noFiles): string[] {
  try {
    parseConfig(text, FILE, readFile);
  } catch (e) {
    assert.ok(e instanceof KeylessError, `expected a KeylessError, got ${String(e)}`);
    assert.equal(e.code, "CONFIG_INVALID");
    assert.equal(e.message, `${FILE} is not valid: ${e.details.length} problem(s)`);
    assert.ok(e.hint && e.hint.length > 0, "CONFIG_INVALID carries a hint");
    return e.details;
  }
  assert.fail("expected the config to be rejected");
}

/** Asserts exactly one problem and returns it. */
export function problem(text: string, readFile?: ReadFile): string {
  const all = problems(text, readFile);
  assert.equal(all.length, 1, `expected one problem, got:\n${all.join("\n")}`);
  return all[0]!;
}

export function load(text: string, readFile: ReadFile = noFiles) {
  return parseConfig(text, FILE, readFile);
}
