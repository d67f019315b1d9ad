/**
 * The read planner against moto (behind the stand-in proxy, which records every request): a
 * no-change plan makes exactly the calls the planner predicted, with either strategy, and an
 * assignment of a managed permission set to a principal keyless does not manage is still seen.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import type { IdentityCenterWriter } from "../../../src/apply/ports.ts";
import { createIdentityCenterWriter } from "../../../src/aws/identity-center-writer.ts";
import { readActualWithReport } from "../../../src/aws/read-actual.ts";
import type { Desired, PrincipalType } from "../../../src/engine/model.ts";
import { plan } from "../../../src/engine/plan.ts";
import { emptyDesired, type Harness, psSpec, startHarness, WRITE_OPERATION } from "./harness.ts";

let h: Harness;
let writer: IdentityCenterWriter;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});
beforeEach(async () => {
  await h.reset();
  writer = createIdentityCenterWriter(h.clients, h.inst);
});

const A1 = "111111111111";
const A2 = "222222222222";
const person = (userName: string) => ({
  userName,
  displayName: `${userName} Example`,
  givenName: userName,
  familyName: "Example",
  email: `${userName}@example.com`,
});
const ps1 = psSpec("terraform-core", { description: "core", sessionDuration: "PT8H" });
const ps2 = psSpec("terraform-read", { description: "read" });

const desired: Desired = emptyDesired({
  accounts: { a1: A1, a2: A2 },
  users: [{ ...person("dave"), remove: false, external: false }],
  groups: [{ name: "platform", description: "Platform team", members: ["dave"], external: false }],
  permissionSets: [ps1, ps2],
  assignmentRules: [
    {
      principals: [{ type: "GROUP", name: "platform" }],
      permissionSets: ["terraform-core", "terraform-read"],
      targets: [
        { kind: "account", name: "a1", accountId: A1 },
        { kind: "account", name: "a2", accountId: A2 },
      ],
    },
    {
      principals: [{ type: "USER", name: "dave" }],
      permissionSets: ["terraform-core"],
      targets: [{ kind: "account", name: "a1", accountId: A1 }],
    },
  ],
});

/** What keyless.yaml describes, plus an unmanaged principal holding a managed set (and an unmanaged one). */
async function build(outsider: { type: PrincipalType; id: string }) {
  const daveId = await writer.createUser(person("dave"));
  const platformId = await writer.createGroup("platform", "Platform team");
  await writer.addMember(platformId, daveId);
  const core = await writer.createPermissionSet(ps1);
  const read = await writer.createPermissionSet(ps2);
  const other = await writer.createPermissionSet(psSpec("hand-made"));
  const assign = (
    principalType: PrincipalType,
    principalId: string,
    permissionSetArn: string,
    accountId: string,
  ) => writer.startCreateAssignment({ principalType, principalId, permissionSetArn, accountId });
  for (const arn of [core, read]) for (const acct of [A1, A2]) await assign("GROUP", platformId, arn, acct);
  await assign("USER", daveId, core, A1);
  await assign("USER", daveId, other, A2);
  await assign(outsider.type, outsider.id, core, A1);
  await assign(outsider.type, outsider.id, other, A2);
  return { daveId, core, other };
}

async function readAndCount() {
  h.proxy.clearCalls();
  const { actual, report } = await readActualWithReport(h.clients, desired);
  const calls = h.proxy.calls();
  assert.deepEqual(
    calls.filter((c) => WRITE_OPERATION.test(c)),
    [],
  );
  return { actual, report, calls };
}

const count = (calls: string[], op: string) => calls.filter((c) => c.endsWith(`.${op}`)).length;

test("per-principal: few principals; calls at the proxy = the prediction; the outsider's assignment is seen", async () => {
  const outsiderId = await writer.createGroup("outsiders", "");
  const { daveId, core, other } = await build({ type: "GROUP", id: outsiderId });
  const { actual, report, calls } = await readAndCount();

  assert.equal(report.strategy, "per-principal");
  // 3 principals × 1 page, against 2 sets × (1 provisioned page + 2 pairs) + 2 managed principals.
  assert.deepEqual(report.costs, { perPrincipal: 3, perSet: 8 });
  assert.equal(calls.length, report.predictedCalls);
  assert.equal(report.calls, calls.length);
  assert.equal(count(calls, "ListAccountAssignmentsForPrincipal"), 3);
  assert.equal(count(calls, "ListAccountAssignments"), 0);
  // Nothing changed in any set: no provisioned-account listing but the stale one (1 per managed set).
  assert.equal(count(calls, "ListAccountsForProvisionedPermissionSet"), 2);

  const held = actual.assignments.map((a) => `${a.principalId} ${a.permissionSetArn} ${a.accountId}`);
  assert.ok(held.includes(`${outsiderId} ${core} ${A1}`), "managed set held by an unmanaged group");
  assert.ok(held.includes(`${daveId} ${other} ${A2}`), "unmanaged set held by a managed user");
  assert.ok(!held.includes(`${outsiderId} ${other} ${A2}`), "neither managed: not part of the plan's read");
  const p = plan(desired, actual, { prune: false });
  assert.deepEqual(p.changes, []);
  assert.deepEqual(
    p.pruneCandidates.map((c) => c.address),
    [`assignment["group:outsiders", "terraform-core", "${A1}"]`],
  );
  assert.equal(p.unmanaged.notCounted, undefined);
});

test("per-set: many unmanaged users; calls at the proxy = the prediction; the outsider's assignment is seen", async () => {
  const outsiderId = await writer.createUser(person("outsider"));
  for (let i = 0; i < 10; i++) await writer.createUser(person(`extra-${i}`));
  const { daveId, core, other } = await build({ type: "USER", id: outsiderId });
  const { actual, report, calls } = await readAndCount();

  assert.equal(report.strategy, "per-set");
  // 13 principals (1 group, 12 users) cost more than the 8 reads per set.
  assert.deepEqual(report.costs, { perPrincipal: 13, perSet: 8 });
  assert.equal(calls.length, report.predictedCalls);
  assert.equal(report.calls, calls.length);
  assert.equal(count(calls, "ListAccountAssignments"), 4);
  assert.equal(count(calls, "ListAccountAssignmentsForPrincipal"), 2);

  const held = actual.assignments.map((a) => `${a.principalId} ${a.permissionSetArn} ${a.accountId}`);
  assert.ok(held.includes(`${outsiderId} ${core} ${A1}`), "managed set held by an unmanaged user");
  assert.ok(held.includes(`${daveId} ${other} ${A2}`), "unmanaged set held by a managed user");
  assert.ok(!held.includes(`${outsiderId} ${other} ${A2}`));
  const p = plan(desired, actual, { prune: false });
  assert.deepEqual(p.changes, []);
  assert.deepEqual(
    p.pruneCandidates.map((c) => c.address),
    [`assignment["user:outsider", "terraform-core", "${A1}"]`],
  );
});

test("the same AWS state reads to the same Actual whichever strategy was taken", async () => {
  const outsiderId = await writer.createGroup("outsiders", "");
  await build({ type: "GROUP", id: outsiderId });
  const first = await readAndCount();
  assert.equal(first.report.strategy, "per-principal");
  // --count-unmanaged changes nothing here (the store was listed whole anyway) ...
  const counted = await readActualWithReport(h.clients, desired, { countUnmanaged: true });
  assert.deepEqual(counted.actual, first.actual);
  // ... and ten more users tip the choice to per-set without changing what the plan needs.
  for (let i = 0; i < 10; i++)
    await h.clients.identityStore.createUser({
      IdentityStoreId: h.inst.identityStoreId,
      ...sdkUser(`x${i}`),
    });
  const second = await readAndCount();
  assert.equal(second.report.strategy, "per-set");
  assert.deepEqual(second.actual.assignments, first.actual.assignments);
  assert.deepEqual(second.actual.permissionSets, first.actual.permissionSets);
});

function sdkUser(userName: string) {
  const p = person(userName);
  return {
    UserName: p.userName,
    DisplayName: p.displayName,
    Name: { GivenName: p.givenName, FamilyName: p.familyName },
    Emails: [{ Value: p.email, Primary: true }],
  };
}

test("a store larger than the file needs is not listed whole: named users looked up, unknown ids described", async () => {
  // 250 users, dave last; mallory (unmanaged) holds a managed set.
  for (let i = 0; i < 248; i++) {
    await h.clients.identityStore.createUser({
      IdentityStoreId: h.inst.identityStoreId,
      ...sdkUser(`u${i}`),
    });
  }
  const malloryId = await writer.createUser(person("mallory"));
  await build({ type: "USER", id: malloryId });
  const { actual, report, calls } = await readAndCount();

  assert.equal(report.strategy, "per-set");
  assert.deepEqual(report.listed, { users: false, groups: true });
  // Two pages (look-ups of dave would cost 2), then dave by name, then mallory's id from the pair read.
  assert.equal(count(calls, "ListUsers"), 2);
  assert.equal(count(calls, "GetUserId"), 1);
  assert.equal(count(calls, "DescribeUser"), 2);
  // The planner cannot foresee ids it has not met: the one DescribeUser of mallory is the difference.
  assert.equal(calls.length, report.predictedCalls + 1);
  assert.deepEqual(
    actual.users.map((u) => u.userName),
    ["dave", "mallory"],
  );
  const p = plan(desired, actual, { prune: false });
  assert.deepEqual(p.changes, []);
  assert.deepEqual(p.unmanaged.notCounted, ["users"]);
  assert.deepEqual(
    p.pruneCandidates.map((c) => c.address),
    [`assignment["user:mallory", "terraform-core", "${A1}"]`],
  );

  h.proxy.clearCalls();
  const counted = await readActualWithReport(h.clients, desired, { countUnmanaged: true });
  assert.equal(count(h.proxy.calls(), "ListUsers"), 3);
  assert.equal(count(h.proxy.calls(), "GetUserId"), 0);
  const all = plan(desired, counted.actual, { prune: false });
  assert.equal(all.unmanaged.users, 249);
  assert.equal(all.unmanaged.notCounted, undefined);
});
