/** How a plan read AWS, in the three views: --debug lines, `read` in --json, and "not counted". */
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderPlanHuman } from "../../../src/render/plan-human.ts";
import { planToJson, type ReadSummary } from "../../../src/render/plan-json.ts";
import { renderReadReport } from "../../../src/render/read-report.ts";
import { emptyPlan } from "./fixtures.ts";

const read: ReadSummary = {
  strategy: "per-principal",
  reason:
    "per-principal: 9 principals cost 126 reads, 8 managed permission sets × their accounts (4000 pairs) would cost 4166",
  predictedCalls: 187,
  calls: 187,
  callsByOperation: {
    "sso-admin.ListAccountAssignmentsForPrincipal": 126,
    "sso-admin.DescribePermissionSet": 8,
    "identitystore.ListUsers": 1,
  },
  costs: { perPrincipal: 126, perSet: 4166 },
  listed: { users: true, groups: false },
};

test("--debug: strategy with its reason, what was listed, calls made and predicted, per operation", () => {
  assert.equal(
    renderReadReport(read),
    `debug: read strategy per-principal: 9 principals cost 126 reads, 8 managed permission sets × their accounts (4000 pairs) would cost 4166
debug: identity store: users listed whole, groups looked up by name
debug: AWS calls: 187 made, 187 predicted when the strategy was chosen
debug:   sso-admin.ListAccountAssignmentsForPrincipal 126
debug:   sso-admin.DescribePermissionSet 8
debug:   identitystore.ListUsers 1
`,
  );
});

test("--json: `read` is added when the read reported, snake_case; absent otherwise", () => {
  assert.equal("read" in planToJson(emptyPlan()), false);
  assert.deepEqual(planToJson(emptyPlan(), read).read, {
    strategy: "per-principal",
    reason: read.reason,
    predicted_calls: 187,
    calls: 187,
    calls_by_operation: {
      "sso-admin.ListAccountAssignmentsForPrincipal": 126,
      "sso-admin.DescribePermissionSet": 8,
      "identitystore.ListUsers": 1,
    },
    cost_estimates: { per_principal: 126, per_set: 4166 },
    listed: { users: true, groups: false },
  });
  const perSet = planToJson(emptyPlan(), { ...read, strategy: "per-set", costs: { perSet: 12 } }).read;
  assert.deepEqual(perSet?.cost_estimates, { per_set: 12 });
});

test("--json: unmanaged.not_counted only when something was not counted", () => {
  assert.deepEqual(planToJson(emptyPlan()).unmanaged, {
    users: 0,
    groups: 0,
    permission_sets: 0,
    assignments: 0,
  });
  const p = emptyPlan({
    unmanaged: { users: 0, groups: 2, permissionSets: 0, assignments: 0, notCounted: ["users"] },
  });
  assert.deepEqual(planToJson(p).unmanaged, {
    users: 0,
    groups: 2,
    permission_sets: 0,
    assignments: 0,
    not_counted: ["users"],
  });
});

test("human: a plan that did not count unmanaged users says so and how to count them", () => {
  const p = emptyPlan({
    unmanaged: { users: 0, groups: 1, permissionSets: 0, assignments: 0, notCounted: ["users"] },
  });
  assert.match(
    renderPlanHuman(p, { color: false }),
    /\nLeft alone \(not managed by keyless\.yaml\): 1 group\.\nNot counted: users not in keyless\.yaml \(the identity store was not listed whole, to save AWS calls\); keyless plan --count-unmanaged counts them\.\n/,
  );
  const both = emptyPlan({
    unmanaged: { users: 0, groups: 0, permissionSets: 0, assignments: 0, notCounted: ["users", "groups"] },
  });
  assert.match(
    renderPlanHuman(both, { color: false }),
    /\n\nNot counted: users and groups not in keyless\.yaml/,
  );
  assert.doesNotMatch(renderPlanHuman(emptyPlan(), { color: false }), /Not counted/);
});
