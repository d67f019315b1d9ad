/**
 * Names and descriptions are checked against the character classes of the AWS API models
 * (src/config/patterns.ts), so what AWS would refuse half-way through an apply is refused by validate.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { badCharacterMessage, describeCharacter } from "../../../src/config/characters.ts";
import * as P from "../../../src/config/patterns.ts";
import { cfg, files, load, problem, problems } from "./helpers.ts";

const user = (name: string, fields = "") =>
  cfg(
    `users:\n  ${name}:\n    displayName: D\n    givenName: G\n    familyName: F\n    email: a@example.com\n${fields}`,
  );

const ID_TEXT = P.IDENTITY_TEXT_CHARS.allowed;
const GROUP = P.GROUP_NAME_CHARS.allowed;

describe("config: characters AWS refuses in identity store names and texts", () => {
  it("refuses a control character in a user name, naming it and where it is", () => {
    assert.equal(
      problem(user('"al\\u0007ice"')),
      `keyless.yaml:5:3: users: user name has U+0007 (a control character) at character 3; AWS accepts only ${P.USER_NAME_CHARS.allowed}`,
    );
  });

  it("refuses spaces and invisible characters in a user name", () => {
    assert.deepEqual(
      problems(cfg('users:\n  "a b": { external: true }\n  "a\\u200bb": { external: true }\n')),
      [
        `keyless.yaml:5:3: users: user name has a space (U+0020) at character 2; AWS accepts only ${P.USER_NAME_CHARS.allowed}`,
        `keyless.yaml:6:3: users: user name has U+200B (an invisible formatting character) at character 2; AWS accepts only ${P.USER_NAME_CHARS.allowed}`,
      ],
    );
  });

  it("refuses an escape sequence in a display name and a control character in an email", () => {
    const text = cfg(
      'users:\n  dave:\n    displayName: "\\e[31mDave"\n    givenName: Dave\n    familyName: D\n    email: "d\\x01@example.com"\n',
    );
    assert.deepEqual(problems(text), [
      `keyless.yaml:6:18: users.dave.displayName: displayName has U+001B (a control character) at character 1; AWS accepts only ${ID_TEXT}`,
      `keyless.yaml:9:12: users.dave.email: email has U+0001 (a control character) at character 2; AWS accepts only ${ID_TEXT}`,
    ]);
  });

  it("accepts what the model allows: accents, symbols, emoji, tabs, no-break and ideographic spaces", () => {
    const text = user("zoë.o'brien+ops", "").replace(
      "displayName: D",
      'displayName: "Zoë 🚀\\tO\'Brien\\u00a0\\u3000"',
    );
    assert.equal(load(text).desired.users[0]?.displayName, "Zoë 🚀\tO'Brien\u00a0\u3000");
  });

  it("refuses a control character in a group name and a group description", () => {
    const text = cfg('groups:\n  "ops\\0": {}\n  dev: { description: "a\\x7fb" }\n');
    assert.deepEqual(problems(text), [
      `keyless.yaml:5:3: groups: group name has U+0000 (a control character) at character 4; AWS accepts only ${GROUP}`,
      `keyless.yaml:6:23: groups.dev.description: description has U+007F (a control character) at character 2; AWS accepts only ${ID_TEXT}`,
    ]);
  });

  it("allows an ideographic space in a group description but not in a group name (GroupDisplayName lacks it)", () => {
    const text = cfg('groups:\n  "a\\u3000b": {}\n  ok: { description: "a\\u3000b" }\n');
    assert.equal(
      problem(text),
      `keyless.yaml:5:3: groups: group name has U+3000 (a space character) at character 2; AWS accepts only ${GROUP}`,
    );
  });
});

describe("config: characters AWS refuses in permission sets", () => {
  const ps = (body: string) =>
    cfg(`permissionSets:\n  ps:\n    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n${body}`);

  it("names the character of a description outside printable Latin-1", () => {
    assert.equal(
      problem(ps('    description: "line one\\nline two\\u0085"\n')),
      `keyless.yaml:7:18: permissionSets.ps.description: description has U+0085 (a control character) at character 18; AWS accepts only ${P.PERMISSION_SET_DESCRIPTION_CHARS.allowed}`,
    );
  });

  it("checks relayState against the RelayState pattern", () => {
    assert.equal(
      problem(ps('    relayState: "https://console.aws.amazon.com/s3/home?region=eu-west-1#<x>"\n')),
      `keyless.yaml:7:17: permissionSets.ps.relayState: relayState has "<" (U+003C) at character 57; AWS accepts only ${P.RELAY_STATE_CHARS.allowed}`,
    );
    const ok = ps("    relayState: https://console.aws.amazon.com/s3/home?region=eu-west-1#/buckets\n");
    assert.equal(
      load(ok).desired.permissionSets[0]?.relayState,
      "https://console.aws.amazon.com/s3/home?region=eu-west-1#/buckets",
    );
  });

  it("checks tag keys and values against the TagKey / TagValue pattern", () => {
    const text = ps(
      '    tags:\n      "team!": x\n      owner: "a\\tb"\n      cost-center: "Ünïcode 42 / a:b=c+d@e"\n',
    );
    assert.deepEqual(problems(text), [
      `keyless.yaml:8:7: permissionSets.ps.tags: tag key has "!" (U+0021) at character 5; AWS accepts only ${P.TAG_CHARS.allowed}`,
      `keyless.yaml:9:14: permissionSets.ps.tags.owner: tag value has a tab (U+0009) at character 2; AWS accepts only ${P.TAG_CHARS.allowed}`,
    ]);
  });

  it("holds customer-managed policy paths to sso-admin's ManagedPolicyPath", () => {
    const text = ps(
      "    customerManagedPolicies:\n      - { name: a, path: /team/sub/ }\n      - { name: b, path: /a*b/ }\n      - { name: c, path: /a//b/ }\n",
    );
    assert.deepEqual(problems(text), [
      'keyless.yaml:9:26: permissionSets.ps.customerManagedPolicies[1].path: "/a*b/" is not a path IAM Identity Center accepts: use segments of letters, digits and . , + @ = _ - between single slashes (e.g. /team/)',
      'keyless.yaml:10:26: permissionSets.ps.customerManagedPolicies[2].path: "/a//b/" is not a path IAM Identity Center accepts: use segments of letters, digits and . , + @ = _ - between single slashes (e.g. /team/)',
    ]);
  });

  it("holds AWS-managed policy ARNs to sso-admin's ManagedPolicyArn (no empty name)", () => {
    const text = cfg(
      "permissionSets:\n  ps:\n    managedPolicies:\n      - arn:aws:iam::aws:policy/job-function/ViewOnlyAccess\n      - arn:aws:iam::aws:policy/ReadOnlyAccess/\n",
    );
    assert.equal(
      problem(text),
      'keyless.yaml:8:9: permissionSets.ps.managedPolicies[1]: "arn:aws:iam::aws:policy/ReadOnlyAccess/" is not an AWS-managed policy ARN; it looks like arn:aws:iam::aws:policy/ReadOnlyAccess',
    );
  });

  it("shows a control character in a refused permission set name escaped", () => {
    assert.equal(
      problem(cfg('permissionSets:\n  "ops\\nAdmin": {}\n')),
      'keyless.yaml:5:3: permissionSets: "ops\\nAdmin" is not a valid permission set name; use 1-32 letters, digits and + = , . @ _ -',
    );
  });
});

describe("config: describing a character", () => {
  it("never returns an unescaped control, format or surrogate character", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x10ffff }), (cp) => {
        const s = String.fromCodePoint(cp);
        const d = describeCharacter(s);
        if (/\p{C}|\p{Z}/u.test(s)) assert.ok(!d.includes(s), d);
        assert.match(d, /U\+[0-9A-F]{4,6}/);
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts every value the model's pattern accepts, and nothing else", () => {
    // The same pattern as botocore's SensitiveStringType, anchored, as an independent oracle.
    const model = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00A0\u3000]+$/u;
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1, maxLength: 12 }), (s) => {
        assert.equal(
          badCharacterMessage("x", s, P.IDENTITY_TEXT_CHARS) === undefined,
          model.test(s),
          JSON.stringify(s),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe("config: characters AWS refuses in inline policies", () => {
  const statement = (value: string) => ({
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::b/*",
    Condition: { StringLike: { "aws:PrincipalTag/team": value } },
  });

  it("points at the value in an inline mapping (above U+00FF: PermissionSetPolicyDocument)", () => {
    const text = cfg(
      "permissionSets:\n  ps:\n    inlinePolicy:\n      Version: 2012-10-17\n      Statement:\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::b/*\n          Condition:\n            StringLike:\n              aws:PrincipalTag/team: café-€\n",
    );
    assert.equal(
      problem(text),
      `keyless.yaml:14:38: permissionSets.ps.inlinePolicy.Statement[0].Condition.StringLike["aws:PrincipalTag/team"]: the inline policy has "€" (U+20AC) at character 6 of Statement[0].Condition.StringLike["aws:PrincipalTag/team"]; AWS accepts only ${P.POLICY_DOCUMENT_CHARS.allowed}: replace it (in a StringLike condition value, ? matches any one character)`,
    );
  });

  it("names the JSON path in a policy file, and accepts Latin-1", () => {
    const doc = (v: string) => JSON.stringify({ Version: "2012-10-17", Statement: [statement(v)] });
    const text = cfg("permissionSets:\n  ps:\n    inlinePolicy: p.json\n");
    assert.equal(
      problem(text, files({ "p.json": doc("🚀") })),
      `keyless.yaml:6:19: permissionSets.ps.inlinePolicy: policy file p.json has "🚀" (U+1F680) at character 1 of Statement[0].Condition.StringLike["aws:PrincipalTag/team"]; AWS accepts only ${P.POLICY_DOCUMENT_CHARS.allowed}: replace it (in a StringLike condition value, ? matches any one character)`,
    );
    assert.ok(
      load(text, files({ "p.json": doc("café") })).desired.permissionSets[0]?.inlinePolicy.includes("café"),
    );
  });
});
