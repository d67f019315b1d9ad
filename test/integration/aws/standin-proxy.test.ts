/** The stand-in itself, driven through the real SDK: it must answer like AWS does. */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { createIdentityCenterWriter } from "../../../src/aws/identity-center-writer.ts";
import { type Harness, psSpec, startHarness } from "./harness.ts";

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

const errName = async (p: Promise<unknown>) =>
  p.then(
    () => "no error",
    (e: { name?: string }) => e.name,
  );

test("permissions boundary: none is ResourceNotFoundException; invalid input is ValidationException", async () => {
  const sa = h.clients.ssoAdmin;
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  const arn = await writer.createPermissionSet(psSpec("ps1"));
  const base = { InstanceArn: h.inst.instanceArn, PermissionSetArn: arn };
  assert.equal(await errName(sa.getPermissionsBoundaryForPermissionSet(base)), "ResourceNotFoundException");
  assert.equal(
    await errName(sa.deletePermissionsBoundaryFromPermissionSet(base)),
    "ResourceNotFoundException",
  );
  assert.equal(
    await errName(
      sa.putPermissionsBoundaryToPermissionSet({
        ...base,
        PermissionsBoundary: {
          ManagedPolicyArn: "arn:aws:iam::aws:policy/X",
          CustomerManagedPolicyReference: { Name: "Y" },
        },
      }),
    ),
    "ValidationException",
  );
  await sa.putPermissionsBoundaryToPermissionSet({
    ...base,
    PermissionsBoundary: { CustomerManagedPolicyReference: { Name: "B" } },
  });
  const got = await sa.getPermissionsBoundaryForPermissionSet(base);
  assert.deepEqual(got.PermissionsBoundary, { CustomerManagedPolicyReference: { Name: "B", Path: "/" } });
  // Unknown permission set: moto's own ResourceNotFoundException is relayed.
  assert.equal(
    await errName(
      sa.getPermissionsBoundaryForPermissionSet({ ...base, PermissionSetArn: `${arn.slice(0, -4)}zzzz` }),
    ),
    "ResourceNotFoundException",
  );
});

test("tags: set at creation, tag/untag, validation, unknown resource", async () => {
  const sa = h.clients.ssoAdmin;
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  const arn = await writer.createPermissionSet(psSpec("ps1", { tags: { a: "1" } }));
  const base = { InstanceArn: h.inst.instanceArn, ResourceArn: arn };
  await sa.tagResource({ ...base, Tags: [{ Key: "b", Value: "2" }] });
  await sa.untagResource({ ...base, TagKeys: ["a"] });
  assert.deepEqual((await sa.listTagsForResource(base)).Tags, [{ Key: "b", Value: "2" }]);
  assert.equal(
    await errName(sa.tagResource({ ...base, Tags: [{ Key: "", Value: "x" }] })),
    "ValidationException",
  );
  assert.equal(
    await errName(sa.listTagsForResource({ ...base, ResourceArn: `${arn.slice(0, -4)}zzzz` })),
    "ResourceNotFoundException",
  );
});

test("provisioned accounts come from assignments, with the ProvisioningStatus filter and paging", async () => {
  const sa = h.clients.ssoAdmin;
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  const arn = await writer.createPermissionSet(psSpec("ps1"));
  const userId = await writer.createUser({
    userName: "u",
    displayName: "U",
    givenName: "U",
    familyName: "U",
    email: "u@example.com",
  });
  for (const accountId of ["111111111111", "222222222222", "333333333333"]) {
    await writer.startCreateAssignment({
      principalType: "USER",
      principalId: userId,
      permissionSetArn: arn,
      accountId,
    });
  }
  h.proxy.markStale(arn, "222222222222");
  const base = { InstanceArn: h.inst.instanceArn, PermissionSetArn: arn };
  const page1 = await sa.listAccountsForProvisionedPermissionSet({ ...base, MaxResults: 2 });
  assert.deepEqual(page1.AccountIds, ["111111111111", "222222222222"]);
  const page2 = await sa.listAccountsForProvisionedPermissionSet({
    ...base,
    MaxResults: 2,
    NextToken: page1.NextToken,
  });
  assert.deepEqual([page2.AccountIds, page2.NextToken], [["333333333333"], undefined]);
  const stale = await sa.listAccountsForProvisionedPermissionSet({
    ...base,
    ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED",
  });
  assert.deepEqual(stale.AccountIds, ["222222222222"]);
  const fresh = await sa.listAccountsForProvisionedPermissionSet({
    ...base,
    ProvisioningStatus: "LATEST_PERMISSION_SET_PROVISIONED",
  });
  assert.deepEqual(fresh.AccountIds, ["111111111111", "333333333333"]);
  const toAccount = await sa.listPermissionSetsProvisionedToAccount({
    InstanceArn: h.inst.instanceArn,
    AccountId: "222222222222",
  });
  assert.deepEqual(toAccount.PermissionSets, [arn]);
  // Provisioning one account clears its staleness.
  const op = await writer.startProvisioning(arn, "222222222222");
  assert.equal((await writer.provisioningStatus(op.requestId)).status, "SUCCEEDED");
  const after = await sa.listAccountsForProvisionedPermissionSet({
    ...base,
    ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED",
  });
  assert.deepEqual(after.AccountIds, []);
});

test("identitystore: UpdateUser validates multi-valued attributes; GetGroupMembershipId of a non-member", async () => {
  const is = h.clients.identityStore;
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  const userId = await writer.createUser({
    userName: "u",
    displayName: "U",
    givenName: "U",
    familyName: "U",
    email: "u@example.com",
  });
  const groupId = await writer.createGroup("g", "");
  const IdentityStoreId = h.inst.identityStoreId;
  assert.equal(
    await errName(
      is.updateUser({
        IdentityStoreId,
        UserId: userId,
        Operations: [{ AttributePath: "emails", AttributeValue: "x@y" }],
      }),
    ),
    "ValidationException",
  );
  assert.equal(
    await errName(
      is.getGroupMembershipId({ IdentityStoreId, GroupId: groupId, MemberId: { UserId: userId } }),
    ),
    "ResourceNotFoundException",
  );
  await writer.updateGroup(groupId, "described");
  assert.equal((await is.describeGroup({ IdentityStoreId, GroupId: groupId })).Description, "described");
  await writer.updateGroup(groupId, "");
  assert.equal((await is.describeGroup({ IdentityStoreId, GroupId: groupId })).Description, undefined);
});

test("calls() records every target in order; failNext counts down; unknown targets reach moto", async () => {
  h.proxy.clearCalls();
  h.proxy.failNext(
    "SWBExternalService.ListPermissionSets",
    { status: 400, type: "AccessDeniedException", message: "no" },
    2,
  );
  const sa = h.clients.ssoAdmin;
  const InstanceArn = h.inst.instanceArn;
  assert.equal(await errName(sa.listPermissionSets({ InstanceArn })), "AccessDeniedException");
  assert.equal(await errName(sa.listPermissionSets({ InstanceArn })), "AccessDeniedException");
  assert.deepEqual((await sa.listPermissionSets({ InstanceArn })).PermissionSets, []);
  assert.deepEqual(h.proxy.calls(), [
    "SWBExternalService.ListPermissionSets",
    "SWBExternalService.ListPermissionSets",
    "SWBExternalService.ListPermissionSets",
  ]);
});
