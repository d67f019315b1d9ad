/**
 * `keyless apply` (the whole CLI, in-process) against the emulator behind the fault proxy, with
 * assignments and provisioning asynchronous as on AWS: random 5xx answers and lost replies (the change
 * made, the reply replaced by a 5xx), and a 20 requests/s throttle. Each apply must converge in ONE
 * run (exit 0, then a plan with no changes) and leave no duplicate (read from moto directly).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { findDuplicates } from "../../helpers/duplicates.ts";
import { type FaultProxy, startFaultProxy } from "../../helpers/fault-proxy.ts";
import { awsTestEnv, type Moto, startMoto } from "../../helpers/moto.ts";
import { createOrganization, type OrgFixture } from "../../helpers/org-fixture.ts";
import { runCli } from "../../helpers/run-cli.ts";
import { type IdentityCenterProxy, startIdentityCenterProxy } from "../../standins/identity-center-proxy.ts";

const REGION = "eu-central-1";
let moto: Moto;
let standin: IdentityCenterProxy;
let faults: FaultProxy;
let org: OrgFixture;
let dir: string;

before(async () => {
  moto = await startMoto();
  standin = await startIdentityCenterProxy(moto.endpoint);
  faults = await startFaultProxy(standin.endpoint);
  Object.assign(process.env, awsTestEnv(faults.endpoint, REGION));
});
after(async () => {
  await faults?.stop();
  await standin?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  standin.reset();
  faults.reset();
  org = await createOrganization(moto.endpoint, { accounts: ["dev", "stage", "prod"] });
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = await mkdtemp(join(tmpdir(), "keyless-faults-"));
  await writeFile(join(dir, "keyless.yaml"), config());
  standin.setAsync({ polls: 1 });
});

function config(): string {
  return `version: 1
identityCenter:
  region: ${REGION}
accounts:
  dev: "${org.accounts.dev}"
  stage: "${org.accounts.stage}"
  prod: "${org.accounts.prod}"
users:
  dave:
    displayName: Dave Platform
    givenName: Dave
    familyName: Platform
    email: dave@example.com
  erin:
    displayName: Erin Engineer
    givenName: Erin
    familyName: Engineer
    email: erin@example.com
groups:
  platform-engineers:
    description: Platform team
    members: [dave, erin]
  readers:
    members: [erin]
permissionSets:
  terraform-core:
    description: Terraform state
    sessionDuration: PT8H
    inlinePolicy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: [s3:GetObject, s3:PutObject]
          Resource: "arn:aws:s3:::state-bucket/*"
    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
    customerManagedPolicies: [{ name: tf-extra }]
  read-only:
    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
assignments:
  - principals: [group:platform-engineers]
    permissionSets: [terraform-core, read-only]
    targets: [dev, stage, prod]
  - principals: [group:readers, user:dave]
    permissionSets: [read-only]
    targets: [dev, prod]
`;
}

const cli = (args: string[]) => runCli(args, { cwd: dir });

async function assertConvergedWithoutDuplicates(): Promise<void> {
  faults.reset();
  const again = await cli(["plan", "--detailed-exitcode"]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.deepEqual(await findDuplicates(moto.endpoint, REGION), []);
}

for (const seed of [1, 2, 3]) {
  test(`5 % server errors and 5 % lost replies (seed ${seed}): apply converges in one run, no duplicates`, async () => {
    faults.setRandomFaults({ serverError: 0.05, lostReply: 0.05, seed });
    const r = await cli(["apply", "--auto-approve"]);
    const injected = faults.counts();
    assert.equal(r.code, 0, `${JSON.stringify(injected)}\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /Apply complete!/);
    assert.ok(injected["lost-reply"] + injected["server-error"] > 0, "faults were injected");
    await assertConvergedWithoutDuplicates();
  });
}

test("a 20 requests/s quota: keyless's own pace never meets a throttle", async () => {
  faults.setThrottle({ requestsPerSecond: 20 });
  const r = await cli(["apply", "--auto-approve"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const counts = faults.counts();
  assert.equal(counts.throttled, 0, JSON.stringify(counts));
  assert.ok(counts.ok > 40, `enough requests to cross two seconds: ${JSON.stringify(counts)}`);
  await assertConvergedWithoutDuplicates();
});

test("a quota half the configured rate: throttled at first, slows down and converges in one run", async () => {
  faults.setThrottle({ requestsPerSecond: 10, burst: 10 });
  const r = await cli(["apply", "--auto-approve", "--requests-per-second", "20"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const { throttled, ok } = faults.counts();
  assert.ok(throttled > 0, "the proxy did throttle");
  assert.ok(throttled < ok / 4, `adapted: ${throttled} throttles for ${ok} requests`);
  await assertConvergedWithoutDuplicates();
});
