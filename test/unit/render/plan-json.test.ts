import assert from "node:assert/strict";
import { test } from "node:test";
import type { Change } from "../../../src/engine/plan-types.ts";
import { planToJson } from "../../../src/render/plan-json.ts";
import { emptyPlan, mixedChanges } from "./fixtures.ts";

const assignment: Change = {
  kind: "assignment",
  action: "create",
  address: 'assignment["group:platform-engineers", "terraform-core", "111111111111"]',
  broadensAccess: true,
  principal: { type: "GROUP", name: "platform-engineers" },
  permissionSet: "terraform-core",
  accountId: "111111111111",
  via: "account:dev",
};
const candidate: Change = {
  kind: "group",
  action: "delete",
  address: 'group["old"]',
  broadensAccess: false,
  name: "old",
  groupId: "g-1",
  before: { description: "" },
};

test("the JSON view has the documented shape", () => {
  const plan = emptyPlan({
    changes: [assignment],
    pruneCandidates: [candidate],
    problems: ["p1"],
    warnings: ["w1"],
    unmanaged: { users: 1, groups: 2, permissionSets: 3, assignments: 4 },
    notes: ["n1"],
    ids: { users: { dave: "u-1" }, groups: {}, permissionSets: {} },
  });
  assert.deepEqual(planToJson(plan), {
    format_version: "1",
    fingerprint: "sha256:0f1e2d",
    instance_arn: "arn:aws:sso:::instance/ssoins-1111111111111111",
    identity_store_id: "d-1234567890",
    region: "eu-central-1",
    prune: false,
    summary: { add: 1, change: 0, delete: 0, broadens_access: 1, prune_candidates: 1 },
    changes: [
      {
        kind: "assignment",
        action: "create",
        address: 'assignment["group:platform-engineers", "terraform-core", "111111111111"]',
        broadensAccess: true,
        principal: { type: "GROUP", name: "platform-engineers" },
        permissionSet: "terraform-core",
        accountId: "111111111111",
        via: "account:dev",
      },
    ],
    prune_candidates: [
      {
        kind: "group",
        action: "delete",
        address: 'group["old"]',
        broadensAccess: false,
        name: "old",
        groupId: "g-1",
        before: { description: "" },
      },
    ],
    problems: ["p1"],
    warnings: ["w1"],
    unmanaged: { users: 1, groups: 2, permission_sets: 3, assignments: 4 },
    notes: ["n1"],
    targets: [],
  });
});

test("a targeted plan names its targets", () => {
  const json = planToJson(emptyPlan({ targets: ['permission_set["core"]', "membership"] }));
  assert.deepEqual(json.targets, ['permission_set["core"]', "membership"]);
});

test("summary counts agree with the human view's and changes keep their order", () => {
  const json = planToJson(emptyPlan({ changes: mixedChanges() }));
  assert.deepEqual(json.summary, { add: 5, change: 4, delete: 5, broadens_access: 3, prune_candidates: 0 });
  assert.deepEqual(
    json.changes.map((c) => c.address),
    mixedChanges().map((c) => c.address),
  );
});

test("prune candidates are empty when prune is on, and the JSON is a copy", () => {
  const plan = emptyPlan({ prune: true, changes: [assignment], pruneCandidates: [candidate] });
  const json = planToJson(plan);
  assert.deepEqual(json.prune_candidates, []);
  (json.changes[0] as { address: string }).address = "mutated";
  assert.equal(plan.changes[0]?.address, assignment.address);
});

test("the JSON view survives JSON.stringify unchanged", () => {
  const json = planToJson(emptyPlan({ changes: mixedChanges() }));
  assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
});
