/**
 * The readers behind `keyless import` and the plan's account check, against moto behind the Identity
 * Center stand-in, through the real SDK: the whole inventory (ExternalIds included), permission sets in
 * full (boundary and tags from the stand-in), the organization's tree, and what happens when
 * Organizations is out of reach. None of them writes.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { readOrganizationAccounts } from "../../../src/aws/organization-accounts.ts";
import { readDetails, readInventory } from "../../../src/aws/read-import.ts";
import { readOrganizationTree } from "../../../src/aws/read-import-org.ts";
import { createOrganization } from "../../helpers/org-fixture.ts";
import { type Harness, startHarness, WRITE_OPERATION } from "./harness.ts";

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

describe("import readers", () => {
  test("inventory and details: users with ExternalIds, members, every assignment, a set in full", async () => {
    const ids = h.clients.identityStore;
    const sso = h.clients.ssoAdmin;
    const IdentityStoreId = h.inst.identityStoreId;
    const InstanceArn = h.inst.instanceArn;
    const user = async (UserName: string) =>
      (
        await ids.createUser({
          IdentityStoreId,
          UserName,
          DisplayName: UserName,
          Name: { GivenName: UserName, FamilyName: "X" },
          Emails: [{ Value: `${UserName}@example.com`, Primary: true }],
        })
      ).UserId!;
    const alice = await user("alice");
    const synced = await user("okta.bob");
    h.proxy.markExternal(synced);
    const GroupId = (await ids.createGroup({ IdentityStoreId, DisplayName: "ops", Description: "Ops" }))
      .GroupId!;
    await ids.createGroupMembership({ IdentityStoreId, GroupId, MemberId: { UserId: alice } });
    const arn = (
      await sso.createPermissionSet({
        InstanceArn,
        Name: "ops",
        Description: "d",
        SessionDuration: "PT4H",
        Tags: [{ Key: "team", Value: "ops" }],
      })
    ).PermissionSet!.PermissionSetArn!;
    const base = { InstanceArn, PermissionSetArn: arn };
    await sso.putInlinePolicyToPermissionSet({
      ...base,
      InlinePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      }),
    });
    await sso.putPermissionsBoundaryToPermissionSet({
      ...base,
      PermissionsBoundary: { CustomerManagedPolicyReference: { Name: "Fence" } },
    });
    for (const [PrincipalType, PrincipalId, TargetId] of [
      ["GROUP", GroupId, "111111111111"],
      ["USER", synced, "222222222222"],
    ] as const)
      await sso.createAccountAssignment({
        ...base,
        PrincipalType,
        PrincipalId,
        TargetType: "AWS_ACCOUNT",
        TargetId,
      });
    h.proxy.clearCalls();

    const progress: string[] = [];
    const inv = await readInventory(h.clients, h.inst, { onProgress: (m) => progress.push(m) });
    assert.deepEqual(
      inv.users.map((u) => [u.userName, u.external]),
      [
        ["alice", false],
        ["okta.bob", true],
      ],
    );
    assert.deepEqual(inv.groups, [{ groupId: GroupId, name: "ops", description: "Ops", external: false }]);
    assert.deepEqual(inv.permissionSets, [{ arn, name: "ops" }]);
    assert.deepEqual(
      inv.assignments.map((a) => `${a.principalType} ${a.accountId}`),
      ["GROUP 111111111111", "USER 222222222222"],
    );
    assert.deepEqual(progress.at(-1), "Read 2 account assignments");

    const details = await readDetails(h.clients, h.inst, {
      permissionSets: inv.permissionSets,
      groupIds: [GroupId],
    });
    assert.deepEqual(details.members.get(GroupId), [alice]);
    assert.deepEqual(details.specs.get(arn), {
      name: "ops",
      description: "d",
      sessionDuration: "PT4H",
      relayState: "",
      inlinePolicy:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      managedPolicies: [],
      customerManagedPolicies: [],
      permissionsBoundary: { kind: "customer", name: "Fence", path: "/" },
      tags: { team: "ops" },
    });
    assert.deepEqual(
      h.proxy.calls().filter((c) => WRITE_OPERATION.test(c)),
      [],
    );
  });

  test("the organization tree: nested OUs, every account with its parent, name and status", async () => {
    const org = await createOrganization(h.moto.endpoint, {
      accounts: ["a", "b", "top"],
      ous: { workloads: { accounts: ["a"] }, prod: { parent: "workloads", accounts: ["b"] } },
    });
    const tree = await readOrganizationTree(h.clients);
    assert.ok(tree.ok);
    assert.equal(tree.organization.rootId, org.rootId);
    assert.deepEqual(
      tree.organization.units.map((u) => [u.name, u.parentId]).sort(),
      [
        ["prod", org.ous.workloads],
        ["workloads", org.rootId],
      ].sort(),
    );
    const byName = new Map(tree.organization.accounts.map((a) => [a.name, a]));
    assert.deepEqual(byName.get("b"), {
      id: org.accounts.b,
      name: "b",
      status: "ACTIVE",
      parentId: org.ous.prod,
    });
    assert.equal(byName.get("top")?.parentId, org.rootId);
    const statuses = await readOrganizationAccounts(h.clients);
    assert.ok(statuses.ok);
    assert.equal(statuses.accounts[org.accounts.a!], "ACTIVE");
  });

  test("no organization, or no permission to read it: a reason instead of an error", async () => {
    const tree = await readOrganizationTree(h.clients);
    assert.deepEqual(tree, { ok: false, reason: "the account is not part of an AWS Organization" });
    // moto lists no account outside an organization (AWS raises AWSOrganizationsNotInUseException).
    assert.equal((await readOrganizationAccounts(h.clients)).ok, false);
    await createOrganization(h.moto.endpoint, { accounts: ["a"] });
    const denied = { status: 400, type: "AccessDeniedException", message: "not allowed" };
    h.proxy.failNext("ListRoots", denied);
    h.proxy.failNext("ListAccounts", denied);
    assert.deepEqual(await readOrganizationTree(h.clients), {
      ok: false,
      reason: "the credentials may not list the organization (organizations:List*)",
    });
    assert.deepEqual(await readOrganizationAccounts(h.clients), {
      ok: false,
      reason: "the credentials may not call organizations:ListAccounts",
    });
  });
});
