import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cfg, load, problem, problems } from "./helpers.ts";

describe("config: accounts and organizational units", () => {
  it("asks to quote an account id given as a number, keeping its leading zero", () => {
    assert.equal(
      problem(cfg("accounts:\n  dev: 011111111111\n")),
      'keyless.yaml:5:8: accounts.dev: expected a string, got a number; quote it: "011111111111" ' +
        "(unquoted, YAML reads a number and leading zeros would be lost)",
    );
  });

  it("requires exactly 12 digits", () => {
    assert.deepEqual(problems(cfg('accounts:\n  dev: "11111111111"\n  prod: "1111111111112"\n')), [
      'keyless.yaml:5:8: accounts.dev: "11111111111" is not an AWS account id; write the 12 digits as a quoted string',
      'keyless.yaml:6:9: accounts.prod: "1111111111112" is not an AWS account id; write the 12 digits as a quoted string',
    ]);
  });

  it("checks account names, pointing at the name", () => {
    assert.equal(
      problem(cfg('accounts:\n  "my dev": "111111111111"\n')),
      'keyless.yaml:5:3: accounts: "my dev" is not a usable name; use up to 64 letters, digits and _ . @ + - (no spaces or ":")',
    );
  });

  it("checks OU and root ids", () => {
    const text = cfg(
      "organizationalUnits:\n  a: ou-ab12-cdef3456\n  root: r-ab12\n  bad: ou-ab12\n  worse: o-abcdefghij\n",
    );
    assert.deepEqual(problems(text), [
      'keyless.yaml:7:8: organizationalUnits.bad: "ou-ab12" is not an OU id (ou-xxxx-xxxxxxxx) or root id (r-xxxx); copy it from AWS Organizations',
      'keyless.yaml:8:10: organizationalUnits.worse: "o-abcdefghij" is not an OU id (ou-xxxx-xxxxxxxx) or root id (r-xxxx); copy it from AWS Organizations',
    ]);
  });
});

describe("config: users", () => {
  it("requires every field of a managed user, pointing at the user", () => {
    assert.deepEqual(problems(cfg("users:\n  dave:\n    displayName: Dave Example\n    givenName: Dave\n")), [
      'keyless.yaml:5:3: users.dave.familyName: missing required key "familyName"; managed users need displayName, givenName, familyName, email (or mark the user external: true)',
      'keyless.yaml:5:3: users.dave.email: missing required key "email"; managed users need displayName, givenName, familyName, email (or mark the user external: true)',
    ]);
  });

  it("checks the email shape", () => {
    const text = cfg(
      "users:\n  dave: { displayName: D E, givenName: D, familyName: E, email: dave.example.com }\n",
    );
    assert.equal(
      problem(text),
      'keyless.yaml:5:65: users.dave.email: "dave.example.com" does not look like an email address',
    );
  });

  it("rejects reserved and over-long user names", () => {
    const long = "u".repeat(129);
    const text = cfg(
      `users:\n  Administrator: { external: true }\n  ${long}: { external: true }\n  awsadministrators: { external: true }\n`,
    );
    assert.deepEqual(problems(text), [
      'keyless.yaml:5:3: users: "Administrator" is reserved by IAM Identity Center; choose another user name',
      "keyless.yaml:6:3: users: user name is 129 characters long; the limit is 128",
      'keyless.yaml:7:3: users: "awsadministrators" is reserved by IAM Identity Center; choose another user name',
    ]);
  });

  it("accepts a 128-character user name", () => {
    const text = cfg(`users:\n  ${"u".repeat(128)}: { external: true }\n`);
    assert.equal(load(text).desired.users[0]?.userName.length, 128);
  });

  it("forbids other fields on remove: true and external: true users", () => {
    const text = cfg(
      "users:\n  old: { remove: true, email: old@example.com }\n  ext: { external: true, givenName: E }\n",
    );
    assert.deepEqual(problems(text), [
      "keyless.yaml:5:31: users.old.email: remove: true users take no other keys; delete email",
      "keyless.yaml:6:37: users.ext.givenName: external: true users take no other keys; delete givenName",
    ]);
  });

  it("forbids remove and external together", () => {
    assert.equal(
      problem(cfg("users:\n  old: { remove: true, external: true }\n")),
      "keyless.yaml:5:18: users.old.remove: a user cannot be both remove: true and external: true; keep one",
    );
  });

  it("rejects an empty user entry", () => {
    assert.equal(
      problem(cfg("users:\n  dave:\n")),
      "keyless.yaml:5:3: users.dave: expected a mapping, got an empty value",
    );
  });

  it("asks to quote a name given as a number", () => {
    const text = cfg("users:\n  dave: { displayName: 007, givenName: J, familyName: B, email: j@b.co }\n");
    assert.equal(
      problem(text),
      'keyless.yaml:5:24: users.dave.displayName: expected a string, got a number; quote it: "007"',
    );
  });
});

describe("config: groups", () => {
  const users = "users:\n  dave: { external: true }\n  old: { remove: true }\n";

  it("requires members to be users of the file that are not removed, each once", () => {
    const text = cfg(`${users}groups:\n  team:\n    members: [dave, old, daev, dave]\n`);
    assert.deepEqual(problems(text), [
      'keyless.yaml:9:21: groups.team.members[1]: user "old" is marked remove: true; take it out of the group\'s members',
      'keyless.yaml:9:26: groups.team.members[2]: unknown user "daev"; define it under users (external: true for existing ones); did you mean "dave"?',
      'keyless.yaml:9:32: groups.team.members[3]: "dave" is listed twice; list each member once',
    ]);
  });

  it("checks members even when the users section has its own problems", () => {
    const text = cfg("users:\n  dave: { external: yes }\ngroups:\n  team: { members: [bob] }\n");
    assert.deepEqual(problems(text), [
      'keyless.yaml:5:21: users.dave.external: expected true or false, got a string ("yes")',
      'keyless.yaml:7:21: groups.team.members[0]: unknown user "bob"; define it under users (external: true for existing ones)',
    ]);
  });

  it("forbids members and description on external groups", () => {
    const text = cfg(`${users}groups:\n  admins: { external: true, description: Admins, members: [dave] }\n`);
    assert.deepEqual(problems(text), [
      "keyless.yaml:8:42: groups.admins.description: external groups are never written, so description has no effect; delete it or drop external: true",
      "keyless.yaml:8:59: groups.admins.members: external groups are never written, so members has no effect; delete it or drop external: true",
    ]);
  });
});
