import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { findPreset } from "../../../src/catalog/registry.ts";
import { configJsonSchema } from "../../../src/config/json-schema.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { configSchema } from "../../../src/config/schema.ts";

/** The reference example of docs/config.md (the format spec), with every feature once. */
const SPEC_EXAMPLE = `
version: 1
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
  dave:
    displayName: Dave Example
    givenName: Dave
    familyName: Example
    email: dave@example.com
  olduser: { remove: true }
  alice: { external: true }
groups:
  platform-engineers:
    description: Platform team
    members: [dave]
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
assignments:
  - principals: [group:platform-engineers, user:dave]
    permissionSets: [terraform-core]
    targets: [dev, account:prod, ou:workloads]
prune:
  enabled: false
  permissionSets: ["terraform-*"]
  groups: []
  assignments: true
`;

const DOMAINS = ["core", "storage", "compute", "iam", "networking", "database", "serverless", "monitoring"];

describe("config: schema and the example file", () => {
  it("the spec example passes the zod schema", () => {
    const result = configSchema.safeParse(parse(SPEC_EXAMPLE));
    assert.equal(result.success, true, JSON.stringify(result.error?.issues));
  });

  it("the JSON Schema describes every section, with descriptions", () => {
    const schema = configJsonSchema() as {
      $schema: string;
      description: string;
      properties: Record<string, { description?: string }>;
      required: string[];
      additionalProperties: boolean;
    };
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.ok(schema.properties.permissionSets, "has properties.permissionSets");
    assert.deepEqual(Object.keys(schema.properties), [
      "version",
      "identityCenter",
      "accounts",
      "organizationalUnits",
      "users",
      "groups",
      "permissionSets",
      "assignments",
      "prune",
      "catalog",
      "stateBackend",
      "ci",
    ]);
    for (const [key, prop] of Object.entries(schema.properties)) {
      assert.ok(prop.description, `properties.${key} has a description`);
    }
    assert.deepEqual(schema.required, ["version", "identityCenter"]);
    assert.equal(schema.additionalProperties, false);
    assert.ok(JSON.stringify(schema).includes("PT1H to PT12H"));
  });

  it("examples/keyless.yaml loads, its permission sets rendered from the catalog presets", async () => {
    const loaded = await loadConfig("examples/keyless.yaml");
    const { desired } = loaded;
    // Its account ids are placeholders (the demo puts real ones in), and validate says so.
    assert.deepEqual(
      loaded.warnings.map((w) => w.replace(/: account id \d+ is a placeholder.*$/, ": placeholder")),
      [
        "examples/keyless.yaml:19:8: accounts.dev: placeholder",
        "examples/keyless.yaml:20:12: accounts.staging: placeholder",
        "examples/keyless.yaml:21:9: accounts.prod: placeholder",
      ],
    );
    assert.equal(desired.identityCenter.region, "eu-central-1");
    assert.deepEqual(desired.accounts, {
      dev: "111111111111",
      staging: "222222222222",
      prod: "333333333333",
      management: "123456789012",
    });
    assert.equal(desired.stateBackend?.bucket, "keyless-tfstate-123456789012-eu-central-1");
    assert.deepEqual(
      desired.users.map((u) => [u.userName, u.displayName, u.email]),
      [["dave", "Dave Platform", "dave@example.com"]],
    );
    assert.deepEqual(desired.groups, [
      {
        name: "platform-engineers",
        description: "Platform team running Terraform",
        members: ["dave"],
        external: false,
      },
    ]);
    const names = DOMAINS.map((d) => `terraform-${d}`);
    assert.deepEqual(
      desired.permissionSets.map((p) => p.name),
      [...names].sort(),
    );
    for (const ps of desired.permissionSets) {
      assert.equal(ps.sessionDuration, "PT8H");
      assert.match(ps.description, new RegExp(ps.name.replace("terraform-", ""), "i"));
      const preset = findPreset(ps.name);
      assert.ok(preset, `${ps.name} is a catalog preset`);
      const rendered = preset.render({
        allowedRegions: ["eu-central-1"],
        iamPath: "/terraform/",
        permissionsBoundaryName: "TerraformBoundary",
        // From the example's stateBackend section.
        stateAccountId: "123456789012",
        stateBucket: "keyless-tfstate-123456789012-eu-central-1",
        stateKeyPrefix: "env/",
        stateKmsAlias: "alias/keyless-tfstate",
      });
      assert.equal(ps.inlinePolicy, JSON.stringify(rendered.inlinePolicy));
      assert.deepEqual(ps.managedPolicies, []);
    }
    assert.deepEqual(desired.assignmentRules, [
      {
        principals: [{ type: "GROUP", name: "platform-engineers" }],
        permissionSets: names,
        targets: [{ kind: "account", name: "dev", accountId: "111111111111" }],
      },
    ]);
    assert.deepEqual(desired.prune, {
      permissionSets: ["terraform-*"],
      groups: [],
      assignmentsOfManagedPermissionSets: true,
      enabled: false,
    });
  });

  it("examples/keyless.yaml keeps account ids on simple lines a script can replace", () => {
    const text = readFileSync("examples/keyless.yaml", "utf8");
    for (const [name, id] of [
      ["dev", "111111111111"],
      ["staging", "222222222222"],
      ["prod", "333333333333"],
    ]) {
      assert.match(text, new RegExp(`^  ${name}: "${id}"$`, "m"));
    }
  });
});
