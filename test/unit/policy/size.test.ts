import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { POLICY_SIZE_LIMITS, policySize } from "../../../src/policy/index.ts";
import { lint, only } from "./helpers.ts";

/** A lint-clean policy of exactly `chars` non-whitespace characters. */
function policyOfSize(chars: number): unknown {
  const arn = "arn:aws:s3:::bucket/";
  const make = (pad: string) => ({
    Version: "2012-10-17",
    Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: `${arn}${pad}` },
  });
  const doc = make("a".repeat(chars - policySize(make(""))));
  assert.equal(policySize(doc), chars);
  return doc;
}

describe("policy lint: size limits", () => {
  it("allows exactly 10,240 characters inline and not one more", () => {
    assert.equal(POLICY_SIZE_LIMITS.inline, 10_240);
    assert.deepEqual(lint(policyOfSize(10_240)), []);
    const f = only(policyOfSize(10_241), "size/too-large");
    assert.equal(f.severity, "error");
    assert.equal(f.path, "");
    assert.match(f.message, /10241 characters.*10240/);
  });

  it("allows exactly 6,144 characters for a customer-managed policy and not one more", () => {
    const opts = { kind: "customer-managed" } as const;
    assert.deepEqual(lint(policyOfSize(6_144), opts), []);
    assert.match(
      only(policyOfSize(6_145), "size/too-large", opts).message,
      /6145 characters.*6144.*customer-managed/,
    );
    assert.deepEqual(lint(policyOfSize(6_145)), [], "inline allows it");
  });

  it("does not count whitespace, even inside strings", () => {
    assert.equal(policySize({ a: "x y z" }), policySize({ a: "xyz" }));
  });
});
