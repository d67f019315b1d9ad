/**
 * Lost replies, kind by kind: the fault proxy forwards a write to the emulator (it happens) and answers
 * 5xx instead of the reply. The writer must report success, with the right id, and leave exactly one of
 * everything (moto would accept a blindly repeated create as a duplicate: findDuplicates looks).
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { Identitystore } from "@aws-sdk/client-identitystore";
import { SSOAdmin } from "@aws-sdk/client-sso-admin";
import type { AssignmentTarget } from "../../../src/apply/ports.ts";
import { type AwsClients, createAwsClients } from "../../../src/aws/clients.ts";
import { createIdentityCenterWriter } from "../../../src/aws/identity-center-writer.ts";
import { discoverInstance, type InstanceRef } from "../../../src/aws/instance.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { findDuplicates } from "../../helpers/duplicates.ts";
import { type FaultProxy, startFaultProxy } from "../../helpers/fault-proxy.ts";
import { awsTestEnv, type Moto, startMoto } from "../../helpers/moto.ts";
import { type IdentityCenterProxy, startIdentityCenterProxy } from "../../standins/identity-center-proxy.ts";
import { psSpec, REGION } from "./harness.ts";

let moto: Moto;
let standin: IdentityCenterProxy;
let faults: FaultProxy;
let clients: AwsClients;
let inst: InstanceRef;
let direct: { sso: SSOAdmin; ids: Identitystore };

/** Waits cost nothing here: the clients' backoff and the writer's retries sleep on this. */
const instant = { now: () => performance.now(), sleep: async () => {} };

before(async () => {
  moto = await startMoto();
  standin = await startIdentityCenterProxy(moto.endpoint);
  faults = await startFaultProxy(standin.endpoint);
  Object.assign(process.env, awsTestEnv(faults.endpoint, REGION));
  clients = await createAwsClients({ region: REGION, requestsPerSecond: 1000, clock: instant });
  const cfg = {
    region: REGION,
    endpoint: moto.endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
  direct = { sso: new SSOAdmin(cfg), ids: new Identitystore(cfg) };
});
after(async () => {
  clients.destroy();
  direct.sso.destroy();
  direct.ids.destroy();
  await faults.stop();
  await standin.stop();
  await moto.stop();
});
beforeEach(async () => {
  await moto.reset();
  standin.reset();
  faults.reset();
  inst = await discoverInstance(clients);
});

const dave = {
  userName: "dave",
  displayName: "Dave",
  givenName: "Dave",
  familyName: "E",
  email: "dave@example.com",
};
const ACCOUNT = "111111111111";

const lost = () => faults.counts()["lost-reply"];

test("creates whose reply is lost succeed once: user, group, membership", async () => {
  const writer = createIdentityCenterWriter(clients, inst);
  faults.loseNextReply("CreateUser");
  const userId = await writer.createUser(dave);
  faults.loseNextReply("CreateGroup");
  const groupId = await writer.createGroup("platform", "Platform team");
  faults.loseNextReply("CreateGroupMembership");
  await writer.addMember(groupId, userId);
  assert.equal(lost(), 3, "each reply was lost after the change was made");

  const users = await direct.ids.listUsers({ IdentityStoreId: inst.identityStoreId });
  assert.deepEqual(
    users.Users?.map((u) => [u.UserName, u.UserId]),
    [["dave", userId]],
  );
  const groups = await direct.ids.listGroups({ IdentityStoreId: inst.identityStoreId });
  assert.deepEqual(
    groups.Groups?.map((g) => g.GroupId),
    [groupId],
  );
  assert.deepEqual(await findDuplicates(moto.endpoint, REGION), []);
});

test("a permission set whose create and attach replies are lost is made once, with each policy once", async () => {
  const writer = createIdentityCenterWriter(clients, inst);
  const spec = psSpec("terraform-core", {
    description: "Terraform",
    inlinePolicy:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
    managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    customerManagedPolicies: [{ name: "tf-extra", path: "/" }],
  });
  for (const op of [
    "CreatePermissionSet",
    "PutInlinePolicyToPermissionSet",
    "AttachManagedPolicyToPermissionSet",
    "AttachCustomerManagedPolicyReferenceToPermissionSet",
  ]) {
    faults.loseNextReply(op);
  }
  const arn = await writer.createPermissionSet(spec);
  assert.equal(lost(), 4);
  const sets = await direct.sso.listPermissionSets({ InstanceArn: inst.instanceArn });
  assert.deepEqual(sets.PermissionSets, [arn]);
  const customer = await direct.sso.listCustomerManagedPolicyReferencesInPermissionSet({
    InstanceArn: inst.instanceArn,
    PermissionSetArn: arn,
  });
  assert.deepEqual(
    customer.CustomerManagedPolicyReferences?.map((r) => r.Name),
    ["tf-extra"],
  );
  assert.deepEqual(await findDuplicates(moto.endpoint, REGION), []);
});

async function assignmentTarget(): Promise<AssignmentTarget> {
  const writer = createIdentityCenterWriter(clients, inst);
  return {
    principalType: "USER",
    principalId: await writer.createUser(dave),
    permissionSetArn: await writer.createPermissionSet(psSpec("ps1")),
    accountId: ACCOUNT,
  };
}

async function assignmentsNow(t: AssignmentTarget): Promise<number> {
  const r = await direct.sso.listAccountAssignments({
    InstanceArn: inst.instanceArn,
    AccountId: t.accountId,
    PermissionSetArn: t.permissionSetArn,
  });
  return (r.AccountAssignments ?? []).length;
}

for (const mode of ["immediate (moto)", "asynchronous (stand-in)"] as const) {
  test(`an assignment whose create or delete reply is lost is done once: ${mode}`, async () => {
    const target = await assignmentTarget();
    if (mode !== "immediate (moto)") standin.setAsync({ polls: 1 });
    const writer = createIdentityCenterWriter(clients, inst);
    faults.loseNextReply("CreateAccountAssignment");
    const created = await writer.startCreateAssignment(target);
    assert.equal(created.status, "SUCCEEDED", "found in place: nothing to poll");
    assert.equal(await assignmentsNow(target), 1);
    assert.deepEqual(await findDuplicates(moto.endpoint, REGION), []);

    faults.loseNextReply("DeleteAccountAssignment");
    const deleted = await writer.startDeleteAssignment(target);
    assert.equal(deleted.status, "SUCCEEDED");
    assert.equal(await assignmentsNow(target), 0);
    assert.equal(lost(), 2);
  });
}

test("a create AWS refused with a 5xx before doing it is sent again and made once", async () => {
  const writer = createIdentityCenterWriter(clients, inst);
  faults.failNext("CreateUser", 2);
  faults.failNext("CreatePermissionSet");
  const userId = await writer.createUser(dave);
  const arn = await writer.createPermissionSet(psSpec("ps1"));
  assert.equal(faults.counts()["server-error"], 3);
  const users = await direct.ids.listUsers({ IdentityStoreId: inst.identityStoreId });
  assert.deepEqual(
    users.Users?.map((u) => u.UserId),
    [userId],
  );
  const sets = await direct.sso.listPermissionSets({ InstanceArn: inst.instanceArn });
  assert.deepEqual(sets.PermissionSets, [arn]);
});

test("deletes whose reply is lost are done: membership, user, group, detach, permission set", async () => {
  const writer = createIdentityCenterWriter(clients, inst);
  const userId = await writer.createUser(dave);
  const groupId = await writer.createGroup("platform", "");
  await writer.addMember(groupId, userId);
  const spec = psSpec("ps1", { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
  const arn = await writer.createPermissionSet(spec);
  for (const op of [
    "DeleteGroupMembership",
    "DeleteUser",
    "DeleteGroup",
    "DetachManagedPolicyFromPermissionSet",
    "DeletePermissionSet",
  ]) {
    faults.loseNextReply(op);
  }
  await writer.removeMember(groupId, userId);
  await writer.deleteUser(userId);
  await writer.deleteGroup(groupId);
  await writer.updatePermissionSet(arn, spec, { ...spec, managedPolicies: [] }, ["managedPolicies"]);
  await writer.deletePermissionSet(arn);
  assert.equal(lost(), 5);
  const sets = await direct.sso.listPermissionSets({ InstanceArn: inst.instanceArn });
  assert.deepEqual(sets.PermissionSets, []);
  const users = await direct.ids.listUsers({ IdentityStoreId: inst.identityStoreId });
  assert.deepEqual(users.Users, []);
});

test("a create that finds something else under its name fails clearly instead of claiming it", async () => {
  await direct.ids.createUser({
    IdentityStoreId: inst.identityStoreId,
    UserName: "dave",
    DisplayName: "Another Dave",
    Name: { GivenName: "Dave", FamilyName: "Other" },
  });
  const writer = createIdentityCenterWriter(clients, inst);
  faults.loseNextReply("CreateUser");
  const err = await writer.createUser(dave).catch((e: unknown) => e);
  assert.ok(err instanceof KeylessError, String(err));
  assert.match(err.message, /user "dave" already exists with a different displayName, familyName, email/);
  assert.match(err.hint ?? "", /keyless plan/);
});
