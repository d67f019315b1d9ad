import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyPlan } from "../../../src/apply/executor.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { FakeClock } from "./fake-clock.ts";
import { awsError, FakeWriter } from "./fake-writer.ts";
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
  userUpdate,
} from "./fixtures.ts";

function statusByAddress(results: Array<{ address: string; status: string; reason?: string }>) {
  return Object.fromEntries(
    results.map((r) => [r.address, r.reason ? `${r.status}: ${r.reason}` : r.status]),
  );
}

describe("applyPlan partial failure", () => {
  it("skips the assignments of a failed permission set and still runs everything else", async () => {
    const writer = new FakeWriter();
    writer.failOn("createPermissionSet broken", awsError("ValidationException", "bad session duration"));
    const plan = makePlan([
      groupCreate("platform"),
      psCreate("broken"),
      psCreate("fine"),
      assignment("create", "group:platform", "broken", ACCOUNT_A),
      assignment("create", "group:platform", "broken", ACCOUNT_B),
      assignment("create", "group:platform", "fine", ACCOUNT_A),
    ]);
    const result = await applyPlan(plan, writer, { clock: new FakeClock() });

    assert.deepEqual(statusByAddress(result.results), {
      'group["platform"]': "done",
      'permission_set["broken"]': "failed",
      'permission_set["fine"]': "done",
      [`assignment["group:platform", "broken", "${ACCOUNT_A}"]`]:
        'skipped: depends on permission_set["broken"] which failed',
      [`assignment["group:platform", "broken", "${ACCOUNT_B}"]`]:
        'skipped: depends on permission_set["broken"] which failed',
      [`assignment["group:platform", "fine", "${ACCOUNT_A}"]`]: "done",
    });
    assert.deepEqual(result.summary, { done: 3, failed: 1, skipped: 2 });
    assert.deepEqual(result.results[1]?.error, {
      message: 'permission_set["broken"]: ValidationException: bad session duration',
    });
    assert.equal(writer.calls.filter((c) => c.startsWith("startCreateAssignment")).length, 1);
    assert.deepEqual(Object.keys(result.created.permissionSets), ["fine"]);
  });

  it("skips memberships and assignments of a user whose create failed", async () => {
    const writer = new FakeWriter();
    writer.failOn(
      "createUser dave",
      new KeylessError("AWS_ERROR", "user dave: email is invalid", { hint: "fix the email in keyless.yaml" }),
    );
    const plan = makePlan(
      [
        userCreate("dave"),
        userCreate("erin"),
        membership("create", "platform", "dave"),
        membership("create", "platform", "erin"),
        assignment("create", "user:dave", "viewer", ACCOUNT_A),
        assignment("create", "user:erin", "viewer", ACCOUNT_A),
      ],
      { groups: { platform: "g-platform" }, permissionSets: { viewer: arnOf("viewer") } },
    );
    const result = await applyPlan(plan, writer, { clock: new FakeClock() });

    assert.deepEqual(statusByAddress(result.results), {
      'user["dave"]': "failed",
      'user["erin"]': "done",
      'membership["platform", "dave"]': 'skipped: depends on user["dave"] which failed',
      'membership["platform", "erin"]': "done",
      [`assignment["user:dave", "viewer", "${ACCOUNT_A}"]`]: 'skipped: depends on user["dave"] which failed',
      [`assignment["user:erin", "viewer", "${ACCOUNT_A}"]`]: "done",
    });
    // A KeylessError keeps its own message and hint.
    assert.deepEqual(result.results[0]?.error, {
      message: "user dave: email is invalid",
      hint: "fix the email in keyless.yaml",
      code: "AWS_ERROR",
    });
    assert.deepEqual(result.summary, { done: 3, failed: 1, skipped: 2 });
  });

  it("does not skip dependents of a failed user or group update: their ids still exist", async () => {
    const writer = new FakeWriter();
    writer.failOn("updateUser u-carol", awsError("ValidationException", "bad display name"));
    const plan = makePlan([userUpdate("carol", "u-carol"), membership("create", "platform", "carol")], {
      groups: { platform: "g-platform" },
      users: { carol: "u-carol" },
    });
    const result = await applyPlan(plan, writer, { clock: new FakeClock() });
    assert.deepEqual(result.summary, { done: 1, failed: 1, skipped: 0 });
    assert.ok(writer.members.has("g-platform/u-carol"));
  });

  it("skips assignments and provisioning of a permission set whose update failed", async () => {
    const writer = new FakeWriter();
    writer.failOn(`updatePermissionSet ${arnOf("admin")}`, awsError("ConflictException", "busy"));
    const plan = makePlan(
      [
        psUpdate("admin", arnOf("admin"), ["inlinePolicy"], [ACCOUNT_A]),
        provisioning("admin", arnOf("admin"), [ACCOUNT_B]),
        assignment("create", "group:platform", "admin", ACCOUNT_B, { permissionSetArn: arnOf("admin") }),
      ],
      { groups: { platform: "g-platform" } },
    );
    const result = await applyPlan(plan, writer, { clock: new FakeClock() });
    assert.deepEqual(statusByAddress(result.results), {
      'permission_set["admin"]': "failed",
      'provisioning["admin"]': 'skipped: depends on permission_set["admin"] which failed',
      [`assignment["group:platform", "admin", "${ACCOUNT_B}"]`]:
        'skipped: depends on permission_set["admin"] which failed',
    });
    assert.deepEqual(writer.calls, [`updatePermissionSet ${arnOf("admin")} inlinePolicy`]);
  });

  it("keeps a permission set and principal whose assignment delete failed; deletes the rest", async () => {
    const writer = new FakeWriter();
    writer.asyncScript = (kind, subject) =>
      kind === "assignment-deletion" && subject.includes(ACCOUNT_A)
        ? { outcome: "FAILED", failureReason: "Access denied in the member account" }
        : {};
    const plan = makePlan([
      assignment("delete", "group:legacy", "old-ps", ACCOUNT_A, {
        principalId: "g-legacy",
        permissionSetArn: arnOf("old-ps"),
      }),
      assignment("delete", "user:old", "other-ps", ACCOUNT_B, {
        principalId: "u-old",
        permissionSetArn: arnOf("other-ps"),
      }),
      psDelete("old-ps", arnOf("old-ps")),
      psDelete("other-ps", arnOf("other-ps")),
      groupDelete("legacy", "g-legacy"),
      userDelete("old", "u-old"),
    ]);
    const result = await applyPlan(plan, writer, { clock: new FakeClock() });
    const failedAssignment = `assignment["group:legacy", "old-ps", "${ACCOUNT_A}"]`;
    assert.deepEqual(statusByAddress(result.results), {
      [failedAssignment]: "failed",
      [`assignment["user:old", "other-ps", "${ACCOUNT_B}"]`]: "done",
      'permission_set["old-ps"]': `skipped: depends on ${failedAssignment} which failed`,
      'permission_set["other-ps"]': "done",
      'group["legacy"]': `skipped: depends on ${failedAssignment} which failed`,
      'user["old"]': "done",
    });
    assert.match(result.results[0]?.error?.message ?? "", /Access denied in the member account/);
    assert.deepEqual(result.summary, { done: 3, failed: 1, skipped: 2 });
  });

  it("turns a non-Error throw into a failure naming the change", async () => {
    const writer = new FakeWriter();
    writer.failOn("createGroup platform", () => "boom" as unknown as Error);
    const result = await applyPlan(makePlan([groupCreate("platform")]), writer, { clock: new FakeClock() });
    assert.deepEqual(result.results[0]?.error, { message: 'group["platform"]: boom' });
  });
});
