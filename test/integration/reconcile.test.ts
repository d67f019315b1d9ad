/**
 * The platform engineer's loop, end to end through the CLI, the real AWS SDK and the emulator
 * (moto behind the project's stand-in for the calls moto lacks): apply → re-plan (no changes) →
 * drift → prune → stale saved plan → partial failure → re-apply converges.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import {
  CreateGroupMembershipCommand,
  CreateUserCommand,
  IdentitystoreClient,
  ListGroupsCommand,
} from "@aws-sdk/client-identitystore";
import {
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DescribePermissionSetCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { awsTestEnv, type Moto, startMoto } from "../helpers/moto.ts";
import { createOrganization, type OrgFixture } from "../helpers/org-fixture.ts";
import { runCli } from "../helpers/run-cli.ts";
import { startIdentityCenterProxy } from "../standins/identity-center-proxy.ts";

type Proxy = Awaited<ReturnType<typeof startIdentityCenterProxy>>;

let moto: Moto;
let proxy: Proxy;
let org: OrgFixture;
let dir: string;
let ssoAdmin: SSOAdminClient;
let identityStore: IdentitystoreClient;

const REGION = "eu-central-1";
const WRITE_PREFIXES = ["Create", "Delete", "Put", "Attach", "Detach", "Update", "Provision", "Tag", "Untag"];

function writeCalls(): string[] {
  return proxy.calls().filter((t) => WRITE_PREFIXES.some((p) => (t.split(".")[1] ?? "").startsWith(p)));
}

function config(extra = ""): string {
  return `version: 1
identityCenter:
  region: ${REGION}
accounts:
  dev: "${org.accounts.dev}"
  prod: "${org.accounts.prod}"
organizationalUnits:
  workloads: ${org.ous.workloads}
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
    members: [dave]
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
  terraform-network:
    description: VPC and subnets
    inlinePolicy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: ec2:*Vpc*
          Resource: "*"
assignments:
  - principals: [group:platform-engineers]
    permissionSets: [terraform-core, terraform-network]
    targets: [dev]
  - principals: [user:erin]
    permissionSets: [terraform-core]
    targets: [ou:workloads]
prune:
  permissionSets: ["terraform-*"]
${extra}`;
}

async function writeConfig(text = config()): Promise<void> {
  await writeFile(join(dir, "keyless.yaml"), text);
}

async function instanceArn(): Promise<string> {
  const res = await ssoAdmin.send(new ListInstancesCommand({}));
  return res.Instances?.[0]?.InstanceArn ?? "";
}

async function permissionSetArn(name: string): Promise<string> {
  const inst = await instanceArn();
  const list = await ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn: inst }));
  for (const arn of list.PermissionSets ?? []) {
    const d = await ssoAdmin.send(
      new DescribePermissionSetCommand({ InstanceArn: inst, PermissionSetArn: arn }),
    );
    if (d.PermissionSet?.Name === name) return arn;
  }
  throw new Error(`no permission set ${name}`);
}

async function planJson(args: string[] = []) {
  const r = await runCli(["plan", "--json", ...args], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

before(async () => {
  moto = await startMoto();
  proxy = await startIdentityCenterProxy(moto.endpoint);
  Object.assign(process.env, awsTestEnv(proxy.endpoint, REGION));
  const clientOpts = {
    region: REGION,
    endpoint: proxy.endpoint,
    credentials: { accessKeyId: "t", secretAccessKey: "t" },
  };
  ssoAdmin = new SSOAdminClient(clientOpts);
  identityStore = new IdentitystoreClient(clientOpts);
});

after(async () => {
  ssoAdmin?.destroy();
  identityStore?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  proxy.reset();
  proxy.setAsync(null);
  org = await createOrganization(moto.endpoint, {
    accounts: ["dev", "prod", "sandbox"],
    ous: { workloads: { accounts: ["prod"] }, nested: { parent: "workloads", accounts: ["sandbox"] } },
  });
  dir = await mkdtemp(join(tmpdir(), "keyless-it-"));
  await writeConfig();
});

describe("reconcile loop", () => {
  test("apply, then plan again reports no changes", async () => {
    const first = await runCli(["plan", "--detailed-exitcode"], { cwd: dir });
    assert.equal(first.code, 2, first.stderr);
    assert.match(first.stdout, /\+ user\["dave"\]/);
    assert.match(first.stdout, /\+ assignment\["user:erin", "terraform-core", "\d{12}"\]/);
    // erin on ou:workloads reaches prod and, through the nested OU, sandbox.
    const plan = await planJson();
    const erin = plan.changes.filter((c: { address: string }) =>
      c.address.startsWith('assignment["user:erin"'),
    );
    assert.deepEqual(
      erin.map((c: { accountId: string }) => c.accountId).sort(),
      [org.accounts.prod, org.accounts.sandbox].sort(),
    );
    assert.equal(writeCalls().length, 0, "plan must not write");

    const applied = await runCli(["apply", "--auto-approve"], { cwd: dir });
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /Apply complete!/);
    assert.match(applied.stdout, /Send email OTP/);

    const again = await runCli(["plan", "--detailed-exitcode"], { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /No changes/);
  });

  test("console drift is shown exactly, and apply repairs it", async () => {
    assert.equal((await runCli(["apply", "--auto-approve"], { cwd: dir })).code, 0);
    const inst = await instanceArn();
    const coreArn = await permissionSetArn("terraform-core");
    await ssoAdmin.send(
      new DetachManagedPolicyFromPermissionSetCommand({
        InstanceArn: inst,
        PermissionSetArn: coreArn,
        ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
      }),
    );
    const groups = await identityStore.send(new ListGroupsCommand({ IdentityStoreId: await storeId() }));
    const group = groups.Groups?.find((g) => g.DisplayName === "platform-engineers");
    assert.ok(group?.GroupId);
    await ssoAdmin.send(
      new DeleteAccountAssignmentCommand({
        InstanceArn: inst,
        PermissionSetArn: coreArn,
        PrincipalType: "GROUP",
        PrincipalId: group.GroupId,
        TargetType: "AWS_ACCOUNT",
        TargetId: org.accounts.dev,
      }),
    );
    const intruder = await identityStore.send(
      new CreateUserCommand({
        IdentityStoreId: await storeId(),
        UserName: "mallory",
        DisplayName: "Mallory",
        Name: { GivenName: "Mallory", FamilyName: "M" },
      }),
    );
    await identityStore.send(
      new CreateGroupMembershipCommand({
        IdentityStoreId: await storeId(),
        GroupId: group.GroupId,
        MemberId: { UserId: intruder.UserId ?? "" },
      }),
    );

    const plan = await planJson();
    assert.deepEqual(
      plan.changes.map((c: { address: string; action: string }) => `${c.action} ${c.address}`),
      [
        'update permission_set["terraform-core"]',
        `create assignment["group:platform-engineers", "terraform-core", "${org.accounts.dev}"]`,
      ],
    );
    assert.deepEqual(
      plan.prune_candidates.map((c: { address: string; action: string }) => `${c.action} ${c.address}`),
      ['delete membership["platform-engineers", "mallory"]'],
    );
    assert.equal(plan.unmanaged.users, 1);

    const human = await runCli(["plan"], { cwd: dir });
    assert.match(human.stdout, /arn:aws:iam::aws:policy\/ReadOnlyAccess/);

    assert.equal((await runCli(["apply", "--auto-approve", "--prune"], { cwd: dir })).code, 0);
    const clean = await runCli(["plan", "--detailed-exitcode", "--prune"], { cwd: dir });
    assert.equal(clean.code, 0, clean.stdout);
  });

  test("prune deletes only inside the scope, and only when asked", async () => {
    assert.equal((await runCli(["apply", "--auto-approve"], { cwd: dir })).code, 0);
    const inst = await instanceArn();
    for (const name of ["terraform-old", "hand-made"]) {
      await ssoAdmin.send(new CreatePermissionSetCommand({ InstanceArn: inst, Name: name }));
    }
    const plan = await planJson();
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(
      plan.prune_candidates.map((c: { address: string }) => c.address),
      ['permission_set["terraform-old"]'],
    );
    assert.equal(plan.unmanaged.permission_sets, 1);

    // Without --prune nothing is deleted.
    assert.equal((await runCli(["apply", "--auto-approve"], { cwd: dir })).code, 0);
    assert.ok(await permissionSetArn("terraform-old"));

    const pruned = await runCli(["apply", "--auto-approve", "--prune"], { cwd: dir });
    assert.equal(pruned.code, 0, pruned.stdout + pruned.stderr);
    await assert.rejects(permissionSetArn("terraform-old"));
    assert.ok(await permissionSetArn("hand-made"), "a permission set outside the scope must survive");
  });

  test("a saved plan is refused when AWS changed since it was made, and nothing is written", async () => {
    const saved = await runCli(["plan", "-out=keyless.plan"], { cwd: dir });
    assert.equal(saved.code, 0, saved.stderr);
    const text = await readFile(join(dir, "keyless.plan"), "utf8");
    assert.ok(!/secret|AKIA/i.test(text));
    await ssoAdmin.send(
      new CreatePermissionSetCommand({ InstanceArn: await instanceArn(), Name: "terraform-core" }),
    );
    const before = writeCalls().length;
    const stale = await runCli(["apply", "keyless.plan", "--auto-approve"], { cwd: dir });
    assert.equal(stale.code, 68, stale.stdout + stale.stderr);
    assert.match(stale.stderr, /stale/);
    assert.equal(writeCalls().length, before);
  });

  test("a fresh saved plan applies exactly", async () => {
    assert.equal((await runCli(["plan", "-out", "p.plan"], { cwd: dir })).code, 0);
    const applied = await runCli(["apply", "p.plan", "--auto-approve"], { cwd: dir });
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.equal((await runCli(["plan", "--detailed-exitcode"], { cwd: dir })).code, 0);
  });

  test("partial failure: independent changes run, the failure is named, re-apply converges", async () => {
    proxy.failNext("SWBExternalService.CreatePermissionSet", {
      status: 400,
      type: "AccessDeniedException",
      message: "User is not authorized to perform: sso:CreatePermissionSet",
    });
    const failed = await runCli(["apply", "--auto-approve"], { cwd: dir });
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(
      failed.stdout + failed.stderr,
      /permission_set\["terraform-(core|network)"\].*(FAILED|failed)/,
    );
    assert.match(failed.stdout, /user\["dave"\]/);
    const retried = await runCli(["apply", "--auto-approve"], { cwd: dir });
    assert.equal(retried.code, 0, retried.stdout + retried.stderr);
    assert.equal((await runCli(["plan", "--detailed-exitcode"], { cwd: dir })).code, 0);
  });
});

describe("asynchronous AWS operations", () => {
  test("assignments are polled to the end; a FAILED one is named with AWS's reason and a hint", async () => {
    proxy.setAsync({
      polls: 2,
      fail: {
        op: "CreateAccountAssignment",
        reason: "Received a 404 status error: Not supported policy arn:aws:iam::aws:policy/ReadOnlyAccess.",
      },
    });
    const failed = await runCli(["apply", "--auto-approve"], { cwd: dir });
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /assignment\["[^\]]+"\]: FAILED: .*Not supported policy/);
    assert.match(failed.stdout, /customer-managed policy/);
    assert.match(failed.stdout, /Apply failed/);
    assert.ok(proxy.calls().some((c) => c.endsWith("DescribeAccountAssignmentCreationStatus")));

    proxy.setAsync({ polls: 1 });
    const retried = await runCli(["apply", "--auto-approve"], { cwd: dir });
    assert.equal(retried.code, 0, retried.stdout + retried.stderr);
    proxy.setAsync(null);
    assert.equal((await runCli(["plan", "--detailed-exitcode"], { cwd: dir })).code, 0);
  });

  test("changing an assigned permission set re-provisions it so no role is left stale", async () => {
    assert.equal((await runCli(["apply", "--auto-approve"], { cwd: dir })).code, 0);
    await writeConfig(config().replace("sessionDuration: PT8H", "sessionDuration: PT4H"));
    proxy.setAsync({ polls: 1 });
    proxy.clearCalls();
    const applied = await runCli(["apply", "--auto-approve"], { cwd: dir });
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /re-provisions/);
    const calls = proxy.calls();
    assert.ok(calls.some((c) => c.endsWith("ProvisionPermissionSet")));
    assert.ok(calls.some((c) => c.endsWith("DescribePermissionSetProvisioningStatus")));
    proxy.setAsync(null);
    assert.equal((await runCli(["plan", "--detailed-exitcode"], { cwd: dir })).code, 0);
  });

  test("roles left stale by an earlier failure are re-provisioned on the next apply", async () => {
    assert.equal((await runCli(["apply", "--auto-approve"], { cwd: dir })).code, 0);
    proxy.markStale(await permissionSetArn("terraform-network"), org.accounts.dev ?? "");
    const plan = await planJson();
    assert.deepEqual(
      plan.changes.map((c: { address: string }) => c.address),
      ['provisioning["terraform-network"]'],
    );
    assert.equal((await runCli(["apply", "--auto-approve"], { cwd: dir })).code, 0);
    assert.equal((await runCli(["plan", "--detailed-exitcode"], { cwd: dir })).code, 0);
  });
});

describe("refusals that change nothing", () => {
  test("an invalid keyless.yaml makes no AWS call at all", async () => {
    await writeConfig(config().replace("sessionDuration: PT8H", "sessionDuration: PT13H"));
    const n = proxy.calls().length;
    for (const cmd of [["plan"], ["apply", "--auto-approve"]]) {
      const r = await runCli(cmd, { cwd: dir });
      assert.equal(r.code, 65);
      assert.match(r.stderr, /keyless\.yaml:\d+:\d+/);
    }
    assert.equal(proxy.calls().length, n);
  });

  test("apply off a terminal without --auto-approve refuses before reading or writing", async () => {
    const n = proxy.calls().length;
    const r = await runCli(["apply"], { cwd: dir, tty: false });
    assert.equal(r.code, 64);
    assert.match(r.stderr, /--auto-approve/);
    assert.equal(proxy.calls().length, n);
  });

  test("declining the prompt on a terminal writes nothing", async () => {
    const r = await runCli(["apply"], { cwd: dir, tty: true, answer: "no" });
    assert.equal(r.code, 1);
    assert.equal(r.asked.length, 1);
    assert.equal(writeCalls().length, 0);
  });

  test("Identity Center not enabled: the one console step is explained", async () => {
    proxy.setNoInstance(true);
    const r = await runCli(["plan"], { cwd: dir });
    assert.equal(r.code, 69);
    assert.match(r.stderr, /IAM Identity Center/);
    assert.match(r.stderr, /console/i);
    assert.equal(writeCalls().length, 0);
  });
});

async function storeId(): Promise<string> {
  const res = await ssoAdmin.send(new ListInstancesCommand({}));
  return res.Instances?.[0]?.IdentityStoreId ?? "";
}

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});
