/** The apply progress line: counts and elapsed time, redrawn on a terminal, periodic lines off one. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApplyEvent } from "../../../src/apply/events.ts";
import { CLEAR_LINE, createApplyProgress } from "../../../src/commands/apply-progress.ts";
import type { Change } from "../../../src/engine/plan-types.ts";
import { progressText } from "../../../src/render/apply-progress.ts";

const assignment = (n: number): Change => ({
  kind: "assignment",
  action: "create",
  address: `assignment["group:g", "ps", "${String(n).padStart(12, "0")}"]`,
  broadensAccess: true,
  principal: { type: "GROUP", name: "g" },
  permissionSet: "ps",
  accountId: String(n).padStart(12, "0"),
});
const group: Change = {
  kind: "group",
  action: "create",
  address: 'group["g"]',
  broadensAccess: false,
  name: "g",
  after: { description: "" },
};

function harness(changes: Change[], tty: boolean) {
  const writes: string[] = [];
  let now = 0;
  const meter = createApplyProgress(changes, { write: (t) => writes.push(t), tty, now: () => now });
  return {
    writes,
    meter,
    at(ms: number, event?: ApplyEvent) {
      now = ms;
      if (event) meter.onEvent(event);
      else meter.tick();
    },
  };
}

const started = (address: string): ApplyEvent => ({ type: "change-start", address, action: "create" });
const done = (address: string): ApplyEvent => ({
  type: "change-done",
  address,
  action: "create",
  durationMs: 1,
});

test("the text: the kind's count, the whole plan's when there is more than one kind, failures, elapsed", () => {
  const base = {
    label: "assignments",
    labelFinished: 340,
    labelTotal: 1000,
    finished: 341,
    total: 1001,
    failed: 0,
  };
  assert.equal(
    progressText({ ...base, labels: 2 }, 130_000),
    "assignments 340/1000, all changes 341/1001, 2m10s",
  );
  assert.equal(progressText({ ...base, labels: 1, failed: 2 }, 4_000), "assignments 340/1000, 2 failed, 4s");
});

test("on a terminal: one line redrawn in place, taken away before stdout lines and at the end", () => {
  const changes = [group, assignment(1), assignment(2)];
  const h = harness(changes, true);
  h.at(0, { type: "start", total: 3 });
  h.meter.beforeOut(); // nothing shown yet: nothing to clear
  h.at(0, started('group["g"]'));
  h.at(1_000, done('group["g"]'));
  h.meter.beforeOut();
  h.at(2_000, started(changes[1]?.address ?? ""));
  h.at(3_000); // the timer: elapsed time moves
  h.at(4_000, {
    type: "change-failed",
    address: changes[1]?.address ?? "",
    action: "create",
    error: { message: "x" },
  });
  h.at(4_000, { type: "change-skipped", address: changes[2]?.address ?? "", reason: "r" });
  h.at(5_000, { type: "done", summary: { done: 1, failed: 1, skipped: 1 } });
  h.at(6_000); // after the end the timer draws nothing
  assert.deepEqual(h.writes, [
    `${CLEAR_LINE}groups 0/1, all changes 0/3, 0s`,
    `${CLEAR_LINE}groups 1/1, all changes 1/3, 1s`,
    CLEAR_LINE,
    `${CLEAR_LINE}assignments 0/2, all changes 1/3, 2s`,
    `${CLEAR_LINE}assignments 0/2, all changes 1/3, 3s`,
    `${CLEAR_LINE}assignments 1/2, all changes 2/3, 1 failed, 4s`,
    `${CLEAR_LINE}assignments 2/2, all changes 3/3, 1 failed, 4s`,
    CLEAR_LINE,
  ]);
});

test("off a terminal: a plain line at most every 10 s, and one at the end", () => {
  const changes = Array.from({ length: 4 }, (_, i) => assignment(i));
  const h = harness(changes, false);
  h.at(0, { type: "start", total: 4 });
  h.at(0, started(changes[0]?.address ?? ""));
  h.at(9_000, done(changes[0]?.address ?? ""));
  h.at(10_000); // timer: 10 s since the start
  h.at(12_000, done(changes[1]?.address ?? ""));
  h.at(19_000);
  h.at(21_000, done(changes[2]?.address ?? ""));
  h.at(22_000, done(changes[3]?.address ?? ""));
  h.meter.beforeOut(); // off a terminal nothing is ever cleared
  h.at(23_000, { type: "done", summary: { done: 4, failed: 0, skipped: 0 } });
  assert.deepEqual(h.writes, ["assignments 1/4, 10s\n", "assignments 3/4, 21s\n", "assignments 4/4, 23s\n"]);
});
