import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertApplicable } from "../../../src/apply/assert-applicable.ts";
import { applyPlan } from "../../../src/apply/executor.ts";
import type { Change } from "../../../src/engine/plan-types.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { FakeClock } from "./fake-clock.ts";
import { FakeWriter } from "./fake-writer.ts";
import { makePlan, userCreate } from "./fixtures.ts";

function rejects(fn: () => unknown, code: string, message: RegExp): KeylessError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof KeylessError, "throws a KeylessError");
  assert.equal(caught.code, code);
  assert.match(caught.message, message);
  return caught;
}

describe("assertApplicable", () => {
  it("accepts a plan without problems, and one saved before the problems field existed", () => {
    assertApplicable(makePlan([userCreate("dave")]));
    const { problems: _, ...old } = makePlan([]);
    assertApplicable(old as Parameters<typeof assertApplicable>[0]);
  });

  it("refuses a plan with problems, listing them", () => {
    const plan = { ...makePlan([userCreate("dave")]), problems: ["group x: unknown member y", "z"] };
    const err = rejects(() => assertApplicable(plan), "PLAN_HAS_PROBLEMS", /2 problems/);
    assert.deepEqual(err.details, ["group x: unknown member y", "z"]);
    assert.ok(err.hint);
  });

  it("refuses another format version and unknown changes", () => {
    const foreign = { ...makePlan([]), formatVersion: 99 } as unknown as Parameters<
      typeof assertApplicable
    >[0];
    rejects(() => assertApplicable(foreign), "PLAN_INVALID", /format version 99/);
    const odd = { kind: "user", action: "rename", address: 'user["x"]' } as unknown as Change;
    const err = rejects(
      () => assertApplicable(makePlan([odd])),
      "PLAN_INVALID",
      /1 change\(s\) keyless cannot apply/,
    );
    assert.deepEqual(err.details, ['user["x"]: user rename']);
  });

  it("makes applyPlan refuse before any write or event", async () => {
    const writer = new FakeWriter();
    const events: unknown[] = [];
    const plan = { ...makePlan([userCreate("dave")]), problems: ["bad"] };
    await assert.rejects(
      applyPlan(plan, writer, { clock: new FakeClock(), onEvent: (e) => events.push(e) }),
      (err) => err instanceof KeylessError && err.code === "PLAN_HAS_PROBLEMS",
    );
    assert.deepEqual(writer.calls, []);
    assert.deepEqual(events, []);
  });
});
