import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { PERMISSION_SET_NAME } from "../../../src/config/patterns.ts";
import { prunePatternProblem } from "../../../src/config/prune-patterns.ts";
import { matchesPattern } from "../../../src/engine/prune-scope.ts";
import { cfg, load, problems } from "./helpers.ts";

describe("config: prune patterns that can never match", () => {
  it("refuses, at the pattern, characters a name cannot hold and patterns longer than any name", () => {
    const long = `team-${"x".repeat(28)}*`;
    const text = cfg(
      `prune:\n  permissionSets: ["Team-*", "dev ops*", "*é", "${long}"]\n  groups: ["Platform *", "ops\\u0007*", "*${"g".repeat(1025)}"]\n`,
    );
    assert.deepEqual(problems(text), [
      'keyless.yaml:5:30: prune.permissionSets[1]: pattern "dev ops*" can never match: permission set names cannot contain a space (U+0020) (character 4); they may hold only letters, digits and + = , . @ _ - (ASCII only)',
      'keyless.yaml:5:42: prune.permissionSets[2]: pattern "*é" can never match: permission set names cannot contain "é" (U+00E9) (character 2); they may hold only letters, digits and + = , . @ _ - (ASCII only)',
      `keyless.yaml:5:48: prune.permissionSets[3]: pattern "${long}" can never match: it needs 33 characters besides "*", and permission set names have at most 32`,
      'keyless.yaml:6:26: prune.groups[1]: pattern "ops\\u0007*" can never match: group names cannot contain U+0007 (a control character) (character 4); they may hold only letters, marks, digits, punctuation, symbols, spaces, tabs and line breaks (no other control or invisible characters)',
      `keyless.yaml:6:40: prune.groups[2]: pattern "*${"g".repeat(1025)}" can never match: it needs 1025 characters besides "*", and group names have at most 1024`,
    ]);
  });

  it("accepts patterns that can match: wildcards anywhere, a 32-character literal, a group name with spaces", () => {
    const text = cfg(
      `prune:\n  permissionSets: ["*", "Team-*", "*-ReadOnly", "a*b*c", "${"p".repeat(32)}"]\n  groups: ["Platform *", "*"]\n`,
    );
    assert.deepEqual(load(text).desired.prune.permissionSets.length, 5);
  });

  it("never refuses a pattern that some valid permission set name matches", () => {
    const chars = fc.constantFrom(..."abcXYZ019+=,.@_-* é/:".split(""));
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 40 }), (cs) => {
        const pattern = cs.join("");
        const problem = prunePatternProblem(pattern, "permissionSets");
        // A witness: the literal characters alone ("*" matching nothing), or "a" for a bare "*".
        const witness = pattern.replaceAll("*", "") || "a";
        const matchable = PERMISSION_SET_NAME.test(witness) && matchesPattern(witness, pattern);
        assert.equal(problem === undefined, matchable, `${pattern}: ${problem}`);
      }),
      { numRuns: 2000 },
    );
  });
});
