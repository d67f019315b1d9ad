import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plan } from "../../../src/engine/plan.ts";
import {
  actual,
  arn,
  awsAssignment,
  awsGroup,
  DEV,
  desired,
  group,
  STORE,
  spec,
  summary,
} from "./fixtures.ts";

const prune = (groups: string[]) => ({
  permissionSets: [],
  groups,
  assignmentsOfManagedPermissionSets: true,
  enabled: false,
});

describe("plan: groups", () => {
  const cases = [
    {
      name: "managed group missing → create",
      d: desired({ groups: [group("ops")] }),
      a: actual(),
      changes: ['create group["ops"]'],
    },
    {
      name: "managed group equal → no change",
      d: desired({ groups: [group("ops")] }),
      a: actual({ groups: [awsGroup("ops", "g-1")] }),
      changes: [],
    },
    {
      name: "description differs → update",
      d: desired({ groups: [group("ops", [], { description: "Operations" })] }),
      a: actual({ groups: [awsGroup("ops", "g-1")] }),
      changes: ['update group["ops"]'],
    },
    {
      name: "external group present → nothing, whatever its description and members",
      d: desired({ groups: [group("sso-admins", [], { external: true, description: "" })] }),
      a: actual({ groups: [awsGroup("sso-admins", "g-2", undefined, { description: "synced" })] }),
      changes: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = plan(c.d, c.a, { prune: true });
      assert.deepEqual(summary(p.changes), c.changes);
      assert.deepEqual(p.problems, []);
    });
  }

  it("update carries before/after description and the group id", () => {
    const p = plan(
      desired({ groups: [group("ops", [], { description: "new" })] }),
      actual({ groups: [awsGroup("ops", "g-1", [], { description: "old" })] }),
      { prune: false },
    );
    assert.deepEqual(p.changes[0], {
      kind: "group",
      action: "update",
      address: 'group["ops"]',
      name: "ops",
      before: { description: "old" },
      after: { description: "new" },
      groupId: "g-1",
      broadensAccess: false,
      reason: "changed: description",
    });
  });

  it("external group missing → a problem", () => {
    const p = plan(desired({ groups: [group("sso-admins", [], { external: true })] }), actual(), {
      prune: false,
    });
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.problems, [
      `group sso-admins is marked external but does not exist in identity store ${STORE}`,
    ]);
  });

  describe("groups not in the file", () => {
    const d = desired({ prune: prune(["team-*"]), permissionSets: [spec("core")] });
    const a = actual({
      groups: [awsGroup("team-old", "g-old"), awsGroup("legacy", "g-legacy")],
      permissionSets: [
        { arn: arn("core"), name: "core", spec: spec("core") },
        { arn: arn("other"), name: "other" },
      ],
      assignments: [
        awsAssignment("GROUP", "g-old", arn("other"), DEV),
        awsAssignment("GROUP", "g-legacy", arn("other"), DEV),
      ],
    });

    it("in prune.groups, prune off → delete group and its assignments as prune candidates", () => {
      const p = plan(d, a, { prune: false });
      assert.deepEqual(p.changes, []);
      assert.equal(p.prune, false);
      assert.deepEqual(summary(p.pruneCandidates), [
        'delete assignment["group:team-old", "other", "111111111111"]',
        'delete group["team-old"]',
      ]);
    });

    it("in prune.groups, prune on → the same deletions are changes", () => {
      const p = plan(d, a, { prune: true });
      assert.equal(p.prune, true);
      assert.deepEqual(summary(p.changes), [
        'delete assignment["group:team-old", "other", "111111111111"]',
        'delete group["team-old"]',
      ]);
      assert.deepEqual(p.pruneCandidates, []);
    });

    it("outside prune.groups → unmanaged, never deleted; its assignments of unmanaged sets are counted", () => {
      const p = plan(d, a, { prune: true });
      assert.equal(p.unmanaged.groups, 1);
      assert.equal(p.unmanaged.assignments, 1);
      assert.ok(!summary(p.changes).some((s) => s.includes("legacy")));
    });
  });

  it("ids maps group names to ids", () => {
    const p = plan(desired(), actual({ groups: [awsGroup("a", "g-a"), awsGroup("b", "g-b")] }), {
      prune: false,
    });
    assert.deepEqual(p.ids.groups, { a: "g-a", b: "g-b" });
  });
});
