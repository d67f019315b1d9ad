/**
 * Access AWS holds that keyless.yaml does not grant is never "No changes": an extra member of a
 * managed group, an extra assignment of a managed permission set, and an account that left an OU
 * target but kept its assignments. The built CLI as CI runs it (`plan --detailed-exitcode`), after
 * someone changed AWS behind keyless's back with the plain AWS SDK.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import {
  CreateGroupMembershipCommand,
  CreateUserCommand,
  IdentitystoreClient,
  ListGroupsCommand,
} from "@aws-sdk/client-identitystore";
import {
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import {
  CreateAccountAssignmentCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { type AdminWorld, REGION, startAdminWorld } from "./admin-harness.ts";

let w: AdminWorld;

before(async () => {
  w = await startAdminWorld();
});
after(async () => {
  await w?.stop();
});
beforeEach(async () => {
  await w.reset();
});

const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const client = <T>(C: new (c: object) => T): T =>
  new C({ region: REGION, endpoint: w.proxy.endpoint, credentials });

async function instance(): Promise<{ instanceArn: string; identityStoreId: string }> {
  const sso = client(SSOAdminClient);
  const i = (await sso.send(new ListInstancesCommand({}))).Instances?.[0];
  sso.destroy();
  return { instanceArn: i?.InstanceArn ?? "", identityStoreId: i?.IdentityStoreId ?? "" };
}

/** A user keyless.yaml does not name, created straight in the identity store. */
async function createMallory(identityStoreId: string): Promise<string> {
  const ids = client(IdentitystoreClient);
  const user = await ids.send(
    new CreateUserCommand({
      IdentityStoreId: identityStoreId,
      UserName: "mallory",
      DisplayName: "Mallory",
      Name: { GivenName: "Mallory", FamilyName: "M" },
    }),
  );
  ids.destroy();
  return user.UserId ?? "";
}

async function applied(): Promise<void> {
  const r = await w.keyless(["apply", "--auto-approve"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const clean = await w.keyless(["plan", "--detailed-exitcode"]);
  assert.equal(clean.code, 0, clean.stdout);
}

describe("plan --detailed-exitcode with access keyless.yaml does not grant", () => {
  test("an extra member of a managed group: exit 3, and the summary says so", async () => {
    await applied();
    const { identityStoreId } = await instance();
    const mallory = await createMallory(identityStoreId);
    const ids = client(IdentitystoreClient);
    const groups = await ids.send(new ListGroupsCommand({ IdentityStoreId: identityStoreId }));
    const group = groups.Groups?.find((g) => g.DisplayName === "platform-engineers");
    await ids.send(
      new CreateGroupMembershipCommand({
        IdentityStoreId: identityStoreId,
        GroupId: group?.GroupId,
        MemberId: { UserId: mallory },
      }),
    );
    ids.destroy();
    w.proxy.clearCalls();

    const r = await w.keyless(["plan", "--detailed-exitcode"]);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /No changes\./);
    assert.match(r.stdout, /No changes to apply, but AWS has what keyless\.yaml does not declare\./);
    assert.match(
      r.stdout,
      /Not in keyless\.yaml: 1 group member \(access keyless\.yaml does not grant\)\. apply keeps it; keyless apply --prune deletes it\./,
    );
    const json = await w.keyless(["plan", "--json", "--detailed-exitcode"]);
    assert.equal(json.code, 3, json.stderr);
    const plan = JSON.parse(json.stdout);
    assert.equal(plan.summary.prune_candidates, 1);
    assert.equal(plan.prune_candidates[0].kind, "membership");
    // With --prune the deletion is a change: Terraform's 2.
    assert.equal((await w.keyless(["plan", "--prune", "--detailed-exitcode"])).code, 2);
    assert.deepEqual(w.writeCalls(), []);
  });

  test("an extra assignment of a managed permission set: exit 3", async () => {
    await applied();
    const { instanceArn, identityStoreId } = await instance();
    const mallory = await createMallory(identityStoreId);
    const sso = client(SSOAdminClient);
    const sets = await sso.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn }));
    await sso.send(
      new CreateAccountAssignmentCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: sets.PermissionSets?.[0],
        PrincipalType: "USER",
        PrincipalId: mallory,
        TargetType: "AWS_ACCOUNT",
        TargetId: w.org.accounts.prod,
      }),
    );
    sso.destroy();
    const r = await w.keyless(["plan", "--detailed-exitcode"]);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /Not in keyless\.yaml: 1 assignment \(access keyless\.yaml does not grant\)/);
    assert.match(
      r.stdout,
      new RegExp(`- assignment\\["user:mallory", "terraform-core", "${w.org.accounts.prod}"\\]`),
    );
  });

  test("an account that left an OU target keeps its access until --prune: exit 3", async () => {
    const org = client(OrganizationsClient);
    const rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? "";
    const ou = await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "workloads" }));
    const ouId = ou.OrganizationalUnit?.Id ?? "";
    const dev = w.org.accounts.dev ?? "";
    await org.send(
      new MoveAccountCommand({ AccountId: dev, SourceParentId: rootId, DestinationParentId: ouId }),
    );
    await w.writeConfig(
      w
        .config()
        .replace("accounts:\n", `organizationalUnits:\n  workloads: ${ouId}\naccounts:\n`)
        .replace("targets: [dev, prod]", "targets: [ou:workloads]"),
    );
    await applied();

    await org.send(
      new MoveAccountCommand({ AccountId: dev, SourceParentId: ouId, DestinationParentId: rootId }),
    );
    org.destroy();
    const r = await w.keyless(["plan", "--detailed-exitcode"]);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`- assignment\\["group:platform-engineers", "terraform-core", "${dev}"\\]`),
    );
    assert.match(r.stdout, /Not in keyless\.yaml: 1 assignment/);
  });

  test("changes and prune candidates together: 2, the Plan line and the prune line", async () => {
    await applied();
    const { identityStoreId } = await instance();
    const mallory = await createMallory(identityStoreId);
    const ids = client(IdentitystoreClient);
    const groups = await ids.send(new ListGroupsCommand({ IdentityStoreId: identityStoreId }));
    await ids.send(
      new CreateGroupMembershipCommand({
        IdentityStoreId: identityStoreId,
        GroupId: groups.Groups?.[0]?.GroupId,
        MemberId: { UserId: mallory },
      }),
    );
    ids.destroy();
    await w.writeConfig(w.config("A new description"));
    const r = await w.keyless(["plan", "--detailed-exitcode"]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /Plan: 0 to add, 1 to change, 0 to delete\.\nNot in keyless\.yaml: 1 group member/,
    );
  });
});
