import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyPlan } from "../../../src/apply/executor.ts";
import { FakeClock } from "./fake-clock.ts";
import { FakeWriter } from "./fake-writer.ts";
import {
  ACCOUNT_A,
  ACCOUNT_B,
  arnOf,
  assignment,
  groupCreate,
  groupDelete,
  makePlan,
  membership,
  provisioning,
  psCreate,
  psDelete,
  psUpdate,
  userCreate,
  userDelete,
} from "./fixtures.ts";

/** A plan touching every phase, deliberately listed out of dependency order. */
function mixedPlan() {
  return makePlan([
    assignment("delete", "group:legacy", "legacy-ps", ACCOUNT_B, {
      principalId: "g-legacy",
      permissionSetArn: arnOf("legacy-ps"),
    }),
    assignment("create", "group:platform", "admin", ACCOUNT_A),
    userDelete("old", "u-old"),
    membership("create", "platform", "dave"),
    psDelete("legacy-ps", arnOf("legacy-ps")),
    psCreate("admin"),
    groupDelete("legacy", "g-legacy"),
    groupCreate("platform"),
    membership("delete", "legacy", "old", { groupId: "g-legacy", userId: "u-old" }),
    provisioning("audit", arnOf("audit"), [ACCOUNT_A]),
    userCreate("dave"),
    psUpdate("readonly", arnOf("readonly"), ["description"], []),
  ]);
}

/** Phase number of a writer call, in the executor's documented order. */
function phaseOfCall(label: string): number {
  const method = label.split(" ")[0] ?? "";
  const phases: Record<string, number> = {
    createUser: 0,
    updateUser: 0,
    createGroup: 1,
    updateGroup: 1,
    addMember: 2,
    createPermissionSet: 3,
    updatePermissionSet: 3,
    startProvisioning: 4,
    provisioningStatus: 4,
    startCreateAssignment: 5,
    assignmentCreationStatus: 5,
    startDeleteAssignment: 6,
    assignmentDeletionStatus: 6,
    deletePermissionSet: 7,
    removeMember: 8,
    deleteGroup: 9,
    deleteUser: 10,
  };
  const phase = phases[method];
  assert.ok(phase !== undefined, `unexpected call ${label}`);
  return phase;
}

describe("applyPlan dependency order", () => {
  it("runs a mixed plan in dependency order, creates before deletes, deletes in reverse", async () => {
    const writer = new FakeWriter();
    const result = await applyPlan(mixedPlan(), writer, { clock: new FakeClock(), concurrency: 1 });

    const dave = result.created.users["dave"];
    const platform = result.created.groups["platform"];
    const admin = result.created.permissionSets["admin"];
    assert.ok(dave && platform && admin, "creates report their ids");
    const [provisioningReq, creationReq, deletionReq] = writer.requests;
    assert.deepEqual(writer.calls, [
      "createUser dave",
      "createGroup platform",
      `addMember ${platform} ${dave}`,
      "createPermissionSet admin",
      `updatePermissionSet ${arnOf("readonly")} description`,
      `startProvisioning ${arnOf("audit")} ALL_PROVISIONED_ACCOUNTS`,
      `provisioningStatus ${provisioningReq}`,
      `startCreateAssignment GROUP ${platform} ${admin} ${ACCOUNT_A}`,
      `assignmentCreationStatus ${creationReq}`,
      `startDeleteAssignment GROUP g-legacy ${arnOf("legacy-ps")} ${ACCOUNT_B}`,
      `assignmentDeletionStatus ${deletionReq}`,
      `deletePermissionSet ${arnOf("legacy-ps")}`,
      "removeMember g-legacy u-old",
      "deleteGroup g-legacy",
      "deleteUser u-old",
    ]);
    assert.deepEqual(result.summary, { done: 12, failed: 0, skipped: 0 });
  });

  it("keeps phases apart when changes inside a phase run concurrently", async () => {
    const writer = new FakeWriter();
    writer.asyncScript = () => ({ inProgressPolls: 2 });
    const plan = mixedPlan();
    // More work per phase so concurrency inside a phase actually happens.
    plan.changes.push(
      userCreate("erin"),
      userCreate("frank"),
      groupCreate("data"),
      membership("create", "data", "erin"),
      membership("create", "data", "frank"),
      assignment("create", "user:erin", "admin", ACCOUNT_B),
      assignment("create", "group:data", "admin", ACCOUNT_A),
      assignment("delete", "user:old", "legacy-ps", ACCOUNT_A, {
        principalId: "u-old",
        permissionSetArn: arnOf("legacy-ps"),
      }),
    );
    const result = await applyPlan(plan, writer, { clock: new FakeClock() });

    assert.deepEqual(result.summary, { done: 20, failed: 0, skipped: 0 });
    assert.ok(writer.maxInFlight > 1, "calls overlapped inside a phase");
    const phases = writer.calls.map(phaseOfCall);
    for (let i = 1; i < phases.length; i++) {
      assert.ok(
        (phases[i] ?? 0) >= (phases[i - 1] ?? 0),
        `call ${writer.calls[i]} ran after ${writer.calls[i - 1]} of a later phase`,
      );
    }
  });

  it("reports results in plan order, not execution order", async () => {
    const plan = mixedPlan();
    const result = await applyPlan(plan, new FakeWriter(), { clock: new FakeClock() });
    assert.deepEqual(
      result.results.map((r) => r.address),
      plan.changes.map((c) => c.address),
    );
    assert.deepEqual(
      result.results.map((r) => r.action),
      plan.changes.map((c) => c.action),
    );
    assert.ok(result.results.every((r) => r.status === "done"));
  });

  it("applies an empty plan without calling AWS", async () => {
    const writer = new FakeWriter();
    const result = await applyPlan(makePlan([]), writer, { clock: new FakeClock() });
    assert.deepEqual(writer.calls, []);
    assert.deepEqual(result, {
      results: [],
      created: { users: {}, groups: {}, permissionSets: {} },
      summary: { done: 0, failed: 0, skipped: 0 },
    });
  });
});
