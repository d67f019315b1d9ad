/**
 * What the stand-in offers benchmarks at organisation scale: async operations with a latency (an
 * operation stays IN_PROGRESS until both its polls and its time have passed, by the stand-in's
 * injected clock, so nothing here waits on the real clock), seedProvisioned, and assignments seeded
 * in bulk that the two assignment list calls answer together with moto's own.
 */
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

test("latencyMs: IN_PROGRESS until the stand-in's clock passes the latency, whatever the polls", async () => {
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  const arn = await writer.createPermissionSet(psSpec("ps1"));
  const userId = await writer.createUser({
    userName: "dave",
    displayName: "Dave",
    givenName: "Dave",
    familyName: "E",
    email: "dave@example.com",
  });
  let now = 1_000_000;
  h.proxy.setAsync({ polls: 1, latencyMs: 5000, now: () => now });
  const op = await writer.startCreateAssignment({
    principalType: "USER",
    principalId: userId,
    permissionSetArn: arn,
    accountId: "111111111111",
  });
  assert.equal(op.status, "IN_PROGRESS");
  const seen: string[] = [];
  for (const t of [0, 1000, 4999, 5000]) {
    now = 1_000_000 + t;
    seen.push((await writer.assignmentCreationStatus(op.requestId)).status);
  }
  assert.deepEqual(seen, ["IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]);
});

test("latencyMs: the polls still count when the time has passed", async () => {
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  const arn = await writer.createPermissionSet(psSpec("ps1"));
  let now = 0;
  h.proxy.setAsync({ polls: 2, latencyMs: 10, now: () => now });
  const op = await writer.startProvisioning(arn, "ALL_PROVISIONED_ACCOUNTS");
  now = 1000;
  const seen: string[] = [];
  for (let i = 0; i < 3; i++) seen.push((await writer.provisioningStatus(op.requestId)).status);
  assert.deepEqual(seen, ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]);
});

test("seedProvisioned: the accounts are listed as provisioned, with paging", async () => {
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  const arn = await writer.createPermissionSet(psSpec("ps1"));
  const accounts = Array.from({ length: 150 }, (_, i) => String(100000000000 + i));
  h.proxy.seedProvisioned(arn, accounts);
  const first = await h.clients.ssoAdmin.listAccountsForProvisionedPermissionSet({
    InstanceArn: h.inst.instanceArn,
    PermissionSetArn: arn,
    MaxResults: 100,
  });
  assert.equal(first.AccountIds?.length, 100);
  const second = await h.clients.ssoAdmin.listAccountsForProvisionedPermissionSet({
    InstanceArn: h.inst.instanceArn,
    PermissionSetArn: arn,
    MaxResults: 100,
    NextToken: first.NextToken,
  });
  assert.deepEqual([...(first.AccountIds ?? []), ...(second.AccountIds ?? [])], accounts);
  assert.equal(second.NextToken, undefined);
});

test("seedAssignments: listed with moto's own (moto's first), paged at MaxResults, accounts provisioned", async () => {
  const writer = createIdentityCenterWriter(h.clients, h.inst);
  const arn = await writer.createPermissionSet(psSpec("ps1"));
  const groupId = await writer.createGroup("platform", "");
  await writer.startCreateAssignment({
    principalType: "GROUP",
    principalId: groupId,
    permissionSetArn: arn,
    accountId: "111111111111",
  });
  const accounts = Array.from({ length: 250 }, (_, i) => String(200000000000 + i));
  h.proxy.seedAssignments(
    accounts.map((accountId) => ({
      permissionSetArn: arn,
      accountId,
      principalType: "GROUP",
      principalId: groupId,
    })),
  );
  const sa = h.clients.ssoAdmin;
  const InstanceArn = h.inst.instanceArn;
  const seen: string[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const page = await sa.listAccountAssignmentsForPrincipal({
      InstanceArn,
      PrincipalId: groupId,
      PrincipalType: "GROUP",
      MaxResults: 100,
      NextToken,
    });
    seen.push(...(page.AccountAssignments ?? []).map((a) => a.AccountId ?? ""));
    NextToken = page.NextToken;
    pages += 1;
  } while (NextToken);
  assert.equal(pages, 3);
  assert.deepEqual(seen, ["111111111111", ...accounts]);

  const pair = await sa.listAccountAssignments({
    InstanceArn,
    PermissionSetArn: arn,
    AccountId: accounts[7],
  });
  assert.deepEqual(pair.AccountAssignments, [
    { AccountId: accounts[7], PermissionSetArn: arn, PrincipalType: "GROUP", PrincipalId: groupId },
  ]);
  const filtered = await sa.listAccountAssignmentsForPrincipal({
    InstanceArn,
    PrincipalId: groupId,
    PrincipalType: "GROUP",
    Filter: { AccountId: accounts[3] },
  });
  assert.deepEqual(
    filtered.AccountAssignments?.map((a) => a.AccountId),
    [accounts[3]],
  );
  const provisioned = await sa.listAccountsForProvisionedPermissionSet({
    InstanceArn,
    PermissionSetArn: arn,
    MaxResults: 100,
  });
  assert.equal(provisioned.AccountIds?.[0], "111111111111");
  const tooMany = await sa
    .listAccountAssignments({ InstanceArn, PermissionSetArn: arn, AccountId: accounts[0], MaxResults: 101 })
    .catch((e: { name?: string }) => e.name);
  assert.equal(tooMany, "ValidationException");
});
