import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ApplyEvent } from "../../../src/apply/events.ts";
import { applyPlan } from "../../../src/apply/executor.ts";
import { hintForFailure } from "../../../src/apply/poll.ts";
import { FakeClock } from "./fake-clock.ts";
import { awsError, FakeWriter } from "./fake-writer.ts";
import { ACCOUNT_A, arnOf, assignment, makePlan, provisioning } from "./fixtures.ts";

const create = () =>
  assignment("create", "user:dave", "admin", ACCOUNT_A, {
    principalId: "u-dave",
    permissionSetArn: arnOf("admin"),
  });
const remove = () =>
  assignment("delete", "user:dave", "admin", ACCOUNT_A, {
    principalId: "u-dave",
    permissionSetArn: arnOf("admin"),
  });

function progressOf(events: ApplyEvent[]): string[] {
  return events.flatMap((e) => (e.type === "change-progress" ? [e.message] : []));
}

describe("applyPlan polling", () => {
  it("polls IN_PROGRESS to SUCCEEDED on a short, growing interval on the injected clock, never on real timers", async (t) => {
    const writer = new FakeWriter();
    writer.asyncScript = () => ({ inProgressPolls: 3 });
    const clock = new FakeClock();
    const events: ApplyEvent[] = [];
    const realTimers = t.mock.method(globalThis, "setTimeout");

    const result = await applyPlan(makePlan([create()]), writer, { clock, onEvent: (e) => events.push(e) });

    assert.equal(realTimers.mock.callCount(), 0, "no real timer was scheduled");
    assert.deepEqual(result.summary, { done: 1, failed: 0, skipped: 0 });
    // First poll after 0.5 s, each wait 1.5 × the last: a finished operation frees its slot quickly.
    assert.deepEqual(clock.sleeps, [500, 750, 1125, 1687.5]);
    assert.deepEqual(progressOf(events), [
      "assignment creation IN_PROGRESS (poll 1)",
      "assignment creation IN_PROGRESS (poll 2)",
      "assignment creation IN_PROGRESS (poll 3)",
      "assignment creation SUCCEEDED (poll 4)",
    ]);
    assert.equal(writer.assignments.size, 1);
    const done = events.find((e) => e.type === "change-done");
    assert.equal(done?.type === "change-done" ? done.durationMs : -1, 4062.5);
  });

  it("caps the interval at 5 s and honours a custom first interval", async () => {
    const writer = new FakeWriter();
    writer.asyncScript = () => ({ inProgressPolls: 8 });
    const clock = new FakeClock();
    await applyPlan(makePlan([remove()]), writer, { clock });
    assert.deepEqual(clock.sleeps, [500, 750, 1125, 1687.5, 2531.25, 3796.875, 5000, 5000, 5000]);

    const custom = new FakeWriter();
    custom.asyncScript = () => ({ inProgressPolls: 5 });
    const customClock = new FakeClock();
    await applyPlan(makePlan([remove()]), custom, { clock: customClock, pollIntervalMs: 3000 });
    assert.deepEqual(customClock.sleeps, [3000, 4500, 5000, 5000, 5000, 5000]);
  });

  it("after three operations of a kind, the first poll waits about as long as they took", async () => {
    const writer = new FakeWriter();
    const clock = new FakeClock();
    writer.asyncScript = () => ({ takesMs: 3000, now: () => clock.now() });
    const changes = ["111111111111", "222222222222", "333333333333", "444444444444"].map((account) =>
      assignment("create", "user:dave", "admin", account, {
        principalId: "u-dave",
        permissionSetArn: arnOf("admin"),
      }),
    );
    const result = await applyPlan(makePlan(changes), writer, { clock, concurrency: 1 });
    assert.equal(result.summary.done, 4);
    const plain = [500, 750, 1125, 1687.5];
    // The first three: the plain schedule; each was last seen IN_PROGRESS at 2.375 s and done at 4.06 s.
    // The fourth: first poll at 2.375 s (still running), then the plain schedule again: done at 3.625 s.
    assert.deepEqual(clock.sleeps, [...plain, ...plain, ...plain, 2375, 500, 750]);
  });

  it("fails the change with AWS's FailureReason when the operation FAILED", async () => {
    const writer = new FakeWriter();
    writer.asyncScript = () => ({
      inProgressPolls: 1,
      outcome: "FAILED",
      failureReason: "Received a 404 status error: Not supported policy arn:aws:iam::aws:policy/Nope",
    });
    const events: ApplyEvent[] = [];
    const result = await applyPlan(makePlan([create()]), writer, {
      clock: new FakeClock(),
      onEvent: (e) => events.push(e),
    });

    assert.deepEqual(result.summary, { done: 0, failed: 1, skipped: 0 });
    const error = result.results[0]?.error;
    assert.equal(error?.code, "APPLY_FAILED");
    assert.match(
      error?.message ?? "",
      /^assignment creation failed: Received a 404 status error: Not supported policy arn:aws:iam::aws:policy\/Nope/,
    );
    assert.equal(writer.assignments.size, 0);
    assert.deepEqual(progressOf(events), [
      "assignment creation IN_PROGRESS (poll 1)",
      "assignment creation FAILED (poll 2)",
    ]);
  });

  it("stops waiting at the timeout, with a hint that re-running apply converges", async () => {
    const writer = new FakeWriter();
    writer.asyncScript = () => ({ forever: true });
    const clock = new FakeClock();
    const result = await applyPlan(makePlan([provisioning("admin", arnOf("admin"), [ACCOUNT_A])]), writer, {
      clock,
      pollTimeoutMs: 30_000,
    });

    assert.deepEqual(result.summary, { done: 0, failed: 1, skipped: 0 });
    // The growing schedule up to 5 s, then only what is left of the 30 s budget.
    assert.deepEqual(clock.sleeps, [500, 750, 1125, 1687.5, 2531.25, 3796.875, 5000, 5000, 5000, 4609.375]);
    const error = result.results[0]?.error;
    assert.match(error?.message ?? "", /^provisioning still IN_PROGRESS after 30 s \(request req-\d+\)/);
    assert.match(error?.hint ?? "", /keyless apply.*again.*converges/);
  });

  it("retries a start that hits ConflictException, a bounded number of times", async () => {
    const writer = new FakeWriter();
    const conflict = () =>
      awsError("ConflictException", "An operation is in progress for this permission set");
    const label = `startCreateAssignment USER u-dave ${arnOf("admin")} ${ACCOUNT_A}`;
    writer.failOn(label, conflict, 2);
    const events: ApplyEvent[] = [];
    const result = await applyPlan(makePlan([create()]), writer, {
      clock: new FakeClock(),
      onEvent: (e) => events.push(e),
    });
    assert.deepEqual(result.summary, { done: 1, failed: 0, skipped: 0 });
    assert.equal(writer.calls.filter((c) => c === label).length, 3);
    assert.equal(progressOf(events).filter((m) => m.includes("another operation is in progress")).length, 2);

    const stuck = new FakeWriter();
    // A wrapped error (as the AWS adapter may throw) is recognised through its cause.
    stuck.failOn(label, () => new Error("wrapped", { cause: conflict() }));
    const failed = await applyPlan(makePlan([create()]), stuck, { clock: new FakeClock() });
    assert.deepEqual(failed.summary, { done: 0, failed: 1, skipped: 0 });
    assert.equal(stuck.calls.filter((c) => c === label).length, 7, "1 try + 6 retries");
  });

  it("does not retry other errors", async () => {
    const writer = new FakeWriter();
    const label = `startDeleteAssignment USER u-dave ${arnOf("admin")} ${ACCOUNT_A}`;
    writer.failOn(label, awsError("AccessDeniedException", "not allowed"));
    const result = await applyPlan(makePlan([remove()]), writer, { clock: new FakeClock() });
    assert.equal(writer.calls.length, 1);
    assert.equal(
      result.results[0]?.error?.message,
      `assignment["user:dave", "admin", "${ACCOUNT_A}"]: AccessDeniedException: not allowed`,
    );
  });
});

it("a FAILED operation's hint follows AWS's failure reason", () => {
  assert.match(
    hintForFailure("Received a 404 status error: Not supported policy arn:aws:iam::1:policy/Missing"),
    /customer-managed policy/,
  );
  assert.match(hintForFailure("Access denied by an SCP"), /SCP/);
  assert.match(hintForFailure("something else"), /run `keyless apply` again/);
});
