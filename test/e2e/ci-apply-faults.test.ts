/**
 * CI role writes when AWS loses a reply or fails before acting, with the built CLI: the fault proxy in
 * front of the emulator answers a CreateRole with a 5xx after moto made the role (reply lost), and a
 * CreateOpenIDConnectProvider with a 5xx before forwarding it (nothing made). apply converges in one
 * run: the role is found as keyless's and not created twice, the provider is created on the second
 * attempt, and the next plan is clean.
 */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy.ts";
import { awsTestEnv, type Moto, startMoto } from "../helpers/moto.ts";
import { createOrganization, type OrgFixture } from "../helpers/org-fixture.ts";
import { runKeyless, type UserDirs, userDirs } from "../helpers/spawn-cli.ts";
import { type IdentityCenterProxy, startIdentityCenterProxy } from "../standins/identity-center-proxy.ts";

const REGION = "eu-central-1";

let moto: Moto;
let standin: IdentityCenterProxy;
let faults: FaultProxy;
let org: OrgFixture;
let dirs: UserDirs;

before(async () => {
  moto = await startMoto();
  standin = await startIdentityCenterProxy(moto.endpoint);
  faults = await startFaultProxy(standin.endpoint);
  org = await createOrganization(moto.endpoint, { accounts: ["dev", "prod", "ops"] });
  dirs = userDirs("keyless-ci-faults-");
});
after(async () => {
  dirs?.remove();
  await faults?.stop();
  await standin?.stop();
  await moto?.stop();
});

const config = () => `version: 1
identityCenter:
  region: ${REGION}
accounts:
  dev: "${org.accounts.dev}"
  prod: "${org.accounts.prod}"
  ops: "${org.accounts.ops}"
ci:
  providers:
    github: {}
  roles:
    terraform-apply:
      provider: github
      repository: acme/infra
      branches: [main]
      accounts: [dev, prod, ops]
      inlinePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "arn:aws:s3:::acme-state/*"
`;

const keyless = (args: string[]) =>
  runKeyless(args, { cwd: dirs.work, env: { HOME: dirs.home, ...awsTestEnv(faults.endpoint, REGION) } });

test("a lost CreateRole reply and a failed CreateOpenIDConnectProvider: apply converges without duplicates", async () => {
  await writeFile(join(dirs.work, "keyless.yaml"), config());
  faults.loseNextReply("CreateRole");
  faults.failNext("CreateOpenIDConnectProvider");
  faults.clearLog();
  const applied = await keyless(["apply", "--auto-approve", "--no-color"]);
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);
  const log = faults.log();
  const count = (op: string) => log.filter((e) => e.op === op).length;
  assert.equal(log.filter((e) => e.outcome === "lost-reply").length, 1);
  assert.equal(log.filter((e) => e.outcome === "server-error").length, 1);
  // Not repeated blindly by the SDK: the lost one was found (GetRole), not sent again.
  assert.equal(count("CreateRole"), 3);
  // The failed one was looked for, not found, and sent again.
  assert.equal(count("CreateOpenIDConnectProvider"), 4);

  const again = await keyless(["plan", "--no-color", "--detailed-exitcode"]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
});
