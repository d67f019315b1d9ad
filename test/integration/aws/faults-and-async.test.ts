import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { createIdentityCenterWriter } from "../../../src/aws/identity-center-writer.ts";
import { discoverInstance } from "../../../src/aws/instance.ts";
import { readActual } from "../../../src/aws/read-actual.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { emptyDesired, type Harness, psSpec, startHarness, WRITE_OPERATION } from "./harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});
beforeEach(async () => {
  await h.reset();
});

const dave = {
  userName: "dave",
  displayName: "Dave",
  givenName: "Dave",
  familyName: "E",
  email: "dave@example.com",
};

async function accountsOf(arn: string): Promise<string[]> {
  const res = await h.clients.ssoAdmin.listAccountsForProvisionedPermissionSet({
    InstanceArn: h.inst.instanceArn,
    PermissionSetArn: arn,
  });
  return res.AccountIds ?? [];
}

async function setupAssignment() {
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  const arn = await writer.createPermissionSet(psSpec("ps1"));
  const userId = await writer.createUser(dave);
  return {
    writer,
    arn,
    target: {
      principalType: "USER" as const,
      principalId: userId,
      permissionSetArn: arn,
      accountId: "111111111111",
    },
  };
}

test("discoverInstance: no instance → IDENTITY_CENTER_NOT_ENABLED with the one console step", async () => {
  h.proxy.setNoInstance(true);
  const err = await discoverInstance(h.clients).catch((e: unknown) => e);
  assert.ok(err instanceof KeylessError);
  assert.equal(err.code, "IDENTITY_CENTER_NOT_ENABLED");
  assert.match(err.hint ?? "", /management account/);
  assert.match(err.hint ?? "", /Enable/);
  assert.match(err.hint ?? "", /start URL/);
  assert.equal(err.exitCode, 69);
  // readActual surfaces the same error.
  await assert.rejects(readActual(h.clients, emptyDesired()), { code: "IDENTITY_CENTER_NOT_ENABLED" });
});

test("discoverInstance: a given instanceArn that does not exist is a config error listing what exists", async () => {
  const err = await discoverInstance(h.clients, {
    instanceArn: "arn:aws:sso:::instance/ssoins-0000000000000000",
  }).catch((e: unknown) => e);
  assert.ok(err instanceof KeylessError);
  assert.equal(err.code, "CONFIG_INVALID");
  assert.ok(err.details.some((d) => d.includes(h.inst.instanceArn)));
});

test("AccessDenied maps to AWS_ACCESS_DENIED naming the IAM action, and nothing is written", async () => {
  h.proxy.failNext("AWSIdentityStore.ListUsers", {
    status: 400,
    type: "AccessDeniedException",
    message:
      "User: arn:aws:sts::123456789012:assumed-role/x is not authorized to perform: identitystore:ListUsers",
  });
  // A file naming a user in a small store: the store is listed (cheaper than looking the name up).
  const desired = emptyDesired({ users: [{ ...dave, remove: false, external: false }] });
  const err = await readActual(h.clients, desired).catch((e: unknown) => e);
  assert.ok(err instanceof KeylessError, String(err));
  assert.equal(err.code, "AWS_ACCESS_DENIED");
  assert.match(err.message, /ListUsers/);
  assert.match(err.hint ?? "", /identitystore:ListUsers/);
  assert.doesNotMatch(`${err.message} ${err.hint}`, /Signature=|Credential=/);
  assert.deepEqual(
    h.proxy.calls().filter((c) => WRITE_OPERATION.test(c)),
    [],
  );
});

test("other service errors map to AWS_ERROR with the operation name", async () => {
  const { writer } = await setupAssignment();
  h.proxy.failNext("CreatePermissionSet", { status: 400, type: "ConflictException", message: "busy" });
  const err = await writer.createPermissionSet(psSpec("ps2")).catch((e: unknown) => e);
  assert.ok(err instanceof KeylessError);
  assert.equal(err.code, "AWS_ERROR");
  assert.match(err.message, /CreatePermissionSet failed \(ConflictException\): busy/);
  assert.ok(err.hint);
});

test("throttling is retried by the SDK: one logical call, several attempts", async () => {
  h.proxy.failNext(
    "ListPermissionSets",
    { status: 400, type: "ThrottlingException", message: "Rate exceeded" },
    2,
  );
  const before = h.clients.callCounts()["sso-admin.ListPermissionSets"] ?? 0;
  h.proxy.clearCalls();
  const actual = await readActual(h.clients, emptyDesired());
  assert.deepEqual(actual.permissionSets, []);
  assert.equal(h.proxy.calls().filter((c) => c === "SWBExternalService.ListPermissionSets").length, 3);
  assert.equal(h.clients.callCounts()["sso-admin.ListPermissionSets"], before + 1);
});

test("call counts are per operation", async () => {
  const counts0 = h.clients.callCounts();
  await readActual(h.clients, emptyDesired({ users: [{ ...dave, remove: false, external: false }] }));
  const counts1 = h.clients.callCounts();
  const delta = (k: string) => (counts1[k] ?? 0) - (counts0[k] ?? 0);
  assert.equal(delta("sso-admin.ListInstances"), 1);
  assert.equal(delta("identitystore.ListUsers"), 1);
  assert.equal(delta("identitystore.ListGroups"), 1);
  assert.equal(delta("sso-admin.ListPermissionSets"), 1);
  assert.equal(delta("sso-admin.DescribePermissionSet"), 0);
});

test("a file that manages nothing reads no identity store and no assignment", async () => {
  const counts0 = h.clients.callCounts();
  await readActual(h.clients, emptyDesired());
  const counts1 = h.clients.callCounts();
  const made = Object.entries(counts1)
    .map(([k, n]) => [k, n - (counts0[k] ?? 0)] as const)
    .filter(([, n]) => n > 0);
  assert.deepEqual(Object.fromEntries(made), {
    "sso-admin.ListInstances": 1,
    "sso-admin.ListPermissionSets": 1,
  });
});

test("async assignment creation: IN_PROGRESS for N polls, then SUCCEEDED", async () => {
  const { writer, target } = await setupAssignment();
  h.proxy.setAsync({ polls: 2 });
  const op = await writer.startCreateAssignment(target);
  assert.equal(op.status, "IN_PROGRESS");
  const seen = [];
  for (let i = 0; i < 3; i++) seen.push((await writer.assignmentCreationStatus(op.requestId)).status);
  assert.deepEqual(seen, ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]);
});

test("async failure: FAILED with the failure reason, and nothing changed", async () => {
  const { writer, target, arn } = await setupAssignment();
  h.proxy.setAsync({
    polls: 1,
    fail: { op: "CreateAccountAssignment", reason: "Role quota exceeded in 111111111111" },
  });
  const op = await writer.startCreateAssignment(target);
  assert.equal(op.status, "IN_PROGRESS");
  assert.equal((await writer.assignmentCreationStatus(op.requestId)).status, "IN_PROGRESS");
  assert.deepEqual(await writer.assignmentCreationStatus(op.requestId), {
    requestId: op.requestId,
    status: "FAILED",
    failureReason: "Role quota exceeded in 111111111111",
  });
  h.proxy.setAsync(null);
  const actual = await readActual(h.clients, emptyDesired({ permissionSets: [psSpec("ps1")] }));
  assert.deepEqual(actual.assignments, []);
  assert.deepEqual(await accountsOf(arn), []);
});

test("async provisioning and deletion report through the writer", async () => {
  const { writer, target, arn } = await setupAssignment();
  await writer.startCreateAssignment(target);
  h.proxy.setAsync({ polls: 1, fail: { op: "ProvisionPermissionSet", reason: "Account is suspended" } });
  const prov = await writer.startProvisioning(arn, "111111111111");
  assert.equal(prov.status, "IN_PROGRESS");
  assert.equal((await writer.provisioningStatus(prov.requestId)).status, "IN_PROGRESS");
  assert.deepEqual(await writer.provisioningStatus(prov.requestId), {
    requestId: prov.requestId,
    status: "FAILED",
    failureReason: "Account is suspended",
  });
  h.proxy.setAsync({ polls: 1 });
  const del = await writer.startDeleteAssignment(target);
  assert.equal(del.status, "IN_PROGRESS");
  assert.equal((await writer.assignmentDeletionStatus(del.requestId)).status, "IN_PROGRESS");
  assert.equal((await writer.assignmentDeletionStatus(del.requestId)).status, "SUCCEEDED");
});

test("an unknown provisioning request id is ResourceNotFound → AWS_ERROR", async () => {
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  await assert.rejects(writer.provisioningStatus("00000000-0000-0000-0000-000000000000"), {
    code: "AWS_ERROR",
    message: /DescribePermissionSetProvisioningStatus failed \(ResourceNotFoundException\)/,
  });
});
