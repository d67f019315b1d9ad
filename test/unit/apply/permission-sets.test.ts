import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ApplyEvent } from "../../../src/apply/events.ts";
import { applyPlan } from "../../../src/apply/executor.ts";
import { FakeClock } from "./fake-clock.ts";
import { FakeWriter } from "./fake-writer.ts";
import { ACCOUNT_A, ACCOUNT_B, arnOf, makePlan, provisioning, psSpec, psUpdate } from "./fixtures.ts";

const ARN = arnOf("admin");

describe("applyPlan permission set updates and provisioning", () => {
  it("updates the changed fields, then re-provisions to all provisioned accounts and waits", async () => {
    const writer = new FakeWriter();
    writer.permissionSets.set(ARN, psSpec("admin"));
    writer.asyncScript = () => ({ inProgressPolls: 2 });
    const events: ApplyEvent[] = [];
    const change = psUpdate("admin", ARN, ["description", "sessionDuration"], [ACCOUNT_A, ACCOUNT_B]);
    const result = await applyPlan(makePlan([change]), writer, {
      clock: new FakeClock(),
      onEvent: (e) => events.push(e),
    });

    assert.deepEqual(result.summary, { done: 1, failed: 0, skipped: 0 });
    const [req] = writer.requests;
    assert.deepEqual(writer.calls, [
      `updatePermissionSet ${ARN} description,sessionDuration`,
      `startProvisioning ${ARN} ALL_PROVISIONED_ACCOUNTS`,
      `provisioningStatus ${req}`,
      `provisioningStatus ${req}`,
      `provisioningStatus ${req}`,
    ]);
    assert.deepEqual(writer.permissionSets.get(ARN), change.after);
    assert.deepEqual(writer.provisioned, [ARN]);
    assert.deepEqual(
      events
        .filter((e) => e.type === "change-progress")
        .map((e) => (e.type === "change-progress" ? e.message : "")),
      [
        "provisioning IN_PROGRESS (poll 1)",
        "provisioning IN_PROGRESS (poll 2)",
        "provisioning SUCCEEDED (poll 3)",
      ],
    );
  });

  it("does not provision when no account has the permission set", async () => {
    const writer = new FakeWriter();
    await applyPlan(makePlan([psUpdate("admin", ARN, ["tags"], [])]), writer, { clock: new FakeClock() });
    assert.deepEqual(writer.calls, [`updatePermissionSet ${ARN} tags`]);
  });

  it("fails the update when re-provisioning FAILED, so stale roles are reported", async () => {
    const writer = new FakeWriter();
    writer.asyncScript = () => ({ outcome: "FAILED", failureReason: "Policy size exceeded" });
    const result = await applyPlan(
      makePlan([psUpdate("admin", ARN, ["inlinePolicy"], [ACCOUNT_A])]),
      writer,
      {
        clock: new FakeClock(),
      },
    );
    assert.equal(result.results[0]?.status, "failed");
    assert.match(result.results[0]?.error?.message ?? "", /^provisioning failed: Policy size exceeded/);
  });

  it("provisions a stale permission set with ALL_PROVISIONED_ACCOUNTS", async () => {
    const writer = new FakeWriter();
    const result = await applyPlan(makePlan([provisioning("admin", ARN, [ACCOUNT_A, ACCOUNT_B])]), writer, {
      clock: new FakeClock(),
    });
    assert.deepEqual(result.summary, { done: 1, failed: 0, skipped: 0 });
    assert.deepEqual(writer.calls, [
      `startProvisioning ${ARN} ALL_PROVISIONED_ACCOUNTS`,
      `provisioningStatus ${writer.requests[0]}`,
    ]);
  });

  it("does not provision twice when the update in the same apply already re-provisioned", async () => {
    const writer = new FakeWriter();
    const events: ApplyEvent[] = [];
    const plan = makePlan([
      psUpdate("admin", ARN, ["description"], [ACCOUNT_A]),
      provisioning("admin", ARN, [ACCOUNT_B]),
      provisioning("other", arnOf("other"), [ACCOUNT_B]),
    ]);
    const result = await applyPlan(plan, writer, { clock: new FakeClock(), onEvent: (e) => events.push(e) });

    assert.deepEqual(result.summary, { done: 3, failed: 0, skipped: 0 });
    assert.deepEqual(
      writer.calls.filter((c) => c.startsWith("startProvisioning")),
      [
        `startProvisioning ${ARN} ALL_PROVISIONED_ACCOUNTS`,
        `startProvisioning ${arnOf("other")} ALL_PROVISIONED_ACCOUNTS`,
      ],
    );
    assert.ok(
      events.some(
        (e) =>
          e.type === "change-progress" &&
          e.address === 'provisioning["admin"]' &&
          /already re-provisioned/.test(e.message),
      ),
    );
  });
});
