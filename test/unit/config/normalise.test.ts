import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cfg, files, load, problem } from "./helpers.ts";

describe("config: normalisation into Desired", () => {
  it("fills defaults for a bare permission set", () => {
    const text = cfg(
      "permissionSets:\n  ps: { managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n",
    );
    assert.deepEqual(load(text).desired.permissionSets, [
      {
        name: "ps",
        description: "",
        sessionDuration: "PT1H",
        relayState: "",
        inlinePolicy: "",
        managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        customerManagedPolicies: [],
        permissionsBoundary: null,
        tags: { "managed-by": "keyless" },
      },
    ]);
  });

  it("normalises a full permission set", () => {
    const text = cfg(
      [
        "permissionSets:",
        "  ps:",
        "    description: Everything",
        "    sessionDuration: PT90M",
        "    relayState: https://console.aws.amazon.com/s3/",
        "    inlinePolicy: p.json",
        "    managedPolicies:",
        "      - arn:aws:iam::aws:policy/ReadOnlyAccess",
        "      - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "      - arn:aws:iam::aws:policy/ReadOnlyAccess",
        "    customerManagedPolicies: [Zed, { name: Alpha, path: /team/ }, Alpha, { name: Zed }]",
        "    permissionsBoundary: { customerManagedPolicy: { name: Boundary } }",
        "    tags: { team: platform, cost-center: '42' }",
        "",
      ].join("\n"),
    );
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };
    const loaded = load(text, files({ "p.json": JSON.stringify(policy, null, 4) }));
    assert.deepEqual(loaded.desired.permissionSets[0], {
      name: "ps",
      description: "Everything",
      sessionDuration: "PT1H30M",
      relayState: "https://console.aws.amazon.com/s3/",
      inlinePolicy: JSON.stringify(policy),
      managedPolicies: [
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
      ],
      customerManagedPolicies: [
        { name: "Alpha", path: "/" },
        { name: "Zed", path: "/" },
        { name: "Alpha", path: "/team/" },
      ],
      permissionsBoundary: { kind: "customer", name: "Boundary", path: "/" },
      tags: { "cost-center": "42", "managed-by": "keyless", team: "platform" },
    });
    assert.deepEqual(loaded.warnings, [
      // The reach checks of policy lint, one warning for the 18 actions "s3:*" reaches them with.
      'p.json:6:13: permissionSets.ps.inlinePolicy: "s3:*" grants 18 actions that reach beyond the resources this policy manages: 18 resource-policy writes (Statement[0].Action, resource-policy/*); fix: `keyless policy lint` lists each with what it lets the holder do and its fix',
      "keyless.yaml:13:9: permissionSets.ps.managedPolicies[2]: arn:aws:iam::aws:policy/ReadOnlyAccess is listed twice",
    ]);
  });

  it("maps a managed permissions boundary", () => {
    const text = cfg(
      "permissionSets:\n  ps:\n    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n    permissionsBoundary: { managedPolicyArn: arn:aws:iam::aws:policy/PowerUserAccess }\n",
    );
    assert.deepEqual(load(text).desired.permissionSets[0]?.permissionsBoundary, {
      kind: "managed",
      arn: "arn:aws:iam::aws:policy/PowerUserAccess",
    });
  });

  for (const [given, canonical] of [
    ["PT1H", "PT1H"],
    ["PT60M", "PT1H"],
    ["PT8H", "PT8H"],
    ["PT90M", "PT1H30M"],
    ["PT1H90M", "PT2H30M"],
    ["PT3600S", "PT1H"],
    ["PT12H", "PT12H"],
    ["PT720M", "PT12H"],
  ]) {
    it(`writes sessionDuration ${given} as ${canonical}`, () => {
      const text = cfg(
        `permissionSets:\n  ps: { sessionDuration: ${given}, managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n`,
      );
      assert.equal(load(text).desired.permissionSets[0]?.sessionDuration, canonical);
    });
  }

  it("sorts users, groups and permission sets by name, members too; keeps assignment order", () => {
    const text = cfg(
      [
        'accounts: { dev: "011111111111" }',
        "users:",
        "  zoe: { displayName: Zoe Z, givenName: Zoe, familyName: Z, email: zoe@example.com }",
        "  adam: { external: true }",
        "  gone: { remove: true }",
        "groups:",
        "  zeta: { members: [zoe, adam] }",
        "  alpha: { description: First }",
        "  ext: { external: true }",
        "permissionSets:",
        "  b-set: { managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }",
        "  a-set: { managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }",
        "assignments:",
        "  - { principals: [group:zeta], permissionSets: [b-set], targets: [dev] }",
        "  - { principals: [user:adam], permissionSets: [a-set], targets: [dev] }",
        "",
      ].join("\n"),
    );
    const { desired } = load(text);
    assert.deepEqual(desired.identityCenter, { region: "eu-central-1" });
    assert.deepEqual(desired.accounts, { dev: "011111111111" });
    assert.deepEqual(desired.organizationalUnits, {});
    assert.deepEqual(desired.users, [
      {
        userName: "adam",
        displayName: "",
        givenName: "",
        familyName: "",
        email: "",
        remove: false,
        external: true,
      },
      {
        userName: "gone",
        displayName: "",
        givenName: "",
        familyName: "",
        email: "",
        remove: true,
        external: false,
      },
      {
        userName: "zoe",
        displayName: "Zoe Z",
        givenName: "Zoe",
        familyName: "Z",
        email: "zoe@example.com",
        remove: false,
        external: false,
      },
    ]);
    assert.deepEqual(desired.groups, [
      { name: "alpha", description: "First", members: [], external: false },
      { name: "ext", description: "", members: [], external: true },
      { name: "zeta", description: "", members: ["adam", "zoe"], external: false },
    ]);
    assert.deepEqual(
      desired.permissionSets.map((p) => p.name),
      ["a-set", "b-set"],
    );
    assert.deepEqual(
      desired.assignmentRules.map((r) => r.permissionSets[0]),
      ["b-set", "a-set"],
    );
  });

  it("keeps the optional identityCenter ids", () => {
    const text =
      "version: 1\nidentityCenter:\n  region: us-gov-west-1\n  instanceArn: arn:aws-us-gov:sso:::instance/ssoins-1234567890abcdef\n  identityStoreId: d-1234567890\n";
    assert.deepEqual(load(text).desired.identityCenter, {
      region: "us-gov-west-1",
      instanceArn: "arn:aws-us-gov:sso:::instance/ssoins-1234567890abcdef",
      identityStoreId: "d-1234567890",
    });
  });

  it("warns when two account names share an id", () => {
    const loaded = load(cfg('accounts:\n  dev: "444455556666"\n  development: "444455556666"\n'));
    assert.deepEqual(loaded.warnings, [
      'keyless.yaml:6:16: accounts.development: account id 444455556666 is also listed as "dev"; assignments to either name reach the same account',
    ]);
  });

  it("warns on the placeholder account ids that `keyless init --offline` writes", () => {
    const loaded = load(
      cfg('accounts:\n  dev: "111111111111"\n  real: "444455556666"\n  prod: "333333333333"\n'),
    );
    assert.deepEqual(loaded.warnings, [
      "keyless.yaml:5:8: accounts.dev: account id 111111111111 is a placeholder written by `keyless init --offline`; replace it with the 12-digit id of your account (keyless plan reports it as not a member of the organization)",
      "keyless.yaml:7:9: accounts.prod: account id 333333333333 is a placeholder written by `keyless init --offline`; replace it with the 12-digit id of your account (keyless plan reports it as not a member of the organization)",
    ]);
  });

  it("reports every problem of a file at once, in file order", () => {
    const text = cfg("accounts:\n  dev: 1\nusers:\n  x: { remove: maybe }\nprune: { enabled: 1 }\n");
    const lines = (() => {
      try {
        load(text);
      } catch (e) {
        return (e as { details: string[] }).details;
      }
      return [];
    })();
    assert.deepEqual(
      lines.map((l) => l.split(": ")[0]),
      ["keyless.yaml:5:8", "keyless.yaml:7:16", "keyless.yaml:8:19"],
    );
    // and problem() agrees on a single one
    assert.match(
      problem(cfg("prune: { enabled: 1 }\n")),
      /^keyless\.yaml:4:19: prune\.enabled: expected true or false, got a number$/,
    );
  });
});
