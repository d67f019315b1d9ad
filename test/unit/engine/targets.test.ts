import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plan } from "../../../src/engine/plan.ts";
import { formatTarget, parseTarget, type Target } from "../../../src/engine/targets.ts";
import {
  account,
  actual,
  arn,
  awsAssignment,
  awsGroup,
  awsUser,
  DEV,
  desired,
  group,
  PROD,
  rule,
  spec,
  summary,
  user,
} from "./fixtures.ts";

function target(text: string): Target {
  const parsed = parseTarget(text);
  assert.ok(parsed.ok, text);
  return parsed.target;
}

/** dave (new) in platform (new), core and storage (new), both assigned to platform on dev and prod. */
function fresh() {
  return desired({
    users: [user("dave")],
    groups: [group("platform", ["dave"])],
    permissionSets: [spec("core"), spec("storage")],
    assignmentRules: [
      rule(["group:platform"], ["core", "storage"], [account("dev", DEV), account("prod", PROD)]),
    ],
  });
}

describe("parseTarget", () => {
  it("reads addresses as printed, prefixes, and the bucket's sub-addresses; formats them one way", () => {
    for (const [typed, formatted] of [
      [
        'assignment["group:platform", "core", "111111111111"]',
        'assignment["group:platform", "core", "111111111111"]',
      ],
      ['assignment["group:platform","core"]', 'assignment["group:platform", "core"]'],
      ["permission_set", "permission_set"],
      ['  state_bucket["b"].versioning ', 'state_bucket["b"].versioning'],
      ['kms_key["alias/keyless-tfstate"]', 'kms_key["alias/keyless-tfstate"]'],
    ] as const) {
      assert.equal(formatTarget(target(typed)), formatted);
    }
  });

  it("says what is wrong with a bad target", () => {
    const problem = (text: string) => {
      const parsed = parseTarget(text);
      assert.ok(!parsed.ok, text);
      return parsed.problem;
    };
    assert.match(problem("permission-set[core]"), /not an address/);
    assert.match(
      problem('permset["core"]'),
      /unknown kind "permset"; the kinds are kms_key, state_bucket, lock_table, user/,
    );
    assert.match(problem("permission_set[core]"), /double-quoted strings/);
    assert.match(problem("permission_set[]"), /double-quoted strings/);
    assert.match(problem('permission_set["core", 1]'), /double-quoted strings/);
    assert.match(problem('user["dave"].email'), /only state_bucket\["NAME"\] has sub-addresses/);
    assert.match(problem("state_bucket_setting"), /unknown kind/);
  });
});

describe("plan with targets", () => {
  it("an assignment brings what it depends on: its principal and permission set, not the rest", () => {
    const p = plan(fresh(), actual(), {
      prune: false,
      targets: [target(`assignment["group:platform", "core", "${DEV}"]`)],
    });
    assert.deepEqual(summary(p.changes), [
      'create group["platform"]',
      'create permission_set["core"]',
      `create assignment["group:platform", "core", "${DEV}"]`,
    ]);
    assert.deepEqual(p.targets, [`assignment["group:platform", "core", "${DEV}"]`]);
  });

  it("a prefix selects every address under it; a membership brings its user and group", () => {
    const p = plan(fresh(), actual(), {
      prune: false,
      targets: [target('assignment["group:platform", "storage"]'), target("membership")],
    });
    assert.deepEqual(summary(p.changes), [
      'create user["dave"]',
      'create group["platform"]',
      'create membership["platform", "dave"]',
      'create permission_set["storage"]',
      `create assignment["group:platform", "storage", "${DEV}"]`,
      `create assignment["group:platform", "storage", "${PROD}"]`,
    ]);
  });

  it("a permission set alone is not assigned: dependents are not added", () => {
    const p = plan(fresh(), actual(), { prune: false, targets: [target('permission_set["core"]')] });
    assert.deepEqual(summary(p.changes), ['create permission_set["core"]']);
  });

  it("a target matching nothing plans nothing; without targets the plan has no targets field", () => {
    const p = plan(fresh(), actual(), { prune: false, targets: [target('user["nobody"]')] });
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.targets, ['user["nobody"]']);
    assert.equal("targets" in plan(fresh(), actual(), { prune: false }), false);
  });

  it("deleting a pruned permission set brings the deletions of its assignments, in changes or candidates", () => {
    const d = desired({
      prune: {
        permissionSets: ["old-*"],
        groups: [],
        assignmentsOfManagedPermissionSets: true,
        enabled: false,
      },
    });
    const a = actual({
      users: [awsUser("dave", "u-1")],
      groups: [awsGroup("platform", "g-1")],
      permissionSets: [
        { arn: arn("old"), name: "old-set", spec: spec("old-set") },
        { arn: arn("other"), name: "old-other", spec: spec("old-other") },
      ],
      assignments: [
        awsAssignment("GROUP", "g-1", arn("old"), DEV),
        awsAssignment("GROUP", "g-1", arn("other"), DEV),
      ],
    });
    const targets = [target('permission_set["old-set"]')];
    const expected = [
      `delete assignment["group:platform", "old-set", "${DEV}"]`,
      'delete permission_set["old-set"]',
    ];
    const candidates = plan(d, a, { prune: false, targets });
    assert.deepEqual(summary(candidates.changes), []);
    assert.deepEqual(summary(candidates.pruneCandidates), expected);
    assert.deepEqual(summary(plan(d, a, { prune: true, targets }).changes), expected);
  });
});
