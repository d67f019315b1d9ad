import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyPlan } from "../../../src/apply/executor.ts";
import type { GroupChange } from "../../../src/engine/plan-types.ts";
import { FakeClock } from "./fake-clock.ts";
import { assignmentKey, FakeWriter } from "./fake-writer.ts";
import {
  ACCOUNT_A,
  ACCOUNT_B,
  arnOf,
  assignment,
  groupCreate,
  makePlan,
  membership,
  psCreate,
  userCreate,
  userUpdate,
} from "./fixtures.ts";

describe("applyPlan id resolution", () => {
  it("uses ids returned by creates in later memberships and assignments", async () => {
    const writer = new FakeWriter();
    const plan = makePlan([
      userCreate("dave"),
      groupCreate("platform"),
      psCreate("admin"),
      membership("create", "platform", "dave"),
      assignment("create", "group:platform", "admin", ACCOUNT_A),
      assignment("create", "user:dave", "admin", ACCOUNT_B),
    ]);
    const result = await applyPlan(plan, writer, { clock: new FakeClock() });

    assert.deepEqual(result.summary, { done: 6, failed: 0, skipped: 0 });
    const userId = [...writer.users.keys()][0];
    const groupId = [...writer.groups.keys()][0];
    const arn = [...writer.permissionSets.keys()][0];
    assert.ok(userId && groupId && arn);
    assert.deepEqual(result.created, {
      users: { dave: userId },
      groups: { platform: groupId },
      permissionSets: { admin: arn },
    });
    assert.deepEqual([...writer.members], [`${groupId}/${userId}`]);
    assert.deepEqual(
      [...writer.assignments].sort(),
      [
        assignmentKey({
          principalType: "GROUP",
          principalId: groupId,
          permissionSetArn: arn,
          accountId: ACCOUNT_A,
        }),
        assignmentKey({
          principalType: "USER",
          principalId: userId,
          permissionSetArn: arn,
          accountId: ACCOUNT_B,
        }),
      ].sort(),
    );
  });

  it("resolves existing principals and permission sets from plan.ids by name", async () => {
    const writer = new FakeWriter();
    const plan = makePlan(
      [membership("create", "platform", "carol"), assignment("create", "user:carol", "viewer", ACCOUNT_A)],
      {
        users: { carol: "u-carol" },
        groups: { platform: "g-platform" },
        permissionSets: { viewer: arnOf("viewer") },
      },
    );
    const result = await applyPlan(plan, writer, { clock: new FakeClock(), concurrency: 1 });

    assert.deepEqual(result.summary, { done: 2, failed: 0, skipped: 0 });
    assert.equal(writer.calls[0], "addMember g-platform u-carol");
    assert.equal(writer.calls[1], `startCreateAssignment USER u-carol ${arnOf("viewer")} ${ACCOUNT_A}`);
    assert.deepEqual(result.created, { users: {}, groups: {}, permissionSets: {} });
  });

  it("prefers the ids carried by the change over plan.ids", async () => {
    const writer = new FakeWriter();
    const plan = makePlan(
      [
        membership("create", "platform", "carol", { groupId: "g-own", userId: "u-own" }),
        assignment("create", "group:platform", "viewer", ACCOUNT_A, {
          principalId: "g-own",
          permissionSetArn: arnOf("own"),
        }),
        userUpdate("carol", "u-own"),
      ],
      { users: { carol: "u-ids" }, groups: { platform: "g-ids" }, permissionSets: { viewer: arnOf("ids") } },
    );
    await applyPlan(plan, writer, { clock: new FakeClock(), concurrency: 1 });

    assert.deepEqual(writer.calls.slice(0, 3), [
      "updateUser u-own",
      "addMember g-own u-own",
      `startCreateAssignment GROUP g-own ${arnOf("own")} ${ACCOUNT_A}`,
    ]);
  });

  it("fails a change whose id is known nowhere, with PLAN_INVALID, and calls nothing for it", async () => {
    const writer = new FakeWriter();
    const plan = makePlan([membership("create", "platform", "ghost"), userCreate("dave")]);
    const result = await applyPlan(plan, writer, { clock: new FakeClock() });

    assert.deepEqual(writer.calls, ["createUser dave"]);
    const failed = result.results[0];
    assert.equal(failed?.status, "failed");
    assert.equal(failed?.error?.code, "PLAN_INVALID");
    assert.match(
      failed?.error?.message ?? "",
      /membership\["platform", "ghost"\]: no id for group "platform"/,
    );
    assert.match(failed?.error?.hint ?? "", /keyless plan/);
    assert.deepEqual(result.summary, { done: 1, failed: 1, skipped: 0 });
  });

  it("updates a group by the id in plan.ids, and fails an update that lacks its new value", async () => {
    const writer = new FakeWriter();
    const update: GroupChange = {
      kind: "group",
      action: "update",
      address: 'group["platform"]',
      broadensAccess: false,
      name: "platform",
      before: { description: "old" },
      after: { description: "new" },
    };
    const { after: _, ...broken } = { ...update, name: "data", address: 'group["data"]' };
    const plan = makePlan([update, broken], { groups: { platform: "g-platform", data: "g-data" } });
    const result = await applyPlan(plan, writer, { clock: new FakeClock() });

    assert.deepEqual(writer.calls, ["updateGroup g-platform"]);
    assert.equal(result.results[1]?.error?.code, "PLAN_INVALID");
    assert.equal(result.results[1]?.error?.message, 'group["data"]: the plan lacks "after" for this change');
  });
});
