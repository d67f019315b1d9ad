/**
 * `-target` on CI changes, with the built CLI against an emulated organization of three member accounts:
 * `ci_role["ACCOUNT", "NAME"]` plans and applies that role alone, with the OIDC provider of its account
 * it depends on (`ci_oidc_provider["ACCOUNT", "HOST"]`), and nothing in the other accounts; a prefix
 * (`ci_role["ACCOUNT"]`) takes every role of one account.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import * as iamSdk from "@aws-sdk/client-iam";
import { type AdminWorld, startAdminWorld } from "./admin-harness.ts";
import { ADMIN_CREDENTIALS, memberIam } from "./member-iam.ts";

let w: AdminWorld;

before(async () => {
  w = await startAdminWorld();
});
after(async () => {
  await w?.stop();
});
beforeEach(async () => {
  await w.reset({ accounts: ["dev", "prod", "ops"] });
});

const _credentials = ADMIN_CREDENTIALS;
const id = (name: string): string => w.org.accounts[name] ?? "";
const HOST = "token.actions.githubusercontent.com";

const CI_SECTION = `ci:
  providers:
    github: {}
  roles:
    terraform-apply:
      provider: github
      repository: acme/infra
      branches: [main]
      accounts: [dev, prod, ops]
      description: Terraform apply from acme/infra main
      inlinePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "arn:aws:s3:::acme-state/*"
`;

function config(): string {
  const base = w.config().replace(/^( {2}prod: .*)$/m, `$1\n  ops: "${id("ops")}"`);
  return `${base}${CI_SECTION}`;
}

const iamIn = (account: string) => memberIam(w.proxy.endpoint, id(account));

const iamWrites = () => w.writeCalls().filter((c) => c.startsWith("iam."));
const roleAddress = (account: string) => `ci_role["${id(account)}", "terraform-apply"]`;
const esc = (s: string) => s.replace(/[[\]]/g, "\\$&");

async function roleIn(account: string): Promise<iamSdk.Role | undefined> {
  const iam = await iamIn(account);
  try {
    return (await iam.send(new iamSdk.GetRoleCommand({ RoleName: "terraform-apply" }))).Role;
  } catch (e) {
    if ((e as Error).name === "NoSuchEntityException") return undefined;
    throw e;
  } finally {
    iam.destroy();
  }
}

describe("keyless plan / apply -target with CI addresses", () => {
  test("ci_role in one account: the plan shows it and its account's provider only; apply writes only them", async () => {
    await w.writeConfig(config());
    const target = roleAddress("dev");
    const plan = await w.keyless(["plan", "--no-color", "-target", target]);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, new RegExp(`\\+ ${esc(target)}`));
    assert.match(plan.stdout, new RegExp(`\\+ ci_oidc_provider\\["${id("dev")}", "${HOST}"\\]`));
    for (const other of ["prod", "ops"]) assert.doesNotMatch(plan.stdout, new RegExp(`\\["${id(other)}"`));
    assert.match(plan.stdout, /Plan: 2 to add, 0 to change, 0 to delete/);
    assert.match(plan.stdout + plan.stderr, /-target is in effect/);

    const json = JSON.parse((await w.keyless(["plan", "--json", "-target", target])).stdout);
    assert.deepEqual(json.targets, [target]);
    assert.deepEqual(json.changes.map((c: { address: string }) => c.address).sort(), [
      `ci_oidc_provider["${id("dev")}", "${HOST}"]`,
      target,
    ]);

    w.proxy.clearCalls();
    const applied = await w.keyless(["apply", "--auto-approve", "--no-color", "-target", target]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.deepEqual(iamWrites().sort(), [
      "iam.CreateOpenIDConnectProvider",
      "iam.CreateRole",
      "iam.PutRolePolicy",
    ]);
    assert.equal((await roleIn("dev"))?.Path, "/keyless/ci/");
    assert.equal(await roleIn("prod"), undefined);
    assert.equal(await roleIn("ops"), undefined);

    // The whole plan still has the other two accounts to do, and nothing more in dev.
    const rest = await w.keyless(["plan", "--no-color"]);
    assert.equal(rest.code, 0, rest.stdout + rest.stderr);
    assert.doesNotMatch(rest.stdout, new RegExp(`\\["${id("dev")}"`));
    assert.match(rest.stdout, new RegExp(`\\+ ${esc(roleAddress("prod"))}`));
    assert.match(rest.stdout, new RegExp(`\\+ ${esc(roleAddress("ops"))}`));
  });

  test("drift in two accounts: -target on one account's roles repairs that account only", async () => {
    await w.writeConfig(config());
    const all = await w.keyless(["apply", "--auto-approve", "--no-color"]);
    assert.equal(all.code, 0, all.stdout + all.stderr);
    for (const name of ["dev", "prod"]) {
      const iam = await iamIn(name);
      await iam.send(new iamSdk.UpdateRoleCommand({ RoleName: "terraform-apply", Description: "by hand" }));
      iam.destroy();
    }

    const target = `ci_role["${id("prod")}"]`;
    const plan = await w.keyless(["plan", "--no-color", "-target", target]);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, new RegExp(`~ ${esc(roleAddress("prod"))}`));
    assert.doesNotMatch(plan.stdout, new RegExp(esc(roleAddress("dev"))));
    assert.doesNotMatch(plan.stdout, /ci_oidc_provider/);
    assert.match(plan.stdout, /Plan: 0 to add, 1 to change, 0 to delete/);

    w.proxy.clearCalls();
    const applied = await w.keyless(["apply", "--auto-approve", "--no-color", "-target", target]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.deepEqual(iamWrites(), ["iam.UpdateRole"]);
    assert.equal((await roleIn("prod"))?.Description, "Terraform apply from acme/infra main");
    assert.equal((await roleIn("dev"))?.Description, "by hand");

    const rest = await w.keyless(["plan", "--no-color", "--detailed-exitcode"]);
    assert.equal(rest.code, 2, rest.stdout + rest.stderr);
    assert.match(rest.stdout, new RegExp(`~ ${esc(roleAddress("dev"))}`));
    assert.doesNotMatch(rest.stdout, new RegExp(esc(roleAddress("prod"))));
  });
});
