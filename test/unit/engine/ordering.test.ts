import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plan } from "../../../src/engine/plan.ts";
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
  INSTANCE,
  PROD,
  removedUser,
  rule,
  STORE,
  spec,
  summary,
  user,
} from "./fixtures.ts";

/** A file and an AWS state that differ in every kind at once. */
const d = desired({
  users: [user("zoe"), user("amy"), user("bob", { email: "bob@new.example.com" }), removedUser("old")],
  groups: [group("platform", ["amy", "bob"]), group("auditors", ["zoe"])],
  permissionSets: [spec("core", { description: "changed" }), spec("new-ps"), spec("steady")],
  assignmentRules: [rule(["group:platform", "user:amy"], ["core", "new-ps"], [account("dev", DEV)])],
  prune: {
    permissionSets: ["tf-*"],
    groups: ["team-*"],
    assignmentsOfManagedPermissionSets: true,
    enabled: false,
  },
});
const a = actual({
  users: [awsUser("bob", "u-bob"), awsUser("old", "u-old"), awsUser("carl", "u-carl")],
  groups: [awsGroup("platform", "g-p", ["u-bob", "u-carl", "u-old"]), awsGroup("team-x", "g-x")],
  permissionSets: [
    { arn: arn("core"), name: "core", spec: spec("core") },
    { arn: arn("steady"), name: "steady", spec: spec("steady") },
    { arn: arn("tf-old"), name: "tf-old", spec: spec("tf-old") },
  ],
  assignments: [
    awsAssignment("USER", "u-old", arn("core"), DEV),
    awsAssignment("GROUP", "g-p", arn("core"), PROD),
    awsAssignment("GROUP", "g-x", arn("steady"), DEV),
    awsAssignment("USER", "u-carl", arn("tf-old"), DEV),
  ],
  staleProvisioning: { steady: [DEV] },
});

const creates = [
  'create user["amy"]',
  'update user["bob"]',
  'create user["zoe"]',
  'create group["auditors"]',
  'create membership["auditors", "zoe"]',
  'create membership["platform", "amy"]',
  'update permission_set["core"]',
  'create permission_set["new-ps"]',
  'update provisioning["steady"]',
  'create assignment["group:platform", "core", "111111111111"]',
  'create assignment["group:platform", "new-ps", "111111111111"]',
  'create assignment["user:amy", "core", "111111111111"]',
  'create assignment["user:amy", "new-ps", "111111111111"]',
];

describe("plan: ordering of a mixed plan", () => {
  it("prune on: creates/updates in dependency order, then deletes in reverse order, by address within a kind", () => {
    const p = plan(d, a, { prune: true });
    assert.deepEqual(p.problems, []);
    assert.deepEqual(summary(p.changes), [
      // creates and updates: user → group → membership → permission_set → provisioning → assignment
      'create user["amy"]',
      'update user["bob"]',
      'create user["zoe"]',
      'create group["auditors"]',
      'create membership["auditors", "zoe"]',
      'create membership["platform", "amy"]',
      'update permission_set["core"]',
      'create permission_set["new-ps"]',
      'update provisioning["steady"]',
      'create assignment["group:platform", "core", "111111111111"]',
      'create assignment["group:platform", "new-ps", "111111111111"]',
      'create assignment["user:amy", "core", "111111111111"]',
      'create assignment["user:amy", "new-ps", "111111111111"]',
      // deletes: assignment → permission_set → membership → group → user
      'delete assignment["group:platform", "core", "333333333333"]',
      'delete assignment["group:team-x", "steady", "111111111111"]',
      'delete assignment["user:carl", "tf-old", "111111111111"]',
      'delete assignment["user:old", "core", "111111111111"]',
      'delete permission_set["tf-old"]',
      'delete membership["platform", "carl"]',
      'delete membership["platform", "old"]',
      'delete group["team-x"]',
      'delete user["old"]',
    ]);
    assert.deepEqual(p.pruneCandidates, []);
    assert.equal(p.unmanaged.users, 1); // carl
    assert.deepEqual(p.notes.length, 1);
  });

  it("prune off: the same creates plus the explicit removal; prune-gated deletes become candidates", () => {
    const p = plan(d, a, { prune: false });
    assert.deepEqual(summary(p.changes), [
      ...creates,
      'delete assignment["user:old", "core", "111111111111"]',
      'delete membership["platform", "old"]',
      'delete user["old"]',
    ]);
    assert.deepEqual(summary(p.pruneCandidates), [
      'delete assignment["group:platform", "core", "333333333333"]',
      'delete assignment["group:team-x", "steady", "111111111111"]',
      'delete assignment["user:carl", "tf-old", "111111111111"]',
      'delete permission_set["tf-old"]',
      'delete membership["platform", "carl"]',
      'delete group["team-x"]',
    ]);
  });

  it("plan header fields", () => {
    const p = plan(d, a, { prune: false });
    assert.equal(p.formatVersion, 1);
    assert.equal(p.region, "eu-central-1");
    assert.equal(p.instanceArn, INSTANCE);
    assert.equal(p.identityStoreId, STORE);
    assert.match(p.fingerprint, /^[0-9a-f]{64}$/);
  });

  it("a pinned instance or identity store that differs from AWS → problem", () => {
    const pinned = desired({
      identityCenter: {
        region: "eu-central-1",
        instanceArn: "arn:aws:sso:::instance/ssoins-other",
        identityStoreId: "d-other",
      },
    });
    const p = plan(pinned, actual(), { prune: false });
    assert.deepEqual(p.problems, [
      `keyless.yaml names instance arn:aws:sso:::instance/ssoins-other but the plan read instance ${INSTANCE}`,
      `keyless.yaml names identity store d-other but the plan read identity store ${STORE}`,
    ]);
    const same = desired({
      identityCenter: { region: "eu-central-1", instanceArn: INSTANCE, identityStoreId: STORE },
    });
    assert.deepEqual(plan(same, actual(), { prune: false }).problems, []);
  });
});
