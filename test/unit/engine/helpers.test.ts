import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addressOf } from "../../../src/engine/addresses.ts";
import { durationSeconds } from "../../../src/engine/permission-set-compare.ts";
import { matchesAny, matchesPattern } from "../../../src/engine/prune-scope.ts";

describe("prune-scope patterns", () => {
  const cases: [string, string, boolean][] = [
    ["terraform-core", "terraform-*", true],
    ["terraform-", "terraform-*", true],
    ["terraform", "terraform-*", false],
    ["my-terraform-core", "terraform-*", false],
    ["exact", "exact", true],
    ["exactly", "exact", false],
    ["anything", "*", true],
    ["", "*", true],
    ["a-mid-z", "a-*-z", true],
    ["a-z", "a-*-z", false],
    ["a--z", "a-*-z", true],
    ["abcabc", "*abc", true],
    ["abab", "a*b*b", true],
    ["aba", "a*b*b", false],
    ["x.y", "x.y", true],
    ["xzy", "x.y", false],
    ["a+b", "a+*", true],
    ["ab", "a**b", true],
  ];
  for (const [name, pattern, expected] of cases) {
    it(`${JSON.stringify(name)} ~ ${JSON.stringify(pattern)} → ${expected}`, () =>
      assert.equal(matchesPattern(name, pattern), expected));
  }
  it("matchesAny over no patterns is false", () => {
    assert.equal(matchesAny("x", []), false);
    assert.equal(matchesAny("x", ["y", "x*"]), true);
  });
});

describe("addresses", () => {
  it("have the documented formats", () => {
    assert.equal(addressOf.user("dave"), 'user["dave"]');
    assert.equal(addressOf.group("platform-engineers"), 'group["platform-engineers"]');
    assert.equal(
      addressOf.membership("platform-engineers", "dave"),
      'membership["platform-engineers", "dave"]',
    );
    assert.equal(addressOf.permissionSet("terraform-core"), 'permission_set["terraform-core"]');
    assert.equal(addressOf.provisioning("terraform-core"), 'provisioning["terraform-core"]');
    assert.equal(
      addressOf.assignment({ type: "GROUP", name: "platform-engineers" }, "terraform-core", "111111111111"),
      'assignment["group:platform-engineers", "terraform-core", "111111111111"]',
    );
  });
  it("quote names so that a comma or quote cannot forge another address", () => {
    assert.notEqual(addressOf.membership('a", "b', "c"), addressOf.membership("a", 'b", "c'));
  });
});

describe("session durations", () => {
  const cases: [string, number | undefined][] = [
    ["PT1H", 3600],
    ["PT12H", 43200],
    ["PT90M", 5400],
    ["PT1H30M", 5400],
    ["PT30S", 30],
    ["PT", undefined],
    ["P1D", undefined],
    ["1h", undefined],
  ];
  for (const [iso, secs] of cases) it(`${iso} → ${secs}`, () => assert.equal(durationSeconds(iso), secs));
});
