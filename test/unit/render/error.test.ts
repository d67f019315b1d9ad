import assert from "node:assert/strict";
import { test } from "node:test";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { renderError } from "../../../src/render/error.ts";

const plain = { color: false, debug: false };

test("a KeylessError shows message, details and hint", () => {
  const err = new KeylessError("CONFIG_INVALID", "keyless.yaml has 2 problems", {
    details: [
      "keyless.yaml:4:7 users[0].email: not an email address",
      "keyless.yaml:9:3 groups[1]: unknown key 'memebers'",
    ],
    hint: "Fix the lines above and run keyless validate.",
  });
  assert.equal(
    renderError(err, plain),
    `Error: keyless.yaml has 2 problems
  keyless.yaml:4:7 users[0].email: not an email address
  keyless.yaml:9:3 groups[1]: unknown key 'memebers'
Hint: Fix the lines above and run keyless validate.`,
  );
});

test("a KeylessError without details or hint is one line", () => {
  assert.equal(
    renderError(new KeylessError("APPLY_DECLINED", "Apply cancelled."), plain),
    "Error: Apply cancelled.",
  );
});

test("the cause is never shown without --debug", () => {
  const cause = Object.assign(new Error("AccessDenied"), { secretAccessKey: "wJalrXUtnFEMI/K7MDENG" });
  const err = new KeylessError("AWS_ACCESS_DENIED", "cannot list users", { cause, hint: "Check your role." });
  const text = renderError(err, plain);
  assert.equal(text, "Error: cannot list users\nHint: Check your role.");
});

test("an unexpected error shows its message and how to see more", () => {
  assert.equal(
    renderError(new TypeError("x is undefined"), plain),
    "Error: x is undefined\nHint: run again with --debug to see where it happened.",
  );
  assert.equal(
    renderError({ token: "secret" }, plain),
    "Error: unexpected failure (not an Error object)\nHint: run again with --debug to see where it happened.",
  );
  assert.equal(
    renderError("plain string", plain),
    "Error: plain string\nHint: run again with --debug to see where it happened.",
  );
});

test("--debug adds the stack and the cause chain", () => {
  const root = new Error("socket hang up");
  const err = new KeylessError("AWS_ERROR", "cannot reach IAM Identity Center", {
    cause: root,
    hint: "Check the network.",
  });
  const lines = renderError(err, { color: false, debug: true }).split("\n");
  assert.deepEqual(lines.slice(0, 2), [
    "Error: cannot reach IAM Identity Center",
    "Hint: Check the network.",
  ]);
  assert.match(lines[2] ?? "", /^ {4}at .*error\.test\.ts/);
  const causeAt = lines.indexOf("Caused by: Error: socket hang up");
  assert.ok(causeAt > 2, lines.join("\n"));
  assert.match(lines[causeAt + 1] ?? "", /^ {4}at /);
  assert.ok(!lines.some((l) => l.startsWith("Hint: run again")));
});

test("--debug shows a thrown non-Error value", () => {
  const text = renderError({ code: 42 }, { color: false, debug: true });
  assert.equal(text, "Error: unexpected failure (not an Error object)\n{ code: 42 }");
});

test("a cyclic cause chain ends", () => {
  const a = new Error("a");
  const b = new Error("b", { cause: a });
  (a as { cause?: unknown }).cause = b;
  const text = renderError(a, { color: false, debug: true });
  assert.equal(text.split("\n").filter((l) => l.startsWith("Caused by:")).length, 5);
});

test("errors are coloured only when asked", () => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes.
  const ansi = /\u001b\[\d+m/;
  const err = new KeylessError("USAGE", "bad flag", { hint: "see --help", details: ["d"] });
  assert.match(renderError(err, { color: true, debug: false }), ansi);
  assert.doesNotMatch(renderError(err, { color: false, debug: true }), ansi);
});
