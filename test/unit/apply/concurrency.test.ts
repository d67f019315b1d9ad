import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyPlan } from "../../../src/apply/executor.ts";
import type { AssignmentChange } from "../../../src/engine/plan-types.ts";
import { FakeClock } from "./fake-clock.ts";
import { FakeWriter } from "./fake-writer.ts";
import { arnOf, assignment, makePlan, userCreate } from "./fixtures.ts";

function manyAssignments(count: number, action: "create" | "delete"): AssignmentChange[] {
  return Array.from({ length: count }, (_, i) =>
    assignment(action, "group:platform", "admin", String(100000000000 + i), {
      principalId: "g-platform",
      permissionSetArn: arnOf("admin"),
    }),
  );
}

describe("applyPlan concurrency", () => {
  for (const concurrency of [1, 3, 7]) {
    it(`keeps at most ${concurrency} assignment operations outstanding (and reaches it)`, async () => {
      const writer = new FakeWriter();
      writer.asyncScript = () => ({ inProgressPolls: 2 });
      const plan = makePlan([...manyAssignments(20, "create"), ...manyAssignments(11, "delete")]);
      const result = await applyPlan(plan, writer, { clock: new FakeClock(), concurrency });

      assert.deepEqual(result.summary, { done: 31, failed: 0, skipped: 0 });
      assert.equal(writer.maxOutstandingAssignments, concurrency);
      assert.equal(writer.outstandingAssignments, 0, "every started operation was polled to its end");
    });
  }

  it("defaults to 10 outstanding assignment operations", async () => {
    const writer = new FakeWriter();
    writer.asyncScript = () => ({ inProgressPolls: 1 });
    const result = await applyPlan(makePlan(manyAssignments(25, "create")), writer, {
      clock: new FakeClock(),
    });

    assert.equal(result.summary.done, 25);
    assert.equal(writer.maxOutstandingAssignments, 10);
  });

  it("bounds other phases at 5 concurrent calls, or lower when concurrency is lower", async () => {
    const users = Array.from({ length: 12 }, (_, i) => userCreate(`user${i}`));
    const wide = new FakeWriter();
    await applyPlan(makePlan(users), wide, { clock: new FakeClock(), concurrency: 20 });
    assert.equal(wide.maxInFlight, 5);

    const narrow = new FakeWriter();
    await applyPlan(makePlan(users), narrow, { clock: new FakeClock(), concurrency: 2 });
    assert.equal(narrow.maxInFlight, 2);
  });
});
