/** The checker that keeps docs/json-output.md's examples true to real output must itself catch drift. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { docExamples, matchesOneOf, shapeProblems } from "../../helpers/json-shape.ts";

const real = {
  fingerprint: "a".repeat(64),
  summary: { add: 1, delete: 0 },
  changes: [
    { kind: "user", userName: "dave", tags: { "managed-by": "keyless" } },
    { kind: "assignment", accountId: "111111111111", via: "account:dev" },
  ],
};

test("an example with the same keys, types, kinds and forms matches; fewer array elements are fine", () => {
  const example = {
    fingerprint: "b".repeat(64),
    summary: { add: 3, delete: 2 },
    changes: [{ kind: "assignment", accountId: "222222222222", via: "ou:workloads" }],
  };
  assert.deepEqual(shapeProblems(example, real), []);
  // Free-keyed maps compare value types only.
  const tagged = { ...example, changes: [{ kind: "user", userName: "x", tags: { team: "a", more: "b" } }] };
  assert.deepEqual(shapeProblems(tagged, real), []);
});

test("drift is named: a missing or invented key, a type, an unknown kind, a string of another form", () => {
  const base = { fingerprint: "a".repeat(64), summary: { add: 1, delete: 0 }, changes: [] };
  assert.deepEqual(shapeProblems({ ...base, summary: { add: 1 } }, real), [
    "$.summary.delete: real output has it, the example lacks it",
  ]);
  assert.deepEqual(shapeProblems({ ...base, extra: 1 }, real), [
    "$.extra: the example has it, real output does not",
  ]);
  assert.deepEqual(shapeProblems({ ...base, summary: { add: "1", delete: 0 } }, real), [
    "$.summary.add: the example has string, real output number",
  ]);
  assert.deepEqual(shapeProblems({ ...base, fingerprint: "sha256:0f1e2d..." }, real), [
    "$.fingerprint: the example has a text (sha256:0f1e2d...), real output a sha256 hex",
  ]);
  assert.deepEqual(shapeProblems({ ...base, changes: [{ kind: "group", userName: "x", tags: {} }] }, real), [
    '$.changes[0].kind: the example says "group", real output "user"',
  ]);
  assert.deepEqual(matchesOneOf({ kind: "user" }, []), ["$: no real output to compare with"]);
});

test("examples are read from marked json blocks, JSON lines and pretty objects alike", () => {
  const md = [
    "text",
    "<!-- example: lines -->",
    "```json",
    '{"type":"a"}',
    '{"type":"b"}',
    "```",
    "<!-- example: pretty -->",
    "```json",
    "{",
    '  "x": [1]',
    "}",
    "```",
    "```json",
    '{"not":"an example"}',
    "```",
  ].join("\n");
  assert.deepEqual(docExamples(md), [
    { name: "lines", values: [{ type: "a" }, { type: "b" }] },
    { name: "pretty", values: [{ x: [1] }] },
  ]);
});
