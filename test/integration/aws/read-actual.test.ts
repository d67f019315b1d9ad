import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import type { IdentityCenterWriter } from "../../../src/apply/ports.ts";
import { createIdentityCenterWriter } from "../../../src/aws/identity-center-writer.ts";
import { readActual } from "../../../src/aws/read-actual.ts";
import type { Desired, DesiredUser } from "../../../src/engine/model.ts";
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

const dave = {
  userName: "dave",
  displayName: "Dave Example",
  givenName: "Dave",
  familyName: "Example",
  email: "dave@example.com",
};
const erin = {
  userName: "erin",
  displayName: "Erin Other",
  givenName: "Erin",
  familyName: "Other",
  email: "erin@example.com",
};
const managed = (u: typeof dave): DesiredUser => ({ ...u, remove: false, external: false });

const core = psSpec("terraform-core", {
  description: "Terraform state access",
  sessionDuration: "PT8H",
  relayState: "https://console.aws.amazon.com/",
  inlinePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
  }),
  managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
  // Sorted by path+name as one string (code units): "/TerraformExtra" < "/team/Other".
  customerManagedPolicies: [
    { name: "TerraformExtra", path: "/" },
    { name: "Other", path: "/team/" },
  ],
  permissionsBoundary: { kind: "managed", arn: "arn:aws:iam::aws:policy/PowerUserAccess" },
  tags: { owner: "keyless", team: "platform" },
});

test("an empty instance reads as empty, with the discovered instance", async () => {
  const actual = await readActual(h.clients, emptyDesired());
  assert.equal(actual.instanceArn, h.inst.instanceArn);
  assert.equal(actual.identityStoreId, h.inst.identityStoreId);
  assert.deepEqual(
    { ...actual, instanceArn: "", identityStoreId: "" },
    {
      instanceArn: "",
      identityStoreId: "",
      users: [],
      groups: [],
      // Nothing named and nothing to read per permission set: the identity store is not listed.
      identityStoreComplete: { users: false, groups: false },
      permissionSets: [],
      assignments: [],
      staleProvisioning: {},
      provisionedAccounts: {},
      ouAccounts: {},
    },
  );
});

test("what the writer creates is read back exactly, and reading makes no write call", async () => {
  const daveId = await writer.createUser(dave);
  const erinId = await writer.createUser(erin);
  const platformId = await writer.createGroup("platform-engineers", "Platform team");
  const outsiderId = await writer.createGroup("outsiders", "");
  await writer.addMember(platformId, daveId);
  await writer.addMember(platformId, erinId);
  const coreArn = await writer.createPermissionSet(core);
  const otherArn = await writer.createPermissionSet(psSpec("unmanaged-ps"));
  const targets = [
    {
      principalType: "GROUP" as const,
      principalId: platformId,
      permissionSetArn: coreArn,
      accountId: "111111111111",
    },
    {
      principalType: "USER" as const,
      principalId: daveId,
      permissionSetArn: coreArn,
      accountId: "222222222222",
    },
    // A managed permission set assigned to a group keyless does not manage: found via the permission set.
    {
      principalType: "GROUP" as const,
      principalId: outsiderId,
      permissionSetArn: coreArn,
      accountId: "111111111111",
    },
    // A managed user holding an unmanaged permission set: found via the principal.
    {
      principalType: "USER" as const,
      principalId: daveId,
      permissionSetArn: otherArn,
      accountId: "333333333333",
    },
  ];
  for (const t of targets) assert.equal((await writer.startCreateAssignment(t)).status, "SUCCEEDED");

  const desired: Desired = emptyDesired({
    users: [managed(dave), { ...erin, remove: false, external: true }],
    groups: [
      {
        name: "platform-engineers",
        description: "Platform team",
        members: ["dave", "erin"],
        external: false,
      },
    ],
    permissionSets: [core],
  });
  h.proxy.clearCalls();
  const progress: string[] = [];
  const actual = await readActual(h.clients, desired, { onProgress: (m) => progress.push(m) });

  assert.deepEqual(
    h.proxy.calls().filter((c) => WRITE_OPERATION.test(c)),
    [],
  );
  assert.ok(progress.length > 0);
  assert.deepEqual(actual.users, [
    { userId: daveId, ...dave },
    { userId: erinId, ...erin },
  ]);
  assert.deepEqual(actual.groups, [
    { groupId: outsiderId, name: "outsiders", description: "" },
    {
      groupId: platformId,
      name: "platform-engineers",
      description: "Platform team",
      memberUserIds: [daveId, erinId].sort(),
    },
  ]);
  assert.deepEqual(actual.permissionSets, [
    { arn: coreArn, name: "terraform-core", spec: core },
    { arn: otherArn, name: "unmanaged-ps" },
  ]);
  const key = (a: { principalId: string; permissionSetArn: string; accountId: string }) =>
    `${a.principalId}|${a.permissionSetArn}|${a.accountId}`;
  assert.deepEqual(actual.assignments.map(key).sort(), targets.map(key).sort());
  // terraform-core is as the file says: its provisioned accounts are not needed, so not read.
  assert.deepEqual(actual.provisionedAccounts, {});
  assert.deepEqual(actual.staleProvisioning, {});
  assert.deepEqual(actual.identityStoreComplete, { users: true, groups: true });
});

test("permission sets matching prune patterns are read in full; others only by name", async () => {
  const arn = await writer.createPermissionSet(psSpec("terraform-old", { tags: { a: "1" } }));
  await writer.createPermissionSet(psSpec("admin"));
  const actual = await readActual(
    h.clients,
    emptyDesired({ prune: { ...emptyDesired().prune, permissionSets: ["terraform-*"] } }),
  );
  assert.deepEqual(actual.permissionSets, [
    { arn: actual.permissionSets[0]!.arn, name: "admin" },
    { arn, name: "terraform-old", spec: psSpec("terraform-old", { tags: { a: "1" } }) },
  ]);
});

test("updatePermissionSet changes each field and readActual sees it; provisioned accounts go stale until provisioned", async () => {
  const arn = await writer.createPermissionSet(core);
  const userId = await writer.createUser(dave);
  await writer.startCreateAssignment({
    principalType: "USER",
    principalId: userId,
    permissionSetArn: arn,
    accountId: "111111111111",
  });
  const next = psSpec("terraform-core", {
    description: "Changed",
    sessionDuration: "PT2H",
    relayState: "",
    inlinePolicy: "",
    managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/SecurityAudit"],
    customerManagedPolicies: [
      { name: "TerraformExtra", path: "/" },
      { name: "Zeta", path: "/" },
    ],
    permissionsBoundary: { kind: "customer", name: "Boundary", path: "/b/" },
    tags: { owner: "keyless", env: "dev" },
  });
  await writer.updatePermissionSet(arn, core, next, [
    "description",
    "sessionDuration",
    "relayState",
    "inlinePolicy",
    "managedPolicies",
    "customerManagedPolicies",
    "permissionsBoundary",
    "tags",
  ]);
  const desired = emptyDesired({ permissionSets: [next] });
  let actual = await readActual(h.clients, desired);
  assert.deepEqual(actual.permissionSets[0]?.spec, next);
  assert.deepEqual(actual.staleProvisioning, { "terraform-core": ["111111111111"] });

  const op = await writer.startProvisioning(arn, "ALL_PROVISIONED_ACCOUNTS");
  assert.equal(op.status, "SUCCEEDED");
  assert.equal((await writer.provisioningStatus(op.requestId)).status, "SUCCEEDED");
  actual = await readActual(h.clients, desired);
  assert.deepEqual(actual.staleProvisioning, {});

  // Removing the boundary and adding back an inline policy.
  const last = {
    ...next,
    permissionsBoundary: null,
    inlinePolicy: '{"Version":"2012-10-17","Statement":[]}',
  };
  await writer.updatePermissionSet(arn, next, last, ["permissionsBoundary", "inlinePolicy"]);
  actual = await readActual(h.clients, emptyDesired({ permissionSets: [last] }));
  assert.deepEqual(actual.permissionSets[0]?.spec, last);
});

test("only the changed fields are written", async () => {
  const arn = await writer.createPermissionSet(core);
  h.proxy.clearCalls();
  await writer.updatePermissionSet(arn, core, { ...core, tags: { owner: "keyless", team: "infra" } }, [
    "tags",
  ]);
  assert.deepEqual(h.proxy.calls(), ["SWBExternalService.TagResource"]);
});

test("users and groups can be updated, members removed, and all deleted", async () => {
  const userId = await writer.createUser(dave);
  const groupId = await writer.createGroup("platform-engineers", "Platform team");
  await writer.addMember(groupId, userId);
  await writer.updateUser(userId, {
    ...dave,
    displayName: "Dave E.",
    givenName: "David",
    email: "d@example.org",
  });
  await writer.updateGroup(groupId, "The platform team");
  const desired = emptyDesired({
    users: [managed(dave)],
    groups: [{ name: "platform-engineers", description: "", members: [], external: false }],
  });
  let actual = await readActual(h.clients, desired);
  assert.deepEqual(actual.users, [
    { userId, ...dave, displayName: "Dave E.", givenName: "David", email: "d@example.org" },
  ]);
  assert.deepEqual(actual.groups, [
    { groupId, name: "platform-engineers", description: "The platform team", memberUserIds: [userId] },
  ]);

  await writer.removeMember(groupId, userId);
  await writer.removeMember(groupId, userId); // already gone: no error
  actual = await readActual(h.clients, desired);
  assert.deepEqual(actual.groups[0]?.memberUserIds, []);

  await writer.deleteGroup(groupId);
  await writer.deleteUser(userId);
  actual = await readActual(h.clients, desired);
  assert.deepEqual([actual.users, actual.groups], [[], []]);
});

test("deleting the last assignment unprovisions the account; a deleted permission set is gone", async () => {
  const arn = await writer.createPermissionSet(psSpec("ps1"));
  const userId = await writer.createUser(dave);
  const t = {
    principalType: "USER" as const,
    principalId: userId,
    permissionSetArn: arn,
    accountId: "111111111111",
  };
  await writer.startCreateAssignment(t);
  // A changed description: the update re-provisions, so the accounts are read.
  const desired = emptyDesired({
    permissionSets: [psSpec("ps1", { description: "new" })],
    users: [managed(dave)],
  });
  assert.deepEqual((await readActual(h.clients, desired)).provisionedAccounts, { ps1: ["111111111111"] });
  const del = await writer.startDeleteAssignment(t);
  assert.equal((await writer.assignmentDeletionStatus(del.requestId)).status, "SUCCEEDED");
  const actual = await readActual(h.clients, desired);
  assert.deepEqual(actual.provisionedAccounts, { ps1: [] });
  assert.deepEqual(actual.assignments, []);
  await writer.deletePermissionSet(arn);
  assert.deepEqual((await readActual(h.clients, desired)).permissionSets, []);
});
