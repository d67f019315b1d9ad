import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cfg, load, problem, problems } from "./helpers.ts";

/** Everything assignments can refer to; the assignment list starts on line 17. */
const defs = cfg(
  [
    'accounts: { dev: "111111111111", prod: "333333333333" }',
    "organizationalUnits: { workloads: ou-ab12-cdef3456 }",
    "users:",
    "  dave: { displayName: Dave E, givenName: Dave, familyName: E, email: dave@example.com }",
    "  alice: { external: true }",
    "  old: { remove: true }",
    "groups:",
    "  platform-engineers: { members: [dave] }",
    "  sso-admins: { external: true }",
    "permissionSets:",
    "  terraform-core: { managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }",
    "  terraform-iam: { managedPolicies: [arn:aws:iam::aws:policy/IAMReadOnlyAccess] }",
    "assignments:",
    "",
  ].join("\n"),
);
const rule = (principals: string, permissionSets: string, targets: string) =>
  `${defs}  - principals: [${principals}]\n    permissionSets: [${permissionSets}]\n    targets: [${targets}]\n`;

describe("config: assignments", () => {
  it("resolves principals and targets of a valid rule, in order", () => {
    const loaded = load(
      rule(
        "group:platform-engineers, user:dave, user:alice, group:sso-admins",
        "terraform-core",
        "prod, account:dev, ou:workloads",
      ),
    );
    assert.deepEqual(loaded.desired.assignmentRules, [
      {
        principals: [
          { type: "GROUP", name: "platform-engineers" },
          { type: "USER", name: "dave" },
          { type: "USER", name: "alice" },
          { type: "GROUP", name: "sso-admins" },
        ],
        permissionSets: ["terraform-core"],
        targets: [
          { kind: "account", name: "prod", accountId: "333333333333" },
          { kind: "account", name: "dev", accountId: "111111111111" },
          { kind: "ou", name: "workloads", ouId: "ou-ab12-cdef3456" },
        ],
      },
    ]);
  });

  it("rejects unknown principals with a suggestion", () => {
    assert.deepEqual(problems(rule("group:platform-engineer, user:dav, user:zed", "terraform-core", "dev")), [
      'keyless.yaml:17:18: assignments[0].principals[0]: unknown group "platform-engineer"; define it under groups (external: true for existing ones); did you mean "platform-engineers"?',
      'keyless.yaml:17:43: assignments[0].principals[1]: unknown user "dav"; define it under users (external: true for existing ones); did you mean "dave"?',
      'keyless.yaml:17:53: assignments[0].principals[2]: unknown user "zed"; define it under users (external: true for existing ones)',
    ]);
  });

  it("rejects users marked for removal", () => {
    assert.equal(
      problem(rule("user:old", "terraform-core", "dev")),
      'keyless.yaml:17:18: assignments[0].principals[0]: user "old" is marked remove: true; take it out of this assignment',
    );
  });

  it("checks the principal format", () => {
    assert.equal(
      problem(rule("dave", "terraform-core", "dev")),
      'keyless.yaml:17:18: assignments[0].principals[0]: "dave" is not a principal; write user:NAME or group:NAME',
    );
  });

  it("rejects unknown permission sets with a suggestion", () => {
    assert.equal(
      problem(rule("user:dave", "terraform-cor", "dev")),
      'keyless.yaml:18:22: assignments[0].permissionSets[0]: unknown permission set "terraform-cor"; define it under permissionSets; did you mean "terraform-core"?',
    );
  });

  it("rejects unknown accounts and OUs, and points out an OU used as an account", () => {
    assert.deepEqual(
      problems(rule("user:dave", "terraform-core", "prd, ou:workload, workloads, account:staging")),
      [
        'keyless.yaml:19:15: assignments[0].targets[0]: unknown account "prd"; define it under accounts; did you mean "prod"?',
        'keyless.yaml:19:20: assignments[0].targets[1]: unknown organizational unit "workload"; define it under organizationalUnits; did you mean "workloads"?',
        'keyless.yaml:19:33: assignments[0].targets[2]: unknown account "workloads"; define it under accounts; "workloads" is an organizational unit: write ou:workloads',
        'keyless.yaml:19:44: assignments[0].targets[3]: unknown account "staging"; define it under accounts',
      ],
    );
  });

  it("requires non-empty lists and known keys", () => {
    assert.deepEqual(
      problems(`${defs}  - principals: []\n    permissionSet: [terraform-core]\n    targets: [dev]\n`),
      [
        'keyless.yaml:17:5: assignments[0].permissionSets: missing required key "permissionSets"',
        "keyless.yaml:17:17: assignments[0].principals: list at least one principal (user:NAME or group:NAME)",
        'keyless.yaml:18:5: assignments[0]: unknown key "permissionSet"; did you mean "permissionSets"?',
      ],
    );
  });
});

describe("config: prune", () => {
  it("applies defaults: disabled, nothing by pattern, assignments authoritative", () => {
    assert.deepEqual(load(cfg("")).desired.prune, {
      permissionSets: [],
      groups: [],
      assignmentsOfManagedPermissionSets: true,
      enabled: false,
    });
  });

  it("keeps the given settings", () => {
    const text = cfg(
      'prune: { enabled: true, permissionSets: ["terraform-*"], groups: [team-*], assignments: false }\n',
    );
    assert.deepEqual(load(text).desired.prune, {
      permissionSets: ["terraform-*"],
      groups: ["team-*"],
      assignmentsOfManagedPermissionSets: false,
      enabled: true,
    });
  });

  it("checks the types of prune settings", () => {
    assert.deepEqual(
      problems(cfg("prune:\n  enabled: yes\n  permissionSets: terraform-*\n  groups: [1]\n")),
      [
        'keyless.yaml:5:12: prune.enabled: expected true or false, got a string ("yes")',
        'keyless.yaml:6:19: prune.permissionSets: expected a list, got a string ("terraform-*")',
        'keyless.yaml:7:12: prune.groups[0]: expected a string, got a number; quote it: "1"',
      ],
    );
  });
});
