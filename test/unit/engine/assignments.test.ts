import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plan } from "../../../src/engine/plan.ts";
import type { AssignmentChange } from "../../../src/engine/plan-types.ts";
import {
  account,
  actual,
  arn,
  awsAssignment,
  awsGroup,
  awsUser,
  DEV,
  desired,
  externalUser,
  group,
  ou,
  PROD,
  removedUser,
  rule,
  STAGING,
  STORE,
  spec,
  summary,
  user,
} from "./fixtures.ts";

const base = {
  users: [user("dave")],
  groups: [group("ops", ["dave"])],
  permissionSets: [spec("core"), spec("admin")],
};
const existing = {
  users: [awsUser("dave", "u-dave")],
  groups: [awsGroup("ops", "g-ops", ["u-dave"])],
  permissionSets: [
    { arn: arn("core"), name: "core", spec: spec("core") },
    { arn: arn("admin"), name: "admin", spec: spec("admin") },
    { arn: arn("foreign"), name: "foreign" },
  ],
};

describe("plan: assignments", () => {
  it("expands principals × permission sets × targets into creates (broadening), ordered by address", () => {
    const p = plan(
      desired({
        ...base,
        assignmentRules: [
          rule(["group:ops", "user:dave"], ["core", "admin"], [account("dev", DEV), account("prod", PROD)]),
        ],
      }),
      actual(existing),
      { prune: false },
    );
    assert.deepEqual(summary(p.changes), [
      'create assignment["group:ops", "admin", "111111111111"]',
      'create assignment["group:ops", "admin", "333333333333"]',
      'create assignment["group:ops", "core", "111111111111"]',
      'create assignment["group:ops", "core", "333333333333"]',
      'create assignment["user:dave", "admin", "111111111111"]',
      'create assignment["user:dave", "admin", "333333333333"]',
      'create assignment["user:dave", "core", "111111111111"]',
      'create assignment["user:dave", "core", "333333333333"]',
    ]);
    assert.ok(p.changes.every((c) => c.broadensAccess));
  });

  it("create carries existing ids and the via of the rule target", () => {
    const p = plan(
      desired({ ...base, assignmentRules: [rule(["group:ops"], ["core"], [account("dev", DEV)])] }),
      actual(existing),
      {
        prune: false,
      },
    );
    assert.deepEqual(p.changes[0], {
      kind: "assignment",
      action: "create",
      address: 'assignment["group:ops", "core", "111111111111"]',
      broadensAccess: true,
      principal: { type: "GROUP", name: "ops" },
      permissionSet: "core",
      accountId: DEV,
      via: "account:dev",
      principalId: "g-ops",
      permissionSetArn: arn("core"),
    });
  });

  it("ids are absent for principals and permission sets created in the same plan", () => {
    const p = plan(
      desired({ ...base, assignmentRules: [rule(["user:dave"], ["core"], [account("dev", DEV)])] }),
      actual(),
      {
        prune: false,
      },
    );
    const c = p.changes.find((x) => x.kind === "assignment") as AssignmentChange;
    assert.equal(c.principalId, undefined);
    assert.equal(c.permissionSetArn, undefined);
  });

  it("existing assignment → no change", () => {
    const p = plan(
      desired({ ...base, assignmentRules: [rule(["group:ops"], ["core"], [account("dev", DEV)])] }),
      actual({ ...existing, assignments: [awsAssignment("GROUP", "g-ops", arn("core"), DEV)] }),
      { prune: true },
    );
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.pruneCandidates, []);
  });

  it("OU target expands to every account of the OU, nested OUs included (as read into ouAccounts)", () => {
    const p = plan(
      desired({
        ...base,
        organizationalUnits: { workloads: "ou-ab12-cdef3456" },
        assignmentRules: [rule(["group:ops"], ["core"], [ou("workloads", "ou-ab12-cdef3456")])],
      }),
      actual({ ...existing, ouAccounts: { "ou-ab12-cdef3456": [STAGING, DEV], "ou-ab12-child": [DEV] } }),
      { prune: false },
    );
    assert.deepEqual(summary(p.changes), [
      'create assignment["group:ops", "core", "111111111111"]',
      'create assignment["group:ops", "core", "222222222222"]',
    ]);
    assert.deepEqual(
      p.changes.map((c) => (c as AssignmentChange).via),
      ["ou:workloads (ou-ab12-cdef3456)", "ou:workloads (ou-ab12-cdef3456)"],
    );
  });

  it("an OU with no accounts produces nothing and no problem", () => {
    const p = plan(
      desired({
        ...base,
        assignmentRules: [rule(["group:ops"], ["core"], [ou("empty", "ou-ab12-empty000")])],
      }),
      actual({ ...existing, ouAccounts: { "ou-ab12-empty000": [] } }),
      { prune: false },
    );
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, []);
  });

  it("an OU missing from the organization → problem; other targets are still planned", () => {
    const p = plan(
      desired({
        ...base,
        assignmentRules: [
          rule(["group:ops"], ["core"], [ou("gone", "ou-ab12-gone0000"), account("prod", PROD)]),
        ],
      }),
      actual(existing),
      { prune: false },
    );
    assert.deepEqual(p.problems, ["OU gone (ou-ab12-gone0000) was not found in the organization"]);
    assert.deepEqual(summary(p.changes), ['create assignment["group:ops", "core", "333333333333"]']);
  });

  it("duplicates across rules and targets are planned once, keeping the first via", () => {
    const p = plan(
      desired({
        ...base,
        assignmentRules: [
          rule(["group:ops"], ["core"], [account("dev", DEV), ou("workloads", "ou-ab12-cdef3456")]),
          rule(["group:ops"], ["core"], [account("dev-again", DEV)]),
        ],
      }),
      actual({ ...existing, ouAccounts: { "ou-ab12-cdef3456": [DEV] } }),
      { prune: false },
    );
    assert.deepEqual(summary(p.changes), ['create assignment["group:ops", "core", "111111111111"]']);
    assert.equal((p.changes[0] as AssignmentChange).via, "account:dev");
  });

  describe("assignments in AWS but not in the file", () => {
    const a = actual({
      ...existing,
      assignments: [
        awsAssignment("GROUP", "g-ops", arn("core"), PROD),
        awsAssignment("USER", "u-ghost", arn("core"), DEV),
        awsAssignment("GROUP", "g-ops", arn("foreign"), DEV),
        awsAssignment("GROUP", "g-ops", arn("unknown-ps"), DEV),
      ],
    });

    it("of a managed permission set → delete, prune-gated; unknown principal keeps its id", () => {
      const off = plan(desired(base), a, { prune: false });
      assert.deepEqual(off.changes, []);
      assert.deepEqual(summary(off.pruneCandidates), [
        'delete assignment["group:ops", "core", "333333333333"]',
        'delete assignment["user:u-ghost", "core", "111111111111"]',
      ]);
      const on = plan(desired(base), a, { prune: true });
      assert.deepEqual(summary(on.changes), summary(off.pruneCandidates));
      const ghost = on.changes[1] as AssignmentChange;
      assert.deepEqual(
        [ghost.principalId, ghost.permissionSetArn, ghost.principal],
        ["u-ghost", arn("core"), { type: "USER", name: "u-ghost" }],
      );
    });

    it("of unmanaged permission sets → left alone and counted", () => {
      const p = plan(desired(base), a, { prune: true });
      assert.equal(p.unmanaged.assignments, 2);
    });

    it("prune.assignments false → assignments of managed sets are left alone too (counted unmanaged)", () => {
      const d = desired({
        ...base,
        prune: { permissionSets: [], groups: [], assignmentsOfManagedPermissionSets: false, enabled: false },
      });
      const p = plan(d, a, { prune: true });
      assert.deepEqual(p.changes, []);
      assert.deepEqual(p.pruneCandidates, []);
      assert.equal(p.unmanaged.assignments, 4);
    });
  });

  it("a principal that is external and missing → a problem, not a change", () => {
    const p = plan(
      desired({
        ...base,
        groups: [group("sso-admins", [], { external: true })],
        assignmentRules: [rule(["group:sso-admins"], ["core"], [account("dev", DEV)])],
      }),
      actual(existing),
      { prune: false },
    );
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, [
      `group sso-admins is marked external but does not exist in identity store ${STORE}`,
      `assignments to group:sso-admins cannot be planned: the group is marked external but does not exist in identity store ${STORE}`,
    ]);
  });

  it("an external user that exists is assignable, with its id", () => {
    const p = plan(
      desired({
        ...base,
        users: [externalUser("alice")],
        assignmentRules: [rule(["user:alice"], ["core"], [account("dev", DEV)])],
      }),
      actual({ ...existing, users: [awsUser("alice", "u-alice")] }),
      { prune: false },
    );
    assert.deepEqual(summary(p.changes), ['create assignment["user:alice", "core", "111111111111"]']);
    assert.equal((p.changes[0] as AssignmentChange).principalId, "u-alice");
  });

  it("a principal neither in the file nor in the store → problem", () => {
    const p = plan(
      desired({ ...base, assignmentRules: [rule(["user:nobody"], ["core"], [account("dev", DEV)])] }),
      actual(existing),
      {
        prune: false,
      },
    );
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, [
      `assignments reference user:nobody, which is neither in the file nor in identity store ${STORE}`,
    ]);
  });

  it("a principal marked remove → problem", () => {
    const p = plan(
      desired({
        ...base,
        users: [removedUser("old")],
        assignmentRules: [rule(["user:old"], ["core"], [account("dev", DEV)])],
      }),
      actual(existing),
      { prune: false },
    );
    assert.deepEqual(p.problems, ["assignments reference user:old, which is marked remove"]);
  });

  it("a permission set not in the file → problem", () => {
    const p = plan(
      desired({ ...base, assignmentRules: [rule(["group:ops"], ["foreign"], [account("dev", DEV)])] }),
      actual(existing),
      {
        prune: false,
      },
    );
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, ["assignments reference permission set foreign, which is not in the file"]);
  });

  it("a group outside the file but in prune.groups cannot be assigned → problem", () => {
    const p = plan(
      desired({
        ...base,
        prune: {
          permissionSets: [],
          groups: ["legacy-*"],
          assignmentsOfManagedPermissionSets: true,
          enabled: false,
        },
        assignmentRules: [rule(["group:legacy-x"], ["core"], [account("dev", DEV)])],
      }),
      actual({ ...existing, groups: [...existing.groups, awsGroup("legacy-x", "g-l")] }),
      { prune: false },
    );
    assert.deepEqual(p.problems, [
      "assignments reference group:legacy-x, which is not in the file and matches prune.groups",
    ]);
  });

  it("an assignment reached by two prune paths is planned once", () => {
    const p = plan(
      desired({
        prune: {
          permissionSets: ["old-*"],
          groups: ["old-*"],
          assignmentsOfManagedPermissionSets: true,
          enabled: false,
        },
      }),
      actual({
        groups: [awsGroup("old-g", "g-old")],
        permissionSets: [{ arn: arn("old"), name: "old-ps" }],
        assignments: [awsAssignment("GROUP", "g-old", arn("old"), DEV)],
      }),
      { prune: true },
    );
    assert.deepEqual(summary(p.changes), [
      'delete assignment["group:old-g", "old-ps", "111111111111"]',
      'delete permission_set["old-ps"]',
      'delete group["old-g"]',
    ]);
  });
});
