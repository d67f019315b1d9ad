import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cfg, load, problem, problems } from "./helpers.ts";

describe("config: top level and identityCenter", () => {
  it("requires version 1", () => {
    assert.equal(
      problem("version: 2\nidentityCenter:\n  region: eu-central-1\n"),
      "keyless.yaml:1:10: version: version 2 is not supported; this keyless reads version: 1",
    );
  });

  it("says how to add a missing version", () => {
    assert.equal(
      problem("identityCenter:\n  region: eu-central-1\n"),
      'keyless.yaml:1:1: version: missing required key "version"; add `version: 1` at the top of the file',
    );
  });

  it("suggests the closest key for an unknown one", () => {
    assert.deepEqual(problems("version: 1\nidentityCenter:\n  regon: eu-central-1\n"), [
      'keyless.yaml:2:1: identityCenter.region: missing required key "region"',
      'keyless.yaml:3:3: identityCenter: unknown key "regon"; did you mean "region"?',
    ]);
  });

  it("lists the allowed keys when nothing is close", () => {
    assert.equal(
      problem(cfg("wibble: 1\n")),
      'keyless.yaml:4:1: unknown key "wibble"; allowed keys here: version, identityCenter, accounts, ' +
        "organizationalUnits, users, groups, permissionSets, assignments, prune, catalog, stateBackend, ci",
    );
  });

  it("treats a differently-cased key as a typo", () => {
    assert.equal(
      problem(cfg("Accounts: {}\n")),
      'keyless.yaml:4:1: unknown key "Accounts"; did you mean "accounts"?',
    );
  });

  it("names the expected and the given type", () => {
    assert.deepEqual(problems(cfg("users: [dave]\nassignments: {}\n")), [
      "keyless.yaml:4:8: users: expected a mapping, got a list",
      "keyless.yaml:5:14: assignments: expected a list, got a mapping",
    ]);
  });

  it("checks the region format", () => {
    assert.equal(
      problem("version: 1\nidentityCenter:\n  region: Frankfurt\n"),
      'keyless.yaml:3:11: identityCenter.region: "Frankfurt" is not an AWS region name; write one like eu-central-1',
    );
  });

  it("checks the instance ARN and identity store id formats", () => {
    const text = cfg("  instanceArn: arn:aws:sso:::instance/ins-1234\n  identityStoreId: d-12\n");
    assert.deepEqual(problems(text), [
      'keyless.yaml:4:16: identityCenter.instanceArn: "arn:aws:sso:::instance/ins-1234" is not an Identity Center instance ARN; it looks like arn:aws:sso:::instance/ssoins-0123456789abcdef',
      'keyless.yaml:5:20: identityCenter.identityStoreId: "d-12" is not an identity store id; it looks like d-1234567890',
    ]);
  });

  it("accepts instance ids with any lowercase letters (lenient)", () => {
    const text = cfg(
      "  instanceArn: arn:aws:sso:::instance/ssoins-72230a8b9cdzz123\n  identityStoreId: d-9067abcdef\n",
    );
    assert.doesNotThrow(() => load(text));
  });

  it("accepts empty optional sections", () => {
    assert.doesNotThrow(() => load(cfg("users:\ngroups:\nassignments:\n")));
  });
});
