import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import {
  describeOrganization,
  listOrganizationAccounts,
  readOuAccounts,
} from "../../../src/aws/organizations.ts";
import { readActual } from "../../../src/aws/read-actual.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { emptyDesired, type Harness, startHarness } from "./harness.ts";

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

async function account(name: string, parentId: string, rootId: string): Promise<string> {
  const org = h.clients.organizations;
  const res = await org.createAccount({ AccountName: name, Email: `${name}@example.com` });
  const id = res.CreateAccountStatus?.AccountId;
  assert.ok(id, "moto returns the new account id at once");
  if (parentId !== rootId) {
    await org.moveAccount({ AccountId: id, SourceParentId: rootId, DestinationParentId: parentId });
  }
  return id;
}

test("readOuAccounts includes accounts of nested OUs; listOrganizationAccounts lists all", async () => {
  const org = h.clients.organizations;
  await org.createOrganization({ FeatureSet: "ALL" });
  const rootId = (await org.listRoots({})).Roots?.[0]?.Id;
  assert.ok(rootId);
  const ou = async (name: string, parent: string) =>
    (await org.createOrganizationalUnit({ ParentId: parent, Name: name })).OrganizationalUnit!.Id!;
  const workloads = await ou("workloads", rootId);
  const prod = await ou("prod", workloads);
  const deep = await ou("deep", prod);
  const sandbox = await ou("sandbox", rootId);
  const a = await account("a", workloads, rootId);
  const b = await account("b", prod, rootId);
  const c = await account("c", deep, rootId);
  const d = await account("d", sandbox, rootId);
  const top = await account("top", rootId, rootId);

  const got = await readOuAccounts(h.clients, [workloads, prod, sandbox, rootId]);
  assert.deepEqual(got[workloads], [a, b, c].sort());
  assert.deepEqual(got[prod], [b, c].sort());
  assert.deepEqual(got[sandbox], [d]);
  // The root holds every account, the management account included.
  for (const id of [a, b, c, d, top]) assert.ok(got[rootId]?.includes(id));

  const all = await listOrganizationAccounts(h.clients);
  for (const [id, name] of [
    [a, "a"],
    [top, "top"],
  ] as const) {
    assert.deepEqual(
      all.find((x) => x.id === id),
      { id, name, email: `${name}@example.com`, status: "ACTIVE" },
    );
  }
  assert.ok((await describeOrganization(h.clients)).id.startsWith("o-"));

  // readActual expands the OUs named in the file.
  const actual = await readActual(h.clients, emptyDesired({ organizationalUnits: { workloads, sandbox } }));
  assert.deepEqual(actual.ouAccounts, { [workloads]: [a, b, c].sort(), [sandbox]: [d] });
});

test("no organization or unknown OU: clear errors; readActual without OUs never calls Organizations", async () => {
  // moto answers ParentNotFoundException for an unknown parent...
  const missing = await readOuAccounts(h.clients, ["ou-ab12-cdef3456"]).catch((e: unknown) => e);
  assert.ok(missing instanceof KeylessError);
  assert.equal(missing.code, "AWS_ERROR");
  // Accounts and child OUs are listed concurrently: either call may report it first.
  assert.match(
    missing.message,
    /List(AccountsFor|OrganizationalUnitsFor)Parent failed \(ParentNotFoundException\)/,
  );
  assert.match(missing.hint ?? "", /organizationalUnits/);
  // ...and AWS answers AWSOrganizationsNotInUseException when there is no organization at all.
  h.proxy.failNext("ListAccounts", {
    status: 400,
    type: "AWSOrganizationsNotInUseException",
    message: "Your account is not a member of an organization.",
  });
  const err = await listOrganizationAccounts(h.clients).catch((e: unknown) => e);
  assert.ok(err instanceof KeylessError);
  assert.equal(err.code, "AWS_ERROR");
  assert.match(err.message, /not part of an AWS Organization/);
  h.proxy.clearCalls();
  await readActual(h.clients, emptyDesired());
  assert.deepEqual(
    h.proxy.calls().filter((c) => c.startsWith("AWSOrganizations")),
    [],
  );
});
