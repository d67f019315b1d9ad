import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NEW_USER_NOTE, plan } from "../../../src/engine/plan.ts";
import {
  actual,
  arn,
  awsAssignment,
  awsGroup,
  awsUser,
  DEV,
  desired,
  externalUser,
  group,
  removedUser,
  STORE,
  spec,
  summary,
  user,
} from "./fixtures.ts";

describe("plan: users", () => {
  const cases = [
    {
      name: "managed user missing → create",
      d: desired({ users: [user("dave")] }),
      a: actual(),
      changes: ['create user["dave"]'],
    },
    {
      name: "managed user equal → no change",
      d: desired({ users: [user("dave")] }),
      a: actual({ users: [awsUser("dave", "u-1")] }),
      changes: [],
    },
    {
      name: "managed user with a different email → update",
      d: desired({ users: [user("dave", { email: "dave@new.example.com" })] }),
      a: actual({ users: [awsUser("dave", "u-1")] }),
      changes: ['update user["dave"]'],
    },
    {
      name: "each spec field counts",
      d: desired({
        users: [
          user("a", { displayName: "X" }),
          user("b", { givenName: "X" }),
          user("c", { familyName: "X" }),
        ],
      }),
      a: actual({ users: [awsUser("a", "u-a"), awsUser("b", "u-b"), awsUser("c", "u-c")] }),
      changes: ['update user["a"]', 'update user["b"]', 'update user["c"]'],
    },
    {
      name: "remove: true and present → delete, even without prune",
      d: desired({ users: [removedUser("olduser")] }),
      a: actual({ users: [awsUser("olduser", "u-9")] }),
      changes: ['delete user["olduser"]'],
    },
    {
      name: "remove: true and already gone → nothing",
      d: desired({ users: [removedUser("olduser")] }),
      a: actual(),
      changes: [],
    },
    {
      name: "external present → nothing, even if its attributes differ",
      d: desired({ users: [externalUser("alice")] }),
      a: actual({ users: [awsUser("alice", "u-2", { email: "other@example.com" })] }),
      changes: [],
    },
    {
      name: "users not in the file are left alone",
      d: desired(),
      a: actual({ users: [awsUser("stranger", "u-3")] }),
      changes: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = plan(c.d, c.a, { prune: false });
      assert.deepEqual(summary(p.changes), c.changes);
      assert.deepEqual(p.pruneCandidates, []);
      assert.deepEqual(p.problems, []);
    });
  }

  it("create carries the user spec and no removal flags", () => {
    const p = plan(desired({ users: [user("dave")] }), actual(), { prune: false });
    assert.deepEqual(p.changes[0], {
      kind: "user",
      action: "create",
      address: 'user["dave"]',
      userName: "dave",
      after: {
        userName: "dave",
        displayName: "dave Example",
        givenName: "dave",
        familyName: "Example",
        email: "dave@example.com",
      },
      broadensAccess: false,
    });
  });

  it("update carries before, after, the user id and the changed fields in the reason", () => {
    const p = plan(
      desired({ users: [user("dave", { email: "d@x.io", familyName: "New" })] }),
      actual({ users: [awsUser("dave", "u-1")] }),
      { prune: false },
    );
    const c = p.changes[0];
    assert.ok(c?.kind === "user" && c.action === "update");
    assert.equal(c.userId, "u-1");
    assert.equal(c.before?.email, "dave@example.com");
    assert.equal(c.after?.email, "d@x.io");
    assert.equal(c.reason, "changed: familyName, email");
  });

  it("notes how new users get a password only when a user is created", () => {
    const created = plan(desired({ users: [user("dave")] }), actual(), { prune: false });
    assert.deepEqual(created.notes, [NEW_USER_NOTE]);
    assert.match(NEW_USER_NOTE, /no invitation email/);
    const updated = plan(
      desired({ users: [user("dave", { email: "n@x.io" })] }),
      actual({ users: [awsUser("dave", "u-1")] }),
      { prune: false },
    );
    assert.deepEqual(updated.notes, []);
  });

  it("external user missing → a problem naming the identity store, not a change", () => {
    const p = plan(desired({ users: [externalUser("alice")] }), actual(), { prune: true });
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, [
      `user alice is marked external but does not exist in identity store ${STORE}`,
    ]);
  });

  it("external and remove at once → a problem; the external user is never deleted", () => {
    const both = { ...removedUser("alice"), external: true };
    const p = plan(desired({ users: [both] }), actual({ users: [awsUser("alice", "u-2")] }), { prune: true });
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, [
      "user alice is marked both external and remove; keyless never writes external users",
    ]);
  });

  it("removing a user deletes its memberships and assignments first, without prune", () => {
    const d = desired({
      users: [removedUser("olduser"), user("dave")],
      groups: [group("devs", ["dave"])],
      permissionSets: [spec("core")],
    });
    const a = actual({
      users: [awsUser("olduser", "u-old"), awsUser("dave", "u-dave")],
      groups: [awsGroup("devs", "g-devs", ["u-dave", "u-old"]), awsGroup("others", "g-o", ["u-old"])],
      permissionSets: [
        { arn: arn("core"), name: "core", spec: spec("core") },
        { arn: arn("foreign"), name: "foreign" },
      ],
      assignments: [
        awsAssignment("USER", "u-old", arn("core"), DEV),
        awsAssignment("USER", "u-old", arn("foreign"), DEV),
      ],
    });
    const p = plan(d, a, { prune: false });
    assert.deepEqual(summary(p.changes), [
      'delete assignment["user:olduser", "core", "111111111111"]',
      'delete assignment["user:olduser", "foreign", "111111111111"]',
      'delete membership["devs", "olduser"]',
      'delete membership["others", "olduser"]',
      'delete user["olduser"]',
    ]);
    assert.deepEqual(p.pruneCandidates, []);
    // The removed user's assignment of an unmanaged permission set is deleted, not counted as unmanaged.
    assert.equal(p.unmanaged.assignments, 0);
    const m = p.changes.find((c) => c.address === 'membership["others", "olduser"]');
    assert.deepEqual(m && m.kind === "membership" && [m.userId, m.groupId], ["u-old", "g-o"]);
  });

  it("counts unmanaged users (not in the file) but not removed or managed ones", () => {
    const p = plan(
      desired({ users: [user("dave"), removedUser("old"), externalUser("alice")] }),
      actual({
        users: [
          awsUser("dave", "1"),
          awsUser("old", "2"),
          awsUser("alice", "3"),
          awsUser("x", "4"),
          awsUser("y", "5"),
        ],
      }),
      { prune: false },
    );
    assert.equal(p.unmanaged.users, 2);
  });

  it("ids maps every user name to its id", () => {
    const p = plan(desired(), actual({ users: [awsUser("x", "u-x"), awsUser("y", "u-y")] }), {
      prune: false,
    });
    assert.deepEqual(p.ids.users, { x: "u-x", y: "u-y" });
  });
});
