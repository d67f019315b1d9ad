/**
 * How `keyless plan` reads AWS, as the user runs it (the built CLI against moto behind the recording
 * stand-in proxy): the read strategy and its calls in --json and --debug, a large identity store not
 * listed whole (and said so), --count-unmanaged, and saved plans of either kind applied as reviewed.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { CreateUserCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { ListInstancesCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
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
  const applied = await w.keyless(["apply", "--auto-approve"]);
  assert.equal(applied.code, 0, applied.stderr);
  w.proxy.clearCalls();
});

/** `n` users keyless.yaml does not name, straight into the emulator's identity store (after dave). */
async function addUsers(n: number): Promise<void> {
  const config = {
    region: REGION,
    endpoint: w.proxy.endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
  const sso = new SSOAdminClient(config);
  const ids = new IdentitystoreClient(config);
  try {
    const { Instances } = await sso.send(new ListInstancesCommand({}));
    const IdentityStoreId = Instances?.[0]?.IdentityStoreId;
    assert.ok(IdentityStoreId);
    for (let i = 0; i < n; i++) {
      await ids.send(
        new CreateUserCommand({
          IdentityStoreId,
          UserName: `other-${i}`,
          DisplayName: `Other ${i}`,
          Name: { GivenName: "Other", FamilyName: String(i) },
        }),
      );
    }
  } finally {
    sso.destroy();
    ids.destroy();
  }
  w.proxy.clearCalls();
}

const ops = (op: string) => w.calls().filter((c) => c.endsWith(`.${op}`)).length;

test("plan --json: `read` names the strategy, and its calls are the ones the proxy saw", async () => {
  const r = await w.keyless(["plan", "--json", "--detailed-exitcode"]);
  assert.equal(r.code, 0, r.stderr);
  const { read, unmanaged } = JSON.parse(r.stdout);
  assert.equal(read.strategy, "per-principal");
  assert.equal(read.calls, read.predicted_calls);
  // The proxy also saw the ListInstances that finds the instance before the read.
  assert.equal(w.calls().length, read.calls + 1);
  assert.equal(read.calls_by_operation["sso-admin.ListAccountAssignmentsForPrincipal"], 2);
  assert.equal(read.calls_by_operation["sso-admin.ListAccountAssignments"], undefined);
  assert.deepEqual(read.listed, { users: true, groups: true });
  assert.deepEqual(unmanaged, { users: 0, groups: 0, permission_sets: 0, assignments: 0 });
  assert.deepEqual(w.writeCalls(), []);
});

test("--debug plan: the strategy, its reason and the calls per operation on stderr; stdout is the plan", async () => {
  const r = await w.keyless(["--debug", "plan"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^debug: read strategy per-principal: 2 principals cost 2 reads, /m);
  assert.match(r.stderr, /^debug: AWS calls: (\d+) made, \1 predicted when the strategy was chosen$/m);
  assert.match(r.stderr, /^debug: {3}sso-admin\.ListAccountAssignmentsForPrincipal 2$/m);
  assert.doesNotMatch(r.stdout, /debug:/);
  assert.match(r.stdout, /No changes/);
});

test("a store far larger than the file: not listed whole, and the plan says unmanaged users were not counted", async () => {
  await addUsers(250);
  const r = await w.keyless(["plan", "--detailed-exitcode"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /No changes/);
  assert.match(
    r.stdout,
    /Not counted: users not in keyless\.yaml .*keyless plan --count-unmanaged counts them\./,
  );
  assert.doesNotMatch(r.stdout, /Left alone/);
  // dave (the one user named) is on the first page; per-principal would cost more than per-set by then.
  assert.equal(ops("ListUsers"), 1);

  w.proxy.clearCalls();
  const counted = await w.keyless(["plan", "--count-unmanaged", "--detailed-exitcode"]);
  assert.equal(counted.code, 0, counted.stdout + counted.stderr);
  assert.match(counted.stdout, /Left alone \(not managed by keyless\.yaml\): 250 users\./);
  assert.doesNotMatch(counted.stdout, /Not counted/);
  assert.equal(ops("ListUsers"), 3);
  assert.equal(ops("GetUserId"), 0);

  const json = JSON.parse((await w.keyless(["plan", "--json"])).stdout);
  assert.deepEqual(json.unmanaged.not_counted, ["users"]);
  assert.deepEqual(json.read.listed, { users: false, groups: true });
});

test("saved plans, counted or not, are applied as reviewed (read the same way again)", async () => {
  await addUsers(250);
  await w.writeConfig(w.config("Platform team, renamed"));
  for (const extra of [[], ["--count-unmanaged"]]) {
    const saved = await w.keyless(["plan", ...extra, "-out", "keyless.plan"]);
    assert.equal(saved.code, 0, saved.stderr);
    const file = JSON.parse(await readFile(join(w.dirs.work, "keyless.plan"), "utf8"));
    assert.deepEqual(file.plan.unmanaged.notCounted, extra.length ? undefined : ["users"]);
    const applied = await w.keyless(["apply", "keyless.plan"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    await w.writeConfig(w.config(extra.length ? "Platform team" : "Platform team, again"));
  }
});

test("--count-unmanaged takes no value: a clear error, exit 64, no AWS call", async () => {
  const r = await w.keyless(["plan", "--count-unmanaged=yes"]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /unknown option '--count-unmanaged=yes'/);
  assert.deepEqual(w.calls(), []);
});

test("plan --help shows --count-unmanaged with an example", async () => {
  const r = await w.keyless(["plan", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--count-unmanaged\s+list the identity store whole/);
  assert.match(r.stdout, /keyless plan --count-unmanaged/);
});
