import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plan } from "../../../src/engine/plan.ts";
import type { MembershipChange } from "../../../src/engine/plan-types.ts";
import {
  actual,
  awsGroup,
  awsUser,
  desired,
  externalUser,
  group,
  removedUser,
  STORE,
  summary,
  user,
} from "./fixtures.ts";

const users = [user("dave"), user("erin"), externalUser("alice")];
const awsUsers = [awsUser("dave", "u-dave"), awsUser("erin", "u-erin"), awsUser("alice", "u-alice")];

describe("plan: memberships", () => {
  const cases = [
    {
      name: "member missing → create (broadens access)",
      members: ["dave"],
      actualMembers: [] as string[],
      changes: ['create membership["ops", "dave"]'],
      candidates: [] as string[],
    },
    {
      name: "members equal → nothing",
      members: ["dave", "erin"],
      actualMembers: ["u-erin", "u-dave"],
      changes: [],
      candidates: [],
    },
    {
      name: "external user as member",
      members: ["alice"],
      actualMembers: [],
      changes: ['create membership["ops", "alice"]'],
      candidates: [],
    },
    {
      name: "extra member → delete, prune-gated",
      members: ["dave"],
      actualMembers: ["u-dave", "u-erin"],
      changes: [],
      candidates: ['delete membership["ops", "erin"]'],
    },
    {
      name: "unknown member id → delete addressed by the id",
      members: [],
      actualMembers: ["u-ghost"],
      changes: [],
      candidates: ['delete membership["ops", "u-ghost"]'],
    },
    {
      name: "member listed twice → one create",
      members: ["dave", "dave"],
      actualMembers: [],
      changes: ['create membership["ops", "dave"]'],
      candidates: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = plan(
        desired({ users, groups: [group("ops", c.members)] }),
        actual({ users: awsUsers, groups: [awsGroup("ops", "g-ops", c.actualMembers)] }),
        { prune: false },
      );
      assert.deepEqual(summary(p.changes), c.changes);
      assert.deepEqual(summary(p.pruneCandidates), c.candidates);
      assert.deepEqual(p.problems, []);
      for (const ch of p.changes) assert.equal(ch.broadensAccess, ch.action === "create");
    });
  }

  it("create carries known ids; for a new group and new user they are absent", () => {
    const p = plan(
      desired({ users: [user("dave"), user("new")], groups: [group("ops", ["dave", "new"])] }),
      actual({ users: [awsUser("dave", "u-dave")] }),
      {
        prune: false,
      },
    );
    assert.deepEqual(summary(p.changes), [
      'create user["new"]',
      'create group["ops"]',
      'create membership["ops", "dave"]',
      'create membership["ops", "new"]',
    ]);
    const dave = p.changes[2] as MembershipChange;
    assert.deepEqual(
      [dave.userId, dave.groupId, dave.group, dave.userName],
      ["u-dave", undefined, "ops", "dave"],
    );
    const created = p.changes[3] as MembershipChange;
    assert.equal(created.userId, undefined);
  });

  it("delete of an unknown id keeps the id as userId and userName", () => {
    const p = plan(
      desired({ groups: [group("ops")] }),
      actual({ groups: [awsGroup("ops", "g-ops", ["u-ghost"])] }),
      { prune: true },
    );
    const c = p.changes[0] as MembershipChange;
    assert.deepEqual([c.action, c.userId, c.userName, c.groupId], ["delete", "u-ghost", "u-ghost", "g-ops"]);
  });

  it("members of external groups and of groups not in the file are never touched", () => {
    const p = plan(
      desired({ users, groups: [group("ext", ["dave"], { external: true })] }),
      actual({
        users: awsUsers,
        groups: [awsGroup("ext", "g-ext", ["u-erin"]), awsGroup("foreign", "g-f", ["u-dave"])],
      }),
      { prune: true },
    );
    assert.deepEqual(p.changes, []);
  });

  it("a removed user's membership is an explicit delete, not a prune candidate", () => {
    const p = plan(
      desired({ users: [removedUser("old")], groups: [group("ops")] }),
      actual({ users: [awsUser("old", "u-old")], groups: [awsGroup("ops", "g-ops", ["u-old"])] }),
      { prune: false },
    );
    assert.deepEqual(summary(p.changes), ['delete membership["ops", "old"]', 'delete user["old"]']);
    assert.deepEqual(p.pruneCandidates, []);
  });

  it("a member that is an external user missing from the store is not planned (the user problem blocks)", () => {
    const p = plan(
      desired({ users: [externalUser("alice")], groups: [group("ops", ["alice"])] }),
      actual({ groups: [awsGroup("ops", "g")] }),
      {
        prune: false,
      },
    );
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, [
      `user alice is marked external but does not exist in identity store ${STORE}`,
    ]);
  });

  it("a member neither in the file nor in the store → problem", () => {
    const p = plan(desired({ groups: [group("ops", ["nobody"])] }), actual(), { prune: false });
    assert.deepEqual(summary(p.changes), ['create group["ops"]']);
    assert.deepEqual(p.problems, [
      `group ops lists member nobody, who is neither in the file nor in identity store ${STORE}`,
    ]);
  });

  it("a member marked remove → problem", () => {
    const p = plan(
      desired({ users: [removedUser("old")], groups: [group("ops", ["old"])] }),
      actual({ groups: [awsGroup("ops", "g")] }),
      {
        prune: false,
      },
    );
    assert.deepEqual(p.problems, ["group ops lists member old, who is marked remove"]);
  });

  it("memberships of a managed group whose members were not read are all creates", () => {
    const p = plan(
      desired({ users: [user("dave")], groups: [group("ops", ["dave"])] }),
      actual({ users: [awsUser("dave", "u-dave")], groups: [awsGroup("ops", "g-ops", undefined)] }),
      { prune: false },
    );
    assert.deepEqual(summary(p.changes), ['create membership["ops", "dave"]']);
  });
});
