/** The holder-side condition semantics the reach checks rely on (src/policy/probe.ts). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ContextValue, entryMet, keyClass, type Probe } from "../../../src/policy/probe.ts";

const probe = (context: Record<string, ContextValue> = {}): Probe => ({
  action: "lambda:TagResource",
  resource: "*",
  context: new Map(Object.entries(context)),
});
const met = (op: string, key: string, value: unknown, p = probe()) => ({
  allow: entryMet(op, key, value, p, true),
  deny: entryMet(op, key, value, p, false),
});

describe("probe: condition entries from the holder's side", () => {
  it("classifies keys: resource tags, request tags, free global keys, trusted service keys", () => {
    assert.equal(keyClass("aws:ResourceTag/team"), "resource-tag");
    assert.equal(keyClass("ec2:ResourceTag/team"), "resource-tag");
    assert.equal(keyClass("ssm:resourceTag/team"), "resource-tag");
    assert.equal(keyClass("aws:RequestTag/team"), "request-tag");
    assert.equal(keyClass("aws:TagKeys"), "request-tag");
    assert.equal(keyClass("aws:RequestedRegion"), "free");
    assert.equal(keyClass("ec2:Region"), "free");
    assert.equal(keyClass("lambda:FunctionUrlAuthType"), "fence");
  });

  it("an absent resource tag: positive operators fail, negated ones, IfExists and ForAllValues pass", () => {
    const key = "aws:ResourceTag/team";
    assert.deepEqual(met("StringEquals", key, "a"), { allow: false, deny: false });
    assert.deepEqual(met("StringLike", key, "*"), { allow: false, deny: false });
    assert.deepEqual(met("StringNotEquals", key, "a"), { allow: true, deny: true });
    assert.deepEqual(met("StringEqualsIfExists", key, "a"), { allow: true, deny: true });
    assert.deepEqual(met("ForAllValues:StringEquals", key, "a"), { allow: true, deny: true });
    assert.deepEqual(met("ForAnyValue:StringEquals", key, "a"), { allow: false, deny: false });
    assert.deepEqual(met("Null", key, "true"), { allow: true, deny: true });
    assert.deepEqual(met("Null", key, false), { allow: false, deny: false });
  });

  it("free keys: the holder meets an Allow's and avoids a Deny's; trusted keys: the reverse", () => {
    assert.deepEqual(met("StringEquals", "aws:RequestedRegion", "eu-central-1"), {
      allow: true,
      deny: false,
    });
    assert.deepEqual(met("StringEquals", "lambda:FunctionUrlAuthType", "AWS_IAM"), {
      allow: false,
      deny: true,
    });
  });

  it("aws:TagKeys holding K, to which the holder may add keys", () => {
    const p = probe({ "aws:tagkeys": { values: ["scope"], open: true } });
    const key = "aws:TagKeys";
    assert.deepEqual(met("ForAllValues:StringEquals", key, ["scope", "owner"], p), {
      allow: true,
      deny: false,
    });
    assert.deepEqual(met("ForAllValues:StringNotEquals", key, ["scope"], p), { allow: false, deny: false });
    assert.deepEqual(met("ForAnyValue:StringEquals", key, ["scope"], p), { allow: true, deny: true });
    assert.deepEqual(met("ForAnyValue:StringEquals", key, ["owner"], p), { allow: true, deny: false });
    assert.deepEqual(met("ForAnyValue:StringLike", key, ["sc*"], p), { allow: true, deny: true });
  });

  it("a known single value: equality, case, globs; undecided operators and variables", () => {
    const p = probe({ "aws:requesttag/scope": { values: ["terraform"], open: false } });
    const key = "aws:RequestTag/scope";
    assert.deepEqual(met("StringEquals", key, "terraform", p), { allow: true, deny: true });
    assert.deepEqual(met("StringEquals", key, "Terraform", p), { allow: false, deny: false });
    assert.deepEqual(met("StringEqualsIgnoreCase", key, "Terraform", p), { allow: true, deny: true });
    assert.deepEqual(met("StringNotLike", key, "terra*", p), { allow: false, deny: false });
    assert.deepEqual(met("NumericEquals", key, "1", p), { allow: true, deny: false });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable is the point.
    assert.deepEqual(met("StringEquals", key, "${aws:PrincipalTag/team}", p), { allow: true, deny: false });
  });
});
