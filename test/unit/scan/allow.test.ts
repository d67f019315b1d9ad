import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyAllowList, parseAllowList } from "../../../src/checks/scan/allow.ts";
import type { Finding } from "../../../src/checks/scan/types.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";

const finding = (path: string, kind: Finding["kind"], fingerprint = "aaaa"): Finding => ({
  kind,
  severity: "high",
  location: { type: "file", path: `/repo/${path}`, root: "/repo", line: 1, column: 1 },
  what: "x",
  masked: "40 characters",
  fingerprint,
});

const usageError = (text: string, message: RegExp) =>
  assert.throws(
    () => parseAllowList(text, "allow.yaml"),
    (e: unknown) => e instanceof KeylessError && e.exitCode === 64 && message.test(e.message),
  );

describe("allow list", () => {
  it("reads YAML, JSON and the `allow:` form", () => {
    assert.equal(parseAllowList("- path: a\n  reason: r\n", "f").length, 1);
    assert.equal(parseAllowList('[{"path": "a", "reason": "r", "kind": "key-in-text"}]', "f").length, 1);
    assert.equal(parseAllowList("allow:\n  - path: a\n    reason: r\n", "f").length, 1);
    assert.deepEqual(parseAllowList("", "f"), []);
  });

  it("matches by path glob, kind and fingerprint", () => {
    const entries = parseAllowList(
      [
        "- path: fixtures/**",
        "  kind: tfvars-secret",
        "  reason: test keys",
        "- path: '**'",
        "  fingerprint: bbbb",
        "  reason: one known, deactivated key",
        "- path: env:AWS_*",
        "  reason: CI runner",
      ].join("\n"),
      "f",
    );
    const fs = [
      finding("fixtures/a/x.tfvars", "tfvars-secret"),
      finding("fixtures/a/x.md", "key-in-text"),
      finding("src/y.md", "key-in-text", "bbbb"),
      {
        ...finding("-", "env-long-term-key"),
        location: { type: "env" as const, variable: "AWS_ACCESS_KEY_ID" },
      },
    ];
    applyAllowList(fs, entries, "/home/me");
    assert.deepEqual(
      fs.map((f) => f.allowed?.reason ?? null),
      ["test keys", null, "one known, deactivated key", "CI runner"],
    );
  });

  it("names the line of a bad entry", () => {
    usageError("- path: a\n  reason: r\n- path: b\n", /^allow\.yaml:3: exception without a reason/);
    usageError("- reason: r\n", /^allow\.yaml:1: exception without a path/);
    usageError("- path: a\n  reason: r\n  kind: nope\n", /^allow\.yaml:1: unknown kind "nope"/);
    usageError("- path: a\n  reason: r\n  because: x\n", /^allow\.yaml:3: unknown key "because"/);
    usageError("- just a string\n", /^allow\.yaml:1: an exception must be a mapping/);
    usageError("path: a\n", /expected a list/);
    usageError("- path: [a\n", /not valid YAML or JSON/);
  });
});
