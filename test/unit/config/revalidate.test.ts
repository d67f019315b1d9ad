/**
 * A Desired copied out of the loader (a saved plan's snapshot) is checked by turning it back into
 * keyless.yaml and loading that: every Desired the loader produces passes unchanged, and every edit
 * the loader could not have produced is refused with the place named.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { starterConfig } from "../../../src/commands/init-template.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { revalidateDesired } from "../../../src/config/revalidate.ts";
import type { Desired } from "../../../src/engine/model.ts";
import { files, load } from "./helpers.ts";

/** Every section and form once: remove/external users, external groups, a policy file, OU targets. */
const RICH = `version: 1
identityCenter:
  region: eu-central-1
  instanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef
  identityStoreId: d-1234567890
accounts:
  dev: "111111111111"
  prod: "333333333333"
organizationalUnits:
  workloads: ou-ab12-cdef3456
users:
  dave: { displayName: Dave Example, givenName: Dave, familyName: Example, email: dave@example.com }
  erin: { displayName: Erin, givenName: Erin, familyName: E, email: erin@example.com }
  olduser: { remove: true }
  alice: { external: true }
groups:
  platform-engineers: { description: Platform team, members: [erin, dave] }
  quiet: { members: [] }
  sso-admins: { external: true }
permissionSets:
  terraform-core:
    description: Terraform state access
    sessionDuration: PT8H
    relayState: https://console.aws.amazon.com/
    inlinePolicy: policies/core.json
    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
    customerManagedPolicies: [TerraformExtra, { name: Other, path: /team/ }]
    permissionsBoundary: { managedPolicyArn: arn:aws:iam::aws:policy/PowerUserAccess }
    tags: { team: platform }
  terraform-network:
    preset: networking
    permissionsBoundary: { customerManagedPolicy: { name: Boundary } }
  readonly:
    sessionDuration: PT1H30M
    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
assignments:
  - principals: [group:platform-engineers, user:dave]
    permissionSets: [terraform-core, terraform-network]
    targets: [dev, account:prod, ou:workloads]
  - principals: [group:sso-admins, user:alice]
    permissionSets: [readonly]
    targets: [prod]
prune:
  enabled: true
  permissionSets: ["terraform-*"]
  groups: [quiet]
  assignments: false
stateBackend:
  account: dev
  region: eu-central-1
  keyPrefix: env/
  locking: dynamodb
  dynamodbTable: tf-locks
  encryption: { type: kms, alias: alias/state }
  noncurrentVersionDays: 30
  accessLogging: { bucket: acme-logs }
  tags: { cost-center: "42" }
  allowWeakening: true
`;

const POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

function rich(): Desired {
  return load(RICH, files({ "policies/core.json": POLICY })).desired;
}

/** A deep copy as a saved plan holds it (JSON), to edit. */
function copy(desired: Desired): Desired {
  return JSON.parse(JSON.stringify(desired)) as Desired;
}

function refused(value: unknown): string[] {
  const r = revalidateDesired(value);
  assert.equal(r.ok, false, "the edited Desired was accepted");
  return r.ok ? [] : r.problems;
}

describe("revalidateDesired: what the loader produces passes", () => {
  test("a file with every section and form", () => {
    const desired = rich();
    const r = revalidateDesired(copy(desired));
    assert.ok(r.ok, r.ok ? "" : r.problems.join("\n"));
    assert.deepEqual(r.desired, desired);
  });

  test("examples/keyless.yaml (catalog presets, a state backend named by account)", async () => {
    const { desired } = await loadConfig("examples/keyless.yaml");
    const r = revalidateDesired(copy(desired));
    assert.ok(r.ok, r.ok ? "" : r.problems.join("\n"));
  });

  test("the starter file of keyless init, and a file with nothing but the head", () => {
    for (const text of [
      starterConfig({
        region: "eu-west-1",
        accounts: [{ name: "Dev Account", id: "111111111111" }],
        discovered: false,
      }),
      "version: 1\nidentityCenter:\n  region: eu-central-1\n",
      'version: 1\nidentityCenter:\n  region: eu-central-1\nstateBackend:\n  account: "123456789012"\n  region: eu-west-1\n  encryption: { type: aes256 }\n',
    ]) {
      const r = revalidateDesired(copy(load(text).desired));
      assert.ok(r.ok, r.ok ? "" : r.problems.join("\n"));
    }
  });
});

describe("revalidateDesired: an edited copy is refused, naming the place", () => {
  test("a value outside an AWS limit is refused with the loader's own message", () => {
    const d = copy(rich());
    d.permissionSets[0]!.sessionDuration = "PT13H";
    const problems = refused(d);
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0]!, /^permissionSets\.readonly\.sessionDuration: .*PT12H/);
  });

  test("a description AWS does not accept", () => {
    const d = copy(rich());
    const core = d.permissionSets.find((p) => p.name === "terraform-core")!;
    core.description = "x".repeat(701);
    assert.match(refused(d).join("\n"), /permissionSets\.terraform-core\.description: .*700/);
  });

  test("a reference to a user the file does not define", () => {
    const d = copy(rich());
    d.groups[0]!.members.push("mallory");
    assert.match(refused(d).join("\n"), /mallory/);
  });

  test("a broken inline policy", () => {
    const d = copy(rich());
    d.permissionSets[0]!.inlinePolicy = '{"Version":"2012-10-17"}';
    assert.match(refused(d).join("\n"), /permissionSets\.readonly\.inlinePolicy.*Statement/);
  });

  test("an account id that is not the one the accounts section names", () => {
    const d = copy(rich());
    const target = d.assignmentRules[0]!.targets[0]!;
    assert.equal(target.kind, "account");
    if (target.kind === "account") target.accountId = "999999999999";
    assert.match(refused(d)[0]!, /^assignmentRules\[0\]\.targets\[0\]\.accountId: is "999999999999"/);
  });

  test("keyless's own tag changed, a field no file can set, a wrong type", () => {
    const tagged = copy(rich());
    tagged.permissionSets[0]!.tags["managed-by"] = "someone-else";
    assert.match(refused(tagged)[0]!, /tags\["managed-by"\]: is "someone-else".*gives "keyless"/);

    const extra = copy(rich()) as unknown as { users: Record<string, unknown>[] };
    extra.users[0]!.admin = true;
    assert.match(refused(extra)[0]!, /^users\[0\]\.admin: is true, but .* gives absent/);

    const typed = copy(rich()) as unknown as { accounts: Record<string, unknown> };
    typed.accounts.dev = 111111111111;
    assert.match(refused(typed).join("\n"), /accounts\.dev: expected a string, got a number/);
  });

  test("something that is no Desired at all", () => {
    for (const value of [{}, { identityCenter: "x" }, { users: "all" }]) {
      assert.ok(refused(value).length > 0);
    }
  });
});
