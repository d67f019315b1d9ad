/**
 * The catalog end to end: examples/keyless.yaml (eight permission sets from presets) through the
 * CLI, the real AWS SDK and the emulator (moto behind the Identity Center stand-in). Apply creates
 * the eight sets with their rendered policies; a re-plan reports no changes.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { findPreset } from "../../src/catalog/registry.ts";
import { awsTestEnv, type Moto, startMoto } from "../helpers/moto.ts";
import { createOrganization } from "../helpers/org-fixture.ts";
import { runCli } from "../helpers/run-cli.ts";
import { startIdentityCenterProxy } from "../standins/identity-center-proxy.ts";

const REGION = "eu-central-1";
const PLACEHOLDERS = { dev: "111111111111", staging: "222222222222", prod: "333333333333" };

let moto: Moto;
let proxy: Awaited<ReturnType<typeof startIdentityCenterProxy>>;
let ssoAdmin: SSOAdminClient;
let dir: string;

before(async () => {
  moto = await startMoto();
  proxy = await startIdentityCenterProxy(moto.endpoint);
  Object.assign(process.env, awsTestEnv(proxy.endpoint, REGION));
  ssoAdmin = new SSOAdminClient({
    region: REGION,
    endpoint: proxy.endpoint,
    credentials: { accessKeyId: "t", secretAccessKey: "t" },
  });
  const org = await createOrganization(moto.endpoint, { accounts: ["dev", "staging", "prod"] });
  dir = await mkdtemp(join(tmpdir(), "keyless-catalog-it-"));
  let text = await readFile("examples/keyless.yaml", "utf8");
  for (const [name, placeholder] of Object.entries(PLACEHOLDERS)) {
    text = text.replaceAll(`"${placeholder}"`, `"${org.accounts[name]}"`);
  }
  await writeFile(join(dir, "keyless.yaml"), text);
});

after(async () => {
  ssoAdmin?.destroy();
  await proxy?.stop();
  await moto?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function inlinePolicies(): Promise<Map<string, unknown>> {
  const inst = (await ssoAdmin.send(new ListInstancesCommand({}))).Instances?.[0]?.InstanceArn ?? "";
  const arns =
    (await ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn: inst }))).PermissionSets ?? [];
  const out = new Map<string, unknown>();
  for (const arn of arns) {
    const d = await ssoAdmin.send(
      new DescribePermissionSetCommand({ InstanceArn: inst, PermissionSetArn: arn }),
    );
    const p = await ssoAdmin.send(
      new GetInlinePolicyForPermissionSetCommand({ InstanceArn: inst, PermissionSetArn: arn }),
    );
    out.set(d.PermissionSet?.Name ?? "", p.InlinePolicy ? JSON.parse(p.InlinePolicy) : null);
  }
  return out;
}

describe("catalog presets on the emulator", () => {
  test("validate, plan, apply the eight preset permission sets; re-plan shows no changes", async () => {
    const valid = await runCli(["validate"], { cwd: dir });
    assert.equal(valid.code, 0, valid.stdout + valid.stderr);
    assert.equal(valid.stderr, "", "no warnings for the example");

    const plan = await runCli(["plan", "--json"], { cwd: dir });
    assert.equal(plan.code, 0, plan.stderr);
    const created = JSON.parse(plan.stdout)
      .changes.filter((c: { address: string; action: string }) => c.address.startsWith("permission_set["))
      .map((c: { address: string; action: string }) => `${c.action} ${c.address}`)
      .sort();
    const names = ["compute", "core", "database", "iam", "monitoring", "networking", "serverless", "storage"];
    assert.deepEqual(
      created,
      names.map((n) => `create permission_set["terraform-${n}"]`),
    );

    const applied = await runCli(["apply", "--auto-approve"], { cwd: dir });
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);

    const policies = await inlinePolicies();
    const params = {
      allowedRegions: ["eu-central-1"],
      iamPath: "/terraform/",
      permissionsBoundaryName: "TerraformBoundary",
      // From the example's stateBackend section.
      stateAccountId: "123456789012",
      stateBucket: "keyless-tfstate-123456789012-eu-central-1",
      stateKeyPrefix: "env/",
      stateKmsAlias: "alias/keyless-tfstate",
    };
    for (const n of names) {
      const expected = findPreset(n)!.render(params).inlinePolicy;
      assert.deepEqual(
        policies.get(`terraform-${n}`),
        expected,
        `terraform-${n} carries its rendered preset`,
      );
    }

    const again = await runCli(["plan", "--detailed-exitcode"], { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /No changes/);
  });
});
