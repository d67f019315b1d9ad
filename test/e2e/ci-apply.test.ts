/**
 * CI roles planned and applied by the built CLI, in three member accounts of an emulated organization
 * reached by sts:AssumeRole (moto honours the account of assumed-role credentials for IAM). Drift made
 * behind keyless's back with the plain SDK (a widened trust policy, an extra attached and inline
 * policy) is shown and repaired; a role keyless does not own is left alone; an account keyless cannot
 * reach is a located problem and apply writes nothing anywhere. Then CI's side: AssumeRoleWithWebIdentity
 * into the created role.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import * as iamSdk from "@aws-sdk/client-iam";
import { IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { type AdminWorld, REGION, startAdminWorld } from "./admin-harness.ts";
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

const credentials = ADMIN_CREDENTIALS;
const ACCOUNTS = ["dev", "prod", "ops"] as const;
const id = (name: string): string => w.org.accounts[name] ?? "";

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
            Action: [s3:GetObject, s3:PutObject]
            Resource: "arn:aws:s3:::acme-state/*"
      sessionDuration: PT2H
      tags: { team: platform }
`;

function config(ci = CI_SECTION): string {
  const base = w.config().replace(/^( {2}prod: .*)$/m, `$1\n  ops: "${id("ops")}"`);
  return `${base}${ci}`;
}

const iamIn = (account: string) => memberIam(w.proxy.endpoint, id(account));

const iamCalls = () => w.calls().filter((c) => c.startsWith("iam.") || c.startsWith("sts.AssumeRole"));

async function applyAll(): Promise<void> {
  const r = await w.keyless(["apply", "--auto-approve", "--no-color"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
}

describe("keyless plan / apply with ci.roles", () => {
  test("creates the OIDC provider and the role in three member accounts reached by assumed role; a re-plan is clean", async () => {
    await w.writeConfig(config());
    const plan = await w.keyless(["plan", "--no-color", "--detailed-exitcode"]);
    assert.equal(plan.code, 2, plan.stdout + plan.stderr);
    assert.doesNotMatch(plan.stdout + plan.stderr, /not applied yet/);
    assert.match(plan.stdout, /CI roles: accounts reached/);
    for (const name of ACCOUNTS) {
      const role = `arn:aws:iam::${id(name)}:role/OrganizationAccountAccessRole`;
      assert.match(plan.stdout, new RegExp(`${name} \\(${id(name)}\\): assumed ${role}`));
      assert.match(
        plan.stdout,
        new RegExp(`\\+ ci_oidc_provider\\["${id(name)}", "token.actions.githubusercontent.com"\\]`),
      );
      assert.match(plan.stdout, new RegExp(`\\+ ci_role\\["${id(name)}", "terraform-apply"\\]`));
    }
    assert.match(plan.stdout, /trust sub \(StringEquals\): repo:acme\/infra:ref:refs\/heads\/main/);
    assert.equal(w.writeCalls().filter((c) => c.startsWith("iam.")).length, 0, "plan writes nothing");

    w.proxy.clearCalls();
    await applyAll();
    const writes = w.writeCalls().filter((c) => c.startsWith("iam."));
    assert.deepEqual([...new Set(writes)].sort(), [
      "iam.CreateOpenIDConnectProvider",
      "iam.CreateRole",
      "iam.PutRolePolicy",
    ]);
    assert.equal(writes.filter((c) => c === "iam.CreateRole").length, 3);

    for (const name of ACCOUNTS) {
      const iam = await iamIn(name);
      const role = (await iam.send(new iamSdk.GetRoleCommand({ RoleName: "terraform-apply" }))).Role;
      assert.equal(role?.Arn, `arn:aws:iam::${id(name)}:role/keyless/ci/terraform-apply`);
      assert.equal(role?.MaxSessionDuration, 7200);
      const trust = JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? ""));
      assert.equal(
        trust.Statement[0].Principal.Federated,
        `arn:aws:iam::${id(name)}:oidc-provider/token.actions.githubusercontent.com`,
      );
      assert.deepEqual(Object.fromEntries((role?.Tags ?? []).map((t) => [t.Key, t.Value])), {
        team: "platform",
        "managed-by": "keyless",
        "keyless:ci-role": "terraform-apply",
      });
      const providers = await iam.send(new iamSdk.ListOpenIDConnectProvidersCommand({}));
      assert.equal(providers.OpenIDConnectProviderList?.length, 1);
      iam.destroy();
    }
    // The management account (the credentials keyless runs with) got nothing.
    const own = new IAMClient({ region: REGION, endpoint: w.proxy.endpoint, credentials });
    assert.equal(
      (await own.send(new iamSdk.ListRolesCommand({ PathPrefix: "/keyless/ci/" }))).Roles?.length,
      0,
    );
    own.destroy();

    w.proxy.clearCalls();
    const again = await w.keyless(["plan", "--no-color", "--detailed-exitcode"]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /No changes\. AWS matches keyless\.yaml\./);
    // The figure the bench reports: IAM / STS calls of a no-change plan, per account.
    const calls = iamCalls();
    const perOp: Record<string, number> = {};
    for (const c of calls) perOp[c] = (perOp[c] ?? 0) + 1;
    assert.deepEqual(perOp, {
      "sts.AssumeRole": 3,
      "iam.ListOpenIDConnectProviders": 3,
      "iam.GetOpenIDConnectProvider": 3,
      "iam.ListRoles": 3,
      "iam.GetRole": 3,
      "iam.ListRolePolicies": 3,
      "iam.GetRolePolicy": 3,
      "iam.ListAttachedRolePolicies": 3,
    });
  });

  test("drift: a widened trust policy and an extra attached and inline policy are shown and repaired", async () => {
    await w.writeConfig(config());
    await applyAll();
    const dev = await iamIn("dev");
    const widened = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: {
            Federated: `arn:aws:iam::${id("dev")}:oidc-provider/token.actions.githubusercontent.com`,
          },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" } },
        },
      ],
    };
    await dev.send(
      new iamSdk.UpdateAssumeRolePolicyCommand({
        RoleName: "terraform-apply",
        PolicyDocument: JSON.stringify(widened),
      }),
    );
    const prod = await iamIn("prod");
    const extra = await prod.send(
      new iamSdk.CreatePolicyCommand({
        PolicyName: "extra-admin",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
        }),
      }),
    );
    const extraArn = extra.Policy?.Arn ?? "";
    await prod.send(new iamSdk.AttachRolePolicyCommand({ RoleName: "terraform-apply", PolicyArn: extraArn }));
    await prod.send(
      new iamSdk.PutRolePolicyCommand({
        RoleName: "terraform-apply",
        PolicyName: "by-hand",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }],
        }),
      }),
    );

    const plan = await w.keyless(["plan", "--no-color", "--detailed-exitcode"]);
    assert.equal(plan.code, 2, plan.stdout + plan.stderr);
    assert.match(plan.stdout, new RegExp(`~ ci_role\\["${id("dev")}", "terraform-apply"\\]`));
    assert.match(plan.stdout, /~ trustPolicy:/);
    assert.match(plan.stdout, /-\s+"StringLike": \{/);
    assert.match(
      plan.stdout,
      /\+\s+"token.actions.githubusercontent.com:sub": "repo:acme\/infra:ref:refs\/heads\/main"/,
    );
    assert.match(plan.stdout, new RegExp(`~ ci_role\\["${id("prod")}", "terraform-apply"\\]`));
    assert.match(
      plan.stdout,
      new RegExp(`- attached policy: ${extraArn.replace(/[/]/g, "\\/")} \\(not in keyless\\.yaml\\)`),
    );
    assert.match(plan.stdout, /- inline policy by-hand \(not in keyless\.yaml\)/);
    assert.doesNotMatch(plan.stdout, new RegExp(`ci_role\\["${id("ops")}"`));
    assert.match(plan.stdout, /Plan: 0 to add, 2 to change, 0 to delete/);
    assert.match(
      plan.stdout,
      /\(AWS differs from keyless\.yaml: apply restores the trust policy it declares\)/,
    );

    const json = JSON.parse((await w.keyless(["plan", "--json"])).stdout);
    const devChange = json.changes.find((c: { address: string }) => c.address.includes(id("dev")));
    assert.deepEqual(devChange.changedFields, ["trustPolicy"]);
    assert.equal(json.ci_access.length, 3);

    await applyAll();
    const again = await w.keyless(["plan", "--no-color", "--detailed-exitcode"]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    const attached = await prod.send(
      new iamSdk.ListAttachedRolePoliciesCommand({ RoleName: "terraform-apply" }),
    );
    assert.deepEqual(attached.AttachedPolicies, []);
    const inline = await prod.send(new iamSdk.ListRolePoliciesCommand({ RoleName: "terraform-apply" }));
    assert.deepEqual(inline.PolicyNames, ["keyless"]);
    dev.destroy();
    prod.destroy();
  });

  test("a role of the same name keyless does not own is a located problem; apply writes nothing", async () => {
    const ops = await iamIn("ops");
    await ops.send(
      new iamSdk.CreateRoleCommand({
        RoleName: "terraform-apply",
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        }),
      }),
    );
    await w.writeConfig(config());
    const plan = await w.keyless(["plan", "--no-color"]);
    assert.equal(plan.code, 1, plan.stdout + plan.stderr);
    assert.match(
      plan.stdout,
      new RegExp(
        `Error: ci\\.roles\\.terraform-apply: in account ops \\(${id("ops")}\\): role arn:aws:iam::${id("ops")}:role/terraform-apply exists and is not keyless's`,
      ),
    );
    assert.match(plan.stdout, /Rename the role in keyless\.yaml, or adopt it/);
    // The other accounts still plan.
    assert.match(plan.stdout, new RegExp(`\\+ ci_role\\["${id("dev")}", "terraform-apply"\\]`));

    w.proxy.clearCalls();
    const apply = await w.keyless(["apply", "--auto-approve", "--no-color"]);
    assert.equal(apply.code, 1, apply.stdout + apply.stderr);
    assert.deepEqual(w.writeCalls(), []);
    const role = (await ops.send(new iamSdk.GetRoleCommand({ RoleName: "terraform-apply" }))).Role;
    assert.equal(role?.Path, "/");
    ops.destroy();
  });

  test("an untagged role under /keyless/ci/ matching prune.ciRoles is never pruned; a removed keyless role is", async () => {
    const withTwo = config(
      `${CI_SECTION}    terraform-extra:
      provider: github
      repository: acme/infra
      branches: [main]
      accounts: [dev]
      inlinePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "arn:aws:s3:::acme-state/*"
`,
    ).replace(/\nci:/, '\nprune:\n  ciRoles: ["terraform-*"]\nci:');
    await w.writeConfig(withTwo);
    await applyAll();
    const dev = await iamIn("dev");
    await dev.send(
      new iamSdk.CreateRoleCommand({
        RoleName: "terraform-handmade",
        Path: "/keyless/ci/",
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        }),
      }),
    );
    await w.writeConfig(config().replace(/\nci:/, '\nprune:\n  ciRoles: ["terraform-*"]\nci:'));
    const plan = await w.keyless(["plan", "--no-color", "--detailed-exitcode"]);
    assert.equal(plan.code, 3, plan.stdout + plan.stderr);
    assert.match(plan.stdout, new RegExp(`- ci_role\\["${id("dev")}", "terraform-extra"\\]`));
    assert.doesNotMatch(plan.stdout, /terraform-handmade/);
    assert.match(plan.stdout, /1 CI role/);
    // The untagged role is left alone and counted, as in --json.
    assert.match(plan.stdout, /Left alone \(not managed by keyless\.yaml\): 1 CI role\./);
    const json = JSON.parse((await w.keyless(["plan", "--json"])).stdout);
    assert.equal(json.unmanaged.ci_roles, 1);

    await w
      .keyless(["apply", "--auto-approve", "--prune", "--no-color"])
      .then((r) => assert.equal(r.code, 0, r.stdout + r.stderr));
    const roles = await dev.send(new iamSdk.ListRolesCommand({ PathPrefix: "/keyless/ci/" }));
    assert.deepEqual(roles.Roles?.map((r) => r.RoleName).sort(), ["terraform-apply", "terraform-handmade"]);
    dev.destroy();
  });

  test("an account keyless cannot reach is a located problem; the others still plan; apply writes nothing anywhere", async () => {
    const opsRole = `arn:aws:iam::${id("ops")}:role/OrganizationAccountAccessRole`;
    w.proxy.denyAssumeRole(opsRole);
    await w.writeConfig(config());
    const plan = await w.keyless(["plan", "--no-color"]);
    assert.equal(plan.code, 1, plan.stdout + plan.stderr);
    assert.match(
      plan.stdout,
      new RegExp(
        `Error: ci: cannot reach account ops \\(${id("ops")}\\) to plan its CI roles: sts:AssumeRole on ${opsRole} failed with AccessDenied: `,
      ),
    );
    assert.match(plan.stdout, /set ci\.accessRoles\.ops in keyless\.yaml/);
    assert.match(plan.stdout, new RegExp(`ops \\(${id("ops")}\\): NOT reached, tried assumed ${opsRole}`));
    assert.match(plan.stdout, new RegExp(`\\+ ci_role\\["${id("prod")}", "terraform-apply"\\]`));
    const json = JSON.parse((await w.keyless(["plan", "--json"])).stdout);
    assert.deepEqual(
      json.ci_access.find((a: { account_id: string }) => a.account_id === id("ops")),
      { account_id: id("ops"), role_arn: opsRole, external_id: false, reached: false },
    );

    w.proxy.clearCalls();
    const apply = await w.keyless(["apply", "--auto-approve", "--no-color"]);
    assert.equal(apply.code, 1, apply.stdout + apply.stderr);
    assert.match(apply.stderr, /problem/);
    assert.deepEqual(w.writeCalls(), []);
  });

  test("an account whose access role may not read IAM is a located problem naming the IAM action", async () => {
    await w.writeConfig(config());
    w.proxy.failNext("iam.ListRoles", {
      status: 403,
      type: "AccessDenied",
      message: "not authorized to perform: iam:ListRoles",
    });
    const plan = await w.keyless(["plan", "--no-color"]);
    assert.equal(plan.code, 1, plan.stdout + plan.stderr);
    const problems = plan.stdout.split("\n").filter((l) => l.startsWith("Error: ci: cannot read account"));
    assert.equal(problems.length, 1, plan.stdout);
    assert.match(
      problems[0] ?? "",
      /^Error: ci: cannot read account (dev|prod|ops) \(\d{12}\) for its CI roles: iam:ListRoles with arn:aws:iam::\d{12}:role\/OrganizationAccountAccessRole failed with AccessDenied: not authorized to perform: iam:ListRoles\. Fix: allow that role to read and write IAM roles/,
    );
    // The two other accounts are planned.
    assert.equal((plan.stdout.match(/\+ ci_role\[/g) ?? []).length, 2);
  });

  test("ci.accessRoles names another role with sts:ExternalId for one account", async () => {
    const custom = `arn:aws:iam::${id("prod")}:role/ci/KeylessCI`;
    w.proxy.denyAssumeRole(custom, { unlessExternalId: "acme-keyless" });
    w.proxy.denyAssumeRole(`arn:aws:iam::${id("prod")}:role/OrganizationAccountAccessRole`);
    w.proxy.clearCalls();
    await w.writeConfig(
      config(`${CI_SECTION}  accessRoles:\n    prod: { name: ci/KeylessCI, externalId: acme-keyless }\n`),
    );
    const plan = await w.keyless(["plan", "--no-color"]);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, new RegExp(`prod \\(${id("prod")}\\): assumed ${custom} with sts:ExternalId`));
    await applyAll();
    // The role was written in prod (moto keeps each account apart): visible there, not in the caller's account.
    w.proxy.reset();
    const prod = await iamIn("prod");
    const role = (await prod.send(new iamSdk.GetRoleCommand({ RoleName: "terraform-apply" }))).Role;
    assert.equal(role?.Path, "/keyless/ci/");
    prod.destroy();
  });

  test("a saved plan with CI changes applies as reviewed; a role changed in AWS since makes it stale (68), nothing written", async () => {
    await w.writeConfig(config());
    const saved = await w.keyless(["plan", "-out", "ci.plan", "--no-color"]);
    assert.equal(saved.code, 0, saved.stdout + saved.stderr);
    const applied = await w.keyless(["apply", "ci.plan", "--no-color"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, new RegExp(`ci_role\\["${id("ops")}", "terraform-apply"\\]`));

    await w.writeConfig(config().replace("sessionDuration: PT2H", "sessionDuration: PT3H"));
    const next = await w.keyless(["plan", "-out", "ci.plan", "--no-color"]);
    assert.equal(next.code, 0, next.stdout + next.stderr);
    assert.match(next.stdout, /~ maxSessionDuration: 7200s -> 10800s/);
    const dev = await iamIn("dev");
    await dev.send(
      new iamSdk.TagRoleCommand({ RoleName: "terraform-apply", Tags: [{ Key: "team", Value: "other" }] }),
    );
    dev.destroy();
    w.proxy.clearCalls();
    const stale = await w.keyless(["apply", "ci.plan", "--no-color"]);
    assert.equal(stale.code, 68, stale.stdout + stale.stderr);
    assert.match(
      stale.stderr,
      /is stale: AWS \(IAM Identity Center, the state backend or CI roles\) changed/,
    );
    assert.deepEqual(w.writeCalls(), []);
  });

  test("CI assumes the created role with its OIDC token (AssumeRoleWithWebIdentity)", async () => {
    await w.writeConfig(config());
    await applyAll();
    const roleArn = `arn:aws:iam::${id("dev")}:role/keyless/ci/terraform-apply`;
    // moto accepts any token; this one has GitHub's shape (header.claims.signature, base64url).
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const token = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({
      iss: "https://token.actions.githubusercontent.com",
      aud: "sts.amazonaws.com",
      sub: "repo:acme/infra:ref:refs/heads/main",
    })}.c2lnbmF0dXJl`;
    const anonymous = new STSClient({ region: REGION, endpoint: w.proxy.endpoint, credentials });
    const out = await anonymous.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: "gh-run-1",
        WebIdentityToken: token,
      }),
    );
    anonymous.destroy();
    const c = out.Credentials;
    const asCi = new STSClient({
      region: REGION,
      endpoint: w.proxy.endpoint,
      credentials: {
        accessKeyId: c?.AccessKeyId ?? "",
        secretAccessKey: c?.SecretAccessKey ?? "",
        sessionToken: c?.SessionToken ?? "",
      },
    });
    const me = await asCi.send(new GetCallerIdentityCommand({}));
    asCi.destroy();
    assert.equal(me.Account, id("dev"));
    assert.equal(me.Arn, `arn:aws:sts::${id("dev")}:assumed-role/terraform-apply/gh-run-1`);
  });
});
