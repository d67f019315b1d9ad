/**
 * `ci:` in keyless.yaml as a user meets it today: validate checks it (refusals at file:line:col, exit
 * 65, no AWS call, the file untouched), and plan / apply say that CI roles are validated but not
 * applied yet, and touch no IAM. The built CLI against moto behind the Identity Center stand-in.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { type AdminWorld, startAdminWorld } from "./admin-harness.ts";

let w: AdminWorld;

before(async () => {
  w = await startAdminWorld();
});
after(async () => {
  await w?.stop();
});
beforeEach(async () => {
  await w.reset();
});

const CI = `ci:
  providers:
    github: {}
  roles:
    terraform-apply:
      provider: github
      repository: acme/infra
      branches: [main]
      accounts: [dev, prod]
      preset: core
    terraform-plan:
      provider: github
      repository: acme/infra
      pullRequests: true
      accounts: [dev]
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
`;

const NOT_APPLIED = /ci\.roles: CI roles are validated but not applied yet \(issue 14\)/;

describe("ci: validate, plan and apply", () => {
  test("validate accepts the roles and counts them, with no 'not applied' warning and no AWS call", async () => {
    await w.writeConfig(`${w.config()}${CI}`);
    const r = await w.keyless(["validate"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /, 2 CI roles\.\n$/);
    assert.doesNotMatch(r.stderr, NOT_APPLIED);
    const json = await w.keyless(["validate", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.stdout) as { counts: { ciRoles: number }; warnings: string[] };
    assert.equal(out.counts.ciRoles, 2);
    assert.ok(!out.warnings.some((x) => NOT_APPLIED.test(x)));
    assert.deepEqual(w.calls(), []);
  });

  const refusals: { name: string; edit: (ci: string) => string; where: RegExp }[] = [
    {
      name: "a wildcard in the owner",
      edit: (ci) =>
        ci.replace("repository: acme/infra\n      branches", 'repository: "*/infra"\n      branches'),
      where:
        /keyless\.yaml:\d+:19: ci\.roles\.terraform-apply\.repository: "\*\/infra" has a wildcard in the owner/,
    },
    {
      name: "pull requests for a role that can apply",
      edit: (ci) => ci.replace("branches: [main]", "branches: [main]\n      pullRequests: true"),
      where:
        /keyless\.yaml:\d+:21: ci\.roles\.terraform-apply\.pullRequests: role "terraform-apply" can apply .*declare a separate read-only plan role/,
    },
    {
      name: "an issuer URL that is not https",
      edit: (ci) => ci.replace("github: {}", "github: { url: http://token.actions.githubusercontent.com }"),
      where: /keyless\.yaml:\d+:20: ci\.providers\.github\.url: the issuer URL must use https/,
    },
    {
      name: "an unknown account",
      edit: (ci) => ci.replace("accounts: [dev, prod]", "accounts: [dev, staging]"),
      where: /keyless\.yaml:\d+:\d+: ci\.roles\.terraform-apply\.accounts\[1\]: unknown account "staging"/,
    },
  ];

  for (const c of refusals) {
    test(`refuses ${c.name}: validate, plan and apply exit 65 at file:line:col, no AWS call, file untouched`, async () => {
      const text = `${w.config()}${c.edit(CI)}`;
      await w.writeConfig(text);
      for (const args of [["validate"], ["plan"], ["apply", "--auto-approve"]]) {
        const r = await w.keyless(args);
        assert.equal(r.code, 65, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, c.where);
      }
      assert.deepEqual(w.calls(), []);
      assert.equal(await readFile(join(w.dirs.work, "keyless.yaml"), "utf8"), text);
    });
  }

  test("plan shows the CI roles it would create in their accounts (applied since issue 14 slice 2; see ci-apply.test.ts)", async () => {
    await w.writeConfig(`${w.config()}${CI}`);
    const plan = await w.keyless(["plan", "--no-color"]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.doesNotMatch(plan.stdout + plan.stderr, NOT_APPLIED);
    assert.match(plan.stdout, new RegExp(`\\+ ci_role\\["${w.org.accounts.dev}", "terraform-plan"\\]`));
    assert.deepEqual(
      w.writeCalls().filter((c) => c.startsWith("iam.")),
      [],
      "plan writes nothing",
    );
  });
});
