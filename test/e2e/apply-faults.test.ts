/**
 * kill -9 in the middle of `keyless apply`, then the same command again, with the built CLI as a user
 * runs it. The fault proxy in front of the emulator kills the child right after AWS carried out a
 * chosen write (before the reply reaches it), which is the worst moment: the change is made and
 * keyless never heard of it. The re-run must converge in one run and leave no duplicate, including
 * the KMS key, whose creation has no natural key (moto's assignments and permission sets do not check
 * uniqueness either: findDuplicates reads moto directly).
 */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { findDuplicates } from "../helpers/duplicates.ts";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy.ts";
import { awsTestEnv, type Moto, startMoto } from "../helpers/moto.ts";
import { createOrganization, type OrgFixture } from "../helpers/org-fixture.ts";
import { runKeyless, spawnKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";
import { type IdentityCenterProxy, startIdentityCenterProxy } from "../standins/identity-center-proxy.ts";

const REGION = "eu-central-1";
/** The account moto answers GetCallerIdentity with: where the state backend lives. */
const MOTO_ACCOUNT = "123456789012";

let moto: Moto;
let standin: IdentityCenterProxy;
let faults: FaultProxy;
let org: OrgFixture;
let dirs: UserDirs | undefined;

before(async () => {
  moto = await startMoto();
  standin = await startIdentityCenterProxy(moto.endpoint);
  faults = await startFaultProxy(standin.endpoint);
});
after(async () => {
  dirs?.remove();
  await faults?.stop();
  await standin?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  standin.reset();
  faults.reset();
  org = await createOrganization(moto.endpoint, { accounts: ["dev", "prod"] });
  dirs?.remove();
  dirs = userDirs("keyless-kill-");
  await writeFile(join(dirs.work, "keyless.yaml"), config());
  // Asynchronous as on AWS: an operation answers IN_PROGRESS once before SUCCEEDED.
  standin.setAsync({ polls: 1 });
});

function config(): string {
  return `version: 1
identityCenter:
  region: ${REGION}
accounts:
  dev: "${org.accounts.dev}"
  prod: "${org.accounts.prod}"
  shared: "${MOTO_ACCOUNT}"
users:
  dave:
    displayName: Dave Platform
    givenName: Dave
    familyName: Platform
    email: dave@example.com
groups:
  platform-engineers:
    members: [dave]
permissionSets:
  terraform-core:
    description: Terraform state
    inlinePolicy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: [s3:GetObject]
          Resource: "arn:aws:s3:::state-bucket/*"
    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
assignments:
  - principals: [group:platform-engineers, user:dave]
    permissionSets: [terraform-core]
    targets: [dev, prod]
stateBackend:
  account: shared
  region: ${REGION}
  bucket: acme-kill-tfstate
`;
}

const env = () => ({ HOME: dirs?.home ?? "", ...awsTestEnv(faults.endpoint, REGION) });

/** Runs apply and kills it with SIGKILL right after AWS carried out the `nth` request for `op`. */
async function killAfter(op: string, nth: number): Promise<void> {
  // One assignment operation at a time, and nothing forwarded after the trigger: what AWS has done at
  // the kill is exactly the first `nth` requests for `op`, however slowly this machine runs.
  const cli = spawnKeyless(["apply", "--auto-approve", "--concurrency", "1"], {
    cwd: dirs?.work ?? "",
    env: env(),
  });
  let seen = 0;
  faults.onForwarded((forwarded) => {
    if (forwarded !== op || ++seen !== nth) return undefined;
    cli.kill("SIGKILL");
    return "freeze";
  });
  const exit = await cli.exited;
  faults.onForwarded(null);
  faults.thaw();
  assert.equal(
    exit.signal,
    "SIGKILL",
    `killed mid-apply; it ran to its end instead:\n${exit.stdout}${exit.stderr}`,
  );
}

for (const [op, nth, what] of [
  ["CreateKey", 1, "the state key made, its alias not yet"],
  ["CreatePermissionSet", 1, "the permission set made, its policies not yet"],
  ["CreateAccountAssignment", 2, "two of four assignments started"],
] as const) {
  test(`kill -9 right after ${op} (${what}): the next apply converges in one run, no duplicates`, async () => {
    await killAfter(op, nth);
    const again = await runKeyless(["apply", "--auto-approve"], { cwd: dirs?.work ?? "", env: env() });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /Apply complete!/);
    const plan = await runKeyless(["plan", "--detailed-exitcode"], { cwd: dirs?.work ?? "", env: env() });
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.deepEqual(await findDuplicates(moto.endpoint, REGION, { kms: true }), []);
  });
}

test("lost replies and server errors at random, the built CLI: one apply converges, no duplicates", async () => {
  faults.setRandomFaults({ serverError: 0.05, lostReply: 0.05, seed: 7 });
  const r = await runKeyless(["apply", "--auto-approve"], { cwd: dirs?.work ?? "", env: env() });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(faults.counts()["lost-reply"] > 0, JSON.stringify(faults.counts()));
  faults.reset();
  const plan = await runKeyless(["plan", "--detailed-exitcode"], { cwd: dirs?.work ?? "", env: env() });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  assert.deepEqual(await findDuplicates(moto.endpoint, REGION, { kms: true }), []);
});
