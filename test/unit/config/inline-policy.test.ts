import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "../../../src/config/load.ts";
import type { ReadFile } from "../../../src/config/policy.ts";
import { cfg, files, load, problem, problems } from "./helpers.ts";

/** Permission set `ps` with the given inlinePolicy value; the value is on line 6, column 19. */
const withPolicy = (value: string) => cfg(`permissionSets:\n  ps:\n    inlinePolicy: ${value}\n`);

const statement = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };

describe("config: inline policies", () => {
  it("reads a policy file relative to the config and stores it as compact JSON", () => {
    const doc = { Version: "2012-10-17", Statement: [statement] };
    const loaded = load(
      withPolicy("policies/ps.json"),
      files({ "policies/ps.json": JSON.stringify(doc, null, 2) }),
    );
    assert.equal(loaded.desired.permissionSets[0]?.inlinePolicy, JSON.stringify(doc));
  });

  it("resolves the policy file against the config's directory", () => {
    const seen: string[] = [];
    const read: ReadFile = (p) => {
      seen.push(p);
      return JSON.stringify({ Version: "2012-10-17", Statement: statement });
    };
    parseConfig(withPolicy("policies/ps.json"), "/srv/iam/keyless.yaml", read);
    assert.deepEqual(seen, ["/srv/iam/policies/ps.json"]);
  });

  it("accepts the policy as a mapping, keeping key order", () => {
    const text = cfg(
      "permissionSets:\n  ps:\n    inlinePolicy:\n      Version: '2012-10-17'\n      Statement:\n        - { Effect: Allow, Action: 's3:*', Resource: '*' }\n",
    );
    assert.equal(
      load(text).desired.permissionSets[0]?.inlinePolicy,
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
    );
  });

  it("names a missing policy file at the line that refers to it", () => {
    assert.equal(
      problem(withPolicy("policies/nope.json")),
      `keyless.yaml:6:19: permissionSets.ps.inlinePolicy: policy file policies/nope.json not found (looked for ${process.cwd()}/policies/nope.json); create it or fix the path`,
    );
  });

  it("names an unreadable policy file", () => {
    const denied: ReadFile = () => {
      throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    };
    assert.equal(
      problem(withPolicy("policies/secret.json"), denied),
      "keyless.yaml:6:19: permissionSets.ps.inlinePolicy: policy file policies/secret.json cannot be read (permission denied); make it readable",
    );
  });

  it("reports invalid JSON with its line and column in the policy file", () => {
    const trailingComma = '{\n  "Version": "2012-10-17",\n  "Statement": [],\n}';
    const p = problem(withPolicy("p.json"), files({ "p.json": trailingComma }));
    assert.match(
      p,
      /^keyless\.yaml:6:19: permissionSets\.ps\.inlinePolicy: policy file p\.json is not valid JSON: /,
    );
    assert.match(p, /\(line 4 column 1\)$/);
  });

  it("requires Version and Statement and knows the policy elements", () => {
    const read = files({ "p.json": JSON.stringify({ Statment: [statement] }) });
    assert.deepEqual(problems(withPolicy("p.json"), read), [
      'keyless.yaml:6:19: permissionSets.ps.inlinePolicy: policy file p.json has an unknown element "Statment"; did you mean "Statement"?',
      'keyless.yaml:6:19: permissionSets.ps.inlinePolicy: policy file p.json has no Version; add "Version": "2012-10-17"',
      "keyless.yaml:6:19: permissionSets.ps.inlinePolicy: policy file p.json has no Statement; add at least one statement",
    ]);
  });

  it("points at the element inside an inline mapping", () => {
    const text = cfg(
      "permissionSets:\n  ps:\n    inlinePolicy:\n      Version: '2012-10-18'\n      Statement: []\n",
    );
    assert.deepEqual(problems(text), [
      'keyless.yaml:7:16: permissionSets.ps.inlinePolicy.Version: the inline policy has Version "2012-10-18"; use "2012-10-17"',
      "keyless.yaml:8:18: permissionSets.ps.inlinePolicy.Statement: the inline policy: Statement must be a statement object or a non-empty list of them",
    ]);
  });

  it("rejects a policy file that is not a JSON object", () => {
    assert.equal(
      problem(withPolicy("p.json"), files({ "p.json": "[]" })),
      "keyless.yaml:6:19: permissionSets.ps.inlinePolicy: policy file p.json must be a JSON object with Version and Statement",
    );
  });

  it("rejects an inline policy of the wrong type", () => {
    assert.equal(
      problem(withPolicy("[a, b]")),
      "keyless.yaml:6:19: permissionSets.ps.inlinePolicy: expected a path to a JSON policy file or the policy document as a mapping, got a list",
    );
  });

  /** A policy whose compact JSON has exactly `chars` non-whitespace characters (and lints clean). */
  function policyOfSize(chars: number, filler = "a"): string {
    const arn = "arn:aws:s3:::";
    const empty = JSON.stringify({
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Action: "s3:*", Resource: arn },
    });
    return JSON.stringify({
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Action: "s3:*", Resource: arn + filler.repeat(chars - empty.length) },
    });
  }

  it("allows 10,240 non-whitespace characters and not one more (whitespace in the file does not count)", () => {
    const ok = JSON.stringify(JSON.parse(policyOfSize(10_240)), null, 8);
    assert.ok(ok.length > 10_240);
    assert.equal(
      load(withPolicy("p.json"), files({ "p.json": ok })).desired.permissionSets[0]?.inlinePolicy.length,
      10_240,
    );
    assert.equal(
      problem(withPolicy("p.json"), files({ "p.json": policyOfSize(10_241) })),
      "keyless.yaml:6:19: permissionSets.ps.inlinePolicy: policy file p.json is 10241 characters without whitespace; AWS allows 10240. Use wildcards or split the permission set",
    );
  });

  it("limits the policy to 32,768 bytes", () => {
    // "é" is 2 bytes and spaces do not count as characters: few enough characters, too many bytes.
    // (Characters above U+00FF, which take more bytes, are refused by themselves: characters.test.ts.)
    const big = policyOfSize(9_000, "é  ");
    assert.equal(
      problem(withPolicy("p.json"), files({ "p.json": big })),
      `keyless.yaml:6:19: permissionSets.ps.inlinePolicy: policy file p.json is ${Buffer.byteLength(big)} bytes; AWS allows 32768. Shorten it or split the permission set`,
    );
  });
});
