/**
 * Apply's progress on stderr as the built CLI prints it: on a terminal one line redrawn in place
 * (and gone before the summary), in a CI log a plain line with the final counts, under --json nothing.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { type AdminWorld, startAdminWorld } from "./admin-harness.ts";

let w: AdminWorld;

before(async () => {
  w = await startAdminWorld();
});
after(async () => {
  await w?.stop();
});
beforeEach(async () => {
  await w.reset();
});

const CLEAR = "\r\u001b[K";

describe("apply progress", () => {
  test("off a terminal: the final counts and elapsed time on stderr, stdout unchanged", async () => {
    const r = await w.keyless(["apply", "--auto-approve"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /\nassignments 2\/2, all changes 6\/6, \d+s\n$/);
    assert.ok(!r.stderr.includes(CLEAR), JSON.stringify(r.stderr));
    assert.doesNotMatch(r.stdout, /all changes/);
  });

  test("on a terminal: a line redrawn in place with counts, cleared before the summary", async () => {
    const r = await w.keyless(["apply", "--auto-approve"], { tty: true, env: w.env({ NO_COLOR: "1" }) });
    assert.equal(r.code, 0, r.stdout);
    assert.ok(r.stdout.includes(`${CLEAR}users 0/1, all changes 0/6, `), JSON.stringify(r.stdout));
    assert.ok(r.stdout.includes(`${CLEAR}assignments 2/2, all changes 6/6, `), JSON.stringify(r.stdout));
    // The line is taken away at the end: the summary starts on a clean line.
    assert.ok(r.stdout.includes(`${CLEAR}\r\nApply complete!`), JSON.stringify(r.stdout.slice(-400)));
  });

  test("--json: nothing on stderr", async () => {
    const r = await w.keyless(["apply", "--auto-approve", "--json"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stderr, "");
  });
});
