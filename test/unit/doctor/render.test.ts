import assert from "node:assert/strict";
import { test } from "node:test";
import { type CheckResult, renderHuman, renderJson } from "../../../src/checks/doctor/index.ts";

const results: CheckResult[] = [
  { id: "a", title: "first", status: "pass", message: "fine" },
  { id: "b", title: "second", status: "warn", message: "meh", hint: "do x" },
  { id: "c", title: "third", status: "fail", message: "bad", hint: "do y" },
  { id: "d", title: "fourth", status: "skip", message: "not configured" },
];

test("off a terminal: words, hints indented, summary", () => {
  assert.equal(
    renderHuman(results, { unicode: false, color: false }),
    [
      "PASS first: fine",
      "WARN second: meh",
      "     hint: do x",
      "FAIL third: bad",
      "     hint: do y",
      "SKIP fourth: not configured",
      "",
      "4 checks: 1 passed, 1 warning, 1 failed, 1 skipped",
      "",
    ].join("\n"),
  );
});

test("on a terminal: marks", () => {
  const text = renderHuman(results, { unicode: true, color: false });
  assert.match(text, /^✓ first: fine\n! second: meh\n {2}hint: do x\n✗ third: bad\n {2}hint: do y\n- fourth/);
});

test("JSON: ok, counts and every result", () => {
  const json = JSON.parse(renderJson(results));
  assert.equal(json.ok, false);
  assert.deepEqual(json.summary, { pass: 1, warn: 1, fail: 1, skip: 1 });
  assert.deepEqual(json.checks, results);
  assert.equal(JSON.parse(renderJson(results.slice(0, 2))).ok, true);
});
