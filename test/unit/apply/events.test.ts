import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ApplyEvent } from "../../../src/apply/events.ts";
import { applyPlan } from "../../../src/apply/executor.ts";
import { FakeClock } from "./fake-clock.ts";
import { awsError, FakeWriter } from "./fake-writer.ts";
import { ACCOUNT_A, arnOf, assignment, makePlan, membership, userCreate } from "./fixtures.ts";

describe("applyPlan events", () => {
  it("emits start, per-change start/progress/done and done, in order", async () => {
    const writer = new FakeWriter();
    writer.asyncScript = () => ({ inProgressPolls: 1 });
    const events: ApplyEvent[] = [];
    const grant = assignment("create", "user:dave", "admin", ACCOUNT_A, { permissionSetArn: arnOf("admin") });
    await applyPlan(makePlan([grant, userCreate("dave")]), writer, {
      clock: new FakeClock(),
      concurrency: 1,
      onEvent: (e) => events.push(e),
    });

    assert.deepEqual(events, [
      { type: "start", total: 2 },
      { type: "change-start", address: 'user["dave"]', action: "create" },
      { type: "change-done", address: 'user["dave"]', action: "create", durationMs: 0 },
      { type: "change-start", address: grant.address, action: "create" },
      {
        type: "change-progress",
        address: grant.address,
        message: "assignment creation IN_PROGRESS (poll 1)",
      },
      { type: "change-progress", address: grant.address, message: "assignment creation SUCCEEDED (poll 2)" },
      { type: "change-done", address: grant.address, action: "create", durationMs: 1250 },
      { type: "done", summary: { done: 2, failed: 0, skipped: 0 } },
    ]);
  });

  it("emits change-failed and change-skipped (without a change-start) for a failure and its dependents", async () => {
    const writer = new FakeWriter();
    writer.failOn("createUser dave", awsError("ValidationException", "bad email"));
    const events: ApplyEvent[] = [];
    const member = membership("create", "platform", "dave", { groupId: "g-platform" });
    await applyPlan(makePlan([userCreate("dave"), member]), writer, {
      clock: new FakeClock(),
      onEvent: (e) => events.push(e),
    });

    assert.deepEqual(events, [
      { type: "start", total: 2 },
      { type: "change-start", address: 'user["dave"]', action: "create" },
      {
        type: "change-failed",
        address: 'user["dave"]',
        action: "create",
        error: { message: 'user["dave"]: ValidationException: bad email' },
      },
      { type: "change-skipped", address: member.address, reason: 'depends on user["dave"] which failed' },
      { type: "done", summary: { done: 0, failed: 1, skipped: 1 } },
    ]);
  });
});
