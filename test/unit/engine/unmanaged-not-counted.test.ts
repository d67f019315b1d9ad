/**
 * When the read did not list the identity store whole (large stores), users and groups met only by id
 * are not all the unmanaged ones: the plan says they were not counted instead of a wrong count.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { plan } from "../../../src/engine/plan.ts";
import { actual, awsGroup, awsUser, desired, group, user } from "./fixtures.ts";

const d = desired({ users: [user("dave")], groups: [group("platform", ["dave"])] });
const aws = {
  users: [awsUser("dave", "u-1"), awsUser("mallory", "u-2")],
  groups: [awsGroup("platform", "g-1", ["u-1"]), awsGroup("other", "g-2", undefined)],
};

test("listed whole (or not said): unmanaged users and groups are counted", () => {
  for (const complete of [undefined, { users: true, groups: true }]) {
    const p = plan(d, actual({ ...aws, ...(complete ? { identityStoreComplete: complete } : {}) }), {
      prune: false,
    });
    assert.deepEqual(p.unmanaged, { users: 1, groups: 1, permissionSets: 0, assignments: 0 });
  }
});

test("users not listed whole: not counted, and the plan says so", () => {
  const p = plan(d, actual({ ...aws, identityStoreComplete: { users: false, groups: true } }), {
    prune: false,
  });
  assert.deepEqual(p.unmanaged, {
    users: 0,
    groups: 1,
    permissionSets: 0,
    assignments: 0,
    notCounted: ["users"],
  });
});

test("neither listed whole: both not counted; changes are planned as usual", () => {
  const p = plan(
    desired({ ...d, users: [user("dave", { email: "new@example.com" })] }),
    actual({ ...aws, identityStoreComplete: { users: false, groups: false } }),
    { prune: false },
  );
  assert.deepEqual(p.unmanaged, {
    users: 0,
    groups: 0,
    permissionSets: 0,
    assignments: 0,
    notCounted: ["users", "groups"],
  });
  assert.deepEqual(
    p.changes.map((c) => c.address),
    ['user["dave"]'],
  );
});
