import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cfg, load, problem, problems } from "./helpers.ts";

/** One permission set `ps` whose keys are given (indented by 4); its first key is on line 6. */
const ps = (body: string) => cfg(`permissionSets:\n  ps:\n${body}`);
const arn = (i: number) => `arn:aws:iam::aws:policy/P${i}`;

describe("config: permission sets", () => {
  it("checks the name, pointing at it", () => {
    const text = cfg(
      "permissionSets:\n  terraform/core: { managedPolicies: [] }\n  a-name-that-is-33-characters-long: {}\n",
    );
    assert.deepEqual(problems(text), [
      'keyless.yaml:5:3: permissionSets: "terraform/core" is not a valid permission set name; use 1-32 letters, digits and + = , . @ _ -',
      'keyless.yaml:6:3: permissionSets: "a-name-that-is-33-characters-long" is not a valid permission set name; use 1-32 letters, digits and + = , . @ _ -',
    ]);
  });

  it("suggests the closest key for an unknown one", () => {
    assert.deepEqual(problems(ps("    descripton: x\n    sesionDuration: PT1H\n")), [
      'keyless.yaml:6:5: permissionSets.ps: unknown key "descripton"; did you mean "description"?',
      'keyless.yaml:7:5: permissionSets.ps: unknown key "sesionDuration"; did you mean "sessionDuration"?',
    ]);
  });

  it("limits the description to 700 characters of the allowed set", () => {
    const text = ps(
      `    description: "${"d".repeat(701)}"\n  other:\n    description: "caf\\u00e9 \\u2014 dash"\n`,
    );
    assert.deepEqual(problems(text), [
      "keyless.yaml:6:18: permissionSets.ps.description: description is 701 characters long; the limit is 700",
      'keyless.yaml:8:18: permissionSets.other.description: description has "—" (U+2014) at character 6; AWS accepts only printable Latin-1 text, tabs and line breaks',
    ]);
  });

  it("rejects an empty description (leave the key out for none)", () => {
    assert.equal(
      problem(ps('    description: ""\n')),
      "keyless.yaml:6:18: permissionSets.ps.description: description must not be empty; remove the key instead",
    );
  });

  it("checks session durations: ISO-8601, PT1H to PT12H", () => {
    const text = cfg(
      "permissionSets:\n  a: { sessionDuration: PT59M }\n  b: { sessionDuration: PT12H1M }\n  c: { sessionDuration: 8h }\n",
    );
    assert.deepEqual(problems(text), [
      "keyless.yaml:5:25: permissionSets.a.sessionDuration: PT59M is outside the allowed range; use a duration from PT1H to PT12H",
      "keyless.yaml:6:25: permissionSets.b.sessionDuration: PT12H1M is outside the allowed range; use a duration from PT1H to PT12H",
      'keyless.yaml:7:25: permissionSets.c.sessionDuration: "8h" is not an ISO-8601 duration; write hours and minutes like PT8H or PT1H30M',
    ]);
  });

  it("limits relayState to 240 characters", () => {
    assert.equal(
      problem(ps(`    relayState: https://example.com/${"x".repeat(221)}\n`)),
      "keyless.yaml:6:17: permissionSets.ps.relayState: relayState is 241 characters long; the limit is 240",
    );
  });

  it("checks managed policy ARNs", () => {
    assert.equal(
      problem(ps("    managedPolicies: [arn:aws:iam::123456789012:policy/Mine]\n")),
      'keyless.yaml:6:23: permissionSets.ps.managedPolicies[0]: "arn:aws:iam::123456789012:policy/Mine" is not an AWS-managed policy ARN; it looks like arn:aws:iam::aws:policy/ReadOnlyAccess',
    );
  });

  it("accepts managed policy ARNs of other partitions and with paths", () => {
    const text = ps("    managedPolicies: [arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess]\n");
    assert.deepEqual(load(text).desired.permissionSets[0]?.managedPolicies, [
      "arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess",
    ]);
  });

  it("allows at most 20 managed and customer-managed policies together", () => {
    const managed = Array.from({ length: 15 }, (_, i) => arn(i)).join(", ");
    const customer = Array.from({ length: 6 }, (_, i) => `C${i}`).join(", ");
    assert.equal(
      problem(ps(`    managedPolicies: [${managed}]\n    customerManagedPolicies: [${customer}]\n`)),
      "keyless.yaml:6:22: permissionSets.ps.managedPolicies: 21 managed and customer-managed policies attached; the limit is 20 together",
    );
    const twenty = Array.from({ length: 20 }, (_, i) => arn(i)).join(", ");
    assert.equal(
      load(ps(`    managedPolicies: [${twenty}]\n`)).desired.permissionSets[0]?.managedPolicies.length,
      20,
    );
  });

  it("checks customer-managed policy names and paths, in both spellings", () => {
    const text = ps(
      [
        "    customerManagedPolicies:",
        "      - bad name",
        "      - { name: Ok, path: team/ }",
        "      - { name: Ok, pth: /team/ }",
        `      - ${"n".repeat(129)}`,
        "      - 42",
      ].join("\n"),
    );
    assert.deepEqual(problems(`${text}\n`), [
      'keyless.yaml:7:9: permissionSets.ps.customerManagedPolicies[0]: "bad name" is not a valid IAM policy name; use 1-128 letters, digits and + = , . @ _ -',
      'keyless.yaml:8:27: permissionSets.ps.customerManagedPolicies[1].path: "team/" is not a policy path; it must start and end with "/" (e.g. /team/)',
      'keyless.yaml:9:21: permissionSets.ps.customerManagedPolicies[2]: unknown key "pth"; did you mean "path"?',
      `keyless.yaml:10:9: permissionSets.ps.customerManagedPolicies[3]: "${"n".repeat(129)}" is not a valid IAM policy name; use 1-128 letters, digits and + = , . @ _ -`,
      "keyless.yaml:11:9: permissionSets.ps.customerManagedPolicies[4]: expected a policy name or a mapping { name, path }, got a number",
    ]);
  });

  it("requires exactly one kind of permissions boundary", () => {
    const text = cfg(
      [
        "permissionSets:",
        "  a: { permissionsBoundary: {} }",
        "  b:",
        "    permissionsBoundary:",
        "      managedPolicyArn: arn:aws:iam::aws:policy/PowerUserAccess",
        "      customerManagedPolicy: { name: Boundary }",
      ].join("\n"),
    );
    assert.deepEqual(problems(`${text}\n`), [
      "keyless.yaml:5:29: permissionSets.a.permissionsBoundary: give exactly one of managedPolicyArn or customerManagedPolicy",
      "keyless.yaml:8:7: permissionSets.b.permissionsBoundary: give exactly one of managedPolicyArn or customerManagedPolicy",
    ]);
  });

  it("checks tags: the managed-by key is keyless's, limits on keys, values and count", () => {
    const text = cfg(
      [
        "permissionSets:",
        "  a:",
        "    tags:",
        "      managed-by: me",
        `      ${"k".repeat(129)}: v`,
        `      long: ${"v".repeat(257)}`,
        "      aws:thing: x",
        "      cost: 12",
      ].join("\n"),
    );
    assert.deepEqual(problems(`${text}\n`), [
      'keyless.yaml:7:7: permissionSets.a.tags: "managed-by" is set by keyless (managed-by: keyless) to mark what it owns; remove this tag',
      "keyless.yaml:8:7: permissionSets.a.tags: tag key is 129 characters long; the limit is 128",
      "keyless.yaml:9:13: permissionSets.a.tags.long: tag value is 257 characters long; the limit is 256",
      'keyless.yaml:10:7: permissionSets.a.tags: tag keys starting with "aws:" are reserved',
      'keyless.yaml:11:13: permissionSets.a.tags.cost: expected a string, got a number; quote it: "12"',
    ]);
  });

  it("allows 74 tags of the user's own (keyless adds the 75th)", () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}: v`).join(", ");
    assert.equal(
      Object.keys(load(ps(`    tags: { ${tags(74)} }\n`)).desired.permissionSets[0]!.tags).length,
      75,
    );
    assert.equal(
      problem(ps(`    tags: { ${tags(75)} }\n`)),
      "keyless.yaml:6:11: permissionSets.ps.tags: 75 tags plus keyless's managed-by tag is 76; the limit is 75",
    );
  });

  it("warns about a permission set that grants nothing", () => {
    const loaded = load(ps("    description: empty\n"));
    assert.deepEqual(loaded.warnings, [
      'keyless.yaml:5:3: permissionSets: permission set "ps" grants no permissions; add an inlinePolicy or managedPolicies',
    ]);
  });
});
