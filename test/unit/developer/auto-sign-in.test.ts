/** When a command may sign in by itself: only where someone can finish it, and never with --no-sign-in. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { CliIO } from "../../../src/cli/io.ts";
import { mayAutoSignIn } from "../../../src/commands/developer/auto-sign-in.ts";

const io = (stdin: boolean, stderr: boolean | undefined) =>
  ({ stdinIsTTY: stdin, stderrIsTTY: stderr }) as unknown as CliIO;

test("stdin and stderr terminals, no --no-sign-in: yes; anything else: no", () => {
  assert.equal(mayAutoSignIn(io(true, true), undefined), true);
  assert.equal(mayAutoSignIn(io(true, true), true), true);
  assert.equal(mayAutoSignIn(io(true, true), false), false, "--no-sign-in");
  assert.equal(mayAutoSignIn(io(false, true), undefined), false, "stdin not a terminal");
  assert.equal(mayAutoSignIn(io(true, false), undefined), false, "stderr redirected");
  assert.equal(mayAutoSignIn(io(true, undefined), undefined), false, "stderr unknown");
});
