import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalisedPolicyText, policiesEqual, policyBroadens } from "../../../src/engine/policy-compare.ts";

const doc = (statement: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statement, ...extra });
const allow = (action: unknown, resource: unknown = "*") => ({
  Effect: "Allow",
  Action: action,
  Resource: resource,
});

describe("policiesEqual", () => {
  const equal: [string, string, string][] = [
    [
      "single action string vs one-element array",
      doc([allow("s3:GetObject")]),
      doc([allow(["s3:GetObject"])]),
    ],
    ["statement object vs one-element array", doc(allow("s3:GetObject")), doc([allow("s3:GetObject")])],
    ["key order", JSON.stringify({ Statement: [allow("a:b")], Version: "2012-10-17" }), doc([allow("a:b")])],
    ["statement key order", doc([{ Resource: "*", Action: "a:b", Effect: "Allow" }]), doc([allow("a:b")])],
    [
      "whitespace",
      `{ "Version": "2012-10-17",\n  "Statement": [ ${JSON.stringify(allow("a:b"))} ] }`,
      doc([allow("a:b")]),
    ],
    ["action order within one statement", doc([allow(["b:x", "a:y"])]), doc([allow(["a:y", "b:x"])])],
    [
      "resource string vs array",
      doc([allow("a:b", "arn:aws:s3:::x")]),
      doc([allow("a:b", ["arn:aws:s3:::x"])]),
    ],
    [
      "NotAction / NotResource",
      doc([{ Effect: "Deny", NotAction: "iam:*", NotResource: "arn:x" }]),
      doc([{ Effect: "Deny", NotAction: ["iam:*"], NotResource: ["arn:x"] }]),
    ],
    [
      "principal values",
      doc([{ Effect: "Allow", Action: "a:b", Principal: { AWS: "arn:aws:iam::1:root" } }]),
      doc([{ Effect: "Allow", Action: "a:b", Principal: { AWS: ["arn:aws:iam::1:root"] } }]),
    ],
    [
      "condition values",
      doc([{ ...allow("a:b"), Condition: { StringEquals: { "aws:RequestedRegion": "eu-central-1" } } }]),
      doc([{ ...allow("a:b"), Condition: { StringEquals: { "aws:RequestedRegion": ["eu-central-1"] } } }]),
    ],
    ["both empty", "", ""],
    ["empty vs whitespace", "", "  "],
  ];
  for (const [name, a, b] of equal) {
    it(`equal: ${name}`, () => {
      assert.equal(policiesEqual(a, b), true);
      assert.equal(policiesEqual(b, a), true);
      assert.equal(policyBroadens(a, b), false);
    });
  }

  const different: [string, string, string][] = [
    ["other action", doc([allow("s3:GetObject")]), doc([allow("s3:PutObject")])],
    ["extra action", doc([allow("s3:GetObject")]), doc([allow(["s3:GetObject", "s3:PutObject"])])],
    ["statement order is kept", doc([allow("a:b"), allow("c:d")]), doc([allow("c:d"), allow("a:b")])],
    ["policy vs none", doc([allow("a:b")]), ""],
    ["effect", doc([allow("a:b")]), doc([{ ...allow("a:b"), Effect: "Deny" }])],
    ["version", doc([allow("a:b")]), doc([allow("a:b")], { Version: "2008-10-17" })],
  ];
  for (const [name, a, b] of different) {
    it(`different: ${name}`, () => {
      assert.equal(policiesEqual(a, b), false);
      assert.equal(policiesEqual(b, a), false);
    });
  }

  it("unparsable text is compared as trimmed text", () => {
    assert.equal(policiesEqual("{not json", " {not json "), true);
    assert.equal(policiesEqual("{not json", "{not json either"), false);
    assert.equal(normalisedPolicyText(" {x "), "{x");
  });
});

describe("policyBroadens", () => {
  const cases: [string, string, string, boolean][] = [
    ["new allow statement", doc([allow("a:b")]), doc([allow("a:b"), allow("c:d")]), true],
    ["action added to a statement", doc([allow("a:b")]), doc([allow(["a:b", "c:d"])]), true],
    ["policy added", "", doc([allow("a:b")]), true],
    ["policy removed", doc([allow("a:b")]), "", false],
    ["allow statement removed", doc([allow("a:b"), allow("c:d")]), doc([allow("a:b")]), false],
    [
      "deny added",
      doc([allow("a:b")]),
      doc([allow("a:b"), { Effect: "Deny", Action: "x:y", Resource: "*" }]),
      false,
    ],
    [
      "deny removed",
      doc([allow("a:b"), { Effect: "Deny", Action: "x:y", Resource: "*" }]),
      doc([allow("a:b")]),
      true,
    ],
    [
      "Sid renamed only",
      doc([{ Sid: "One", ...allow("a:b") }]),
      doc([{ Sid: "Two", ...allow("a:b") }]),
      false,
    ],
    ["reordered statements", doc([allow("a:b"), allow("c:d")]), doc([allow("c:d"), allow("a:b")]), false],
    ["unparsable after", doc([allow("a:b")]), "{oops", true],
  ];
  for (const [name, before, after, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(policyBroadens(before, after), expected));
  }
});
