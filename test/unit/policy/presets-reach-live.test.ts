/**
 * The reach checks on the live catalog (src/catalog), every preset and every parameter combination
 * of the catalog tests. Issue 10's done-when: 0 findings on the fixed presets. What a preset cannot
 * close without breaking its domain is in src/catalog/accepted-reach.ts with its reason and what
 * closes it; the linter honours that list for the presets (`acceptedReach`). So:
 * - with the list honoured, no preset has a reach finding (EXPECTED_REACH_FINDINGS is empty);
 * - without it, the linter reports exactly the listed findings, on the listed statements: an entry
 *   that no longer matches a finding fails here, and so does a finding the list does not name.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { acceptedReachOf } from "../../../src/catalog/accepted-reach.ts";
import { PRESETS } from "../../../src/catalog/registry.ts";
import type { PolicyDocument } from "../../../src/catalog/types.ts";
import { lintPolicy } from "../../../src/policy/index.ts";
import { COMBOS } from "../catalog/fixtures.ts";
import { REACH_CODE, reachCodes } from "./reach-helpers.ts";

/** Reach findings left on each preset once its accepted residuals are honoured: none. */
const EXPECTED_REACH_FINDINGS: Record<string, string[]> = {
  "terraform-core": [],
  "terraform-storage": [],
  "terraform-compute": [],
  "terraform-iam": [],
  "terraform-networking": [],
  "terraform-database": [],
  "terraform-serverless": [],
  "terraform-monitoring": [],
};

/** `code Sid` of each reach finding, without the accepted list. */
function findingsBySid(doc: PolicyDocument): string[] {
  const sids = doc.Statement.map((s) => s.Sid);
  const found = lintPolicy(doc, { reach: true })
    .filter((f) => REACH_CODE.test(f.code))
    .map((f) => `${f.code} ${sids[Number(/^Statement\[(\d+)\]/.exec(f.path)?.[1])]}`);
  return [...new Set(found)].sort();
}

describe("policy lint reach checks on the live catalog presets", () => {
  it("the table names every preset", () => {
    assert.deepEqual(Object.keys(EXPECTED_REACH_FINDINGS).sort(), PRESETS.map((p) => p.name).sort());
  });

  for (const preset of PRESETS) {
    const accepted = acceptedReachOf(preset.name);
    it(`${preset.name}: no reach finding beyond its accepted residuals, with every parameter combination`, () => {
      const expected = [...(EXPECTED_REACH_FINDINGS[preset.name] ?? [])].sort();
      for (const [combo, params] of Object.entries(COMBOS)) {
        const doc = preset.render(params).inlinePolicy;
        const left = lintPolicy(doc, { reach: true, acceptedReach: accepted }).filter((f) =>
          REACH_CODE.test(f.code),
        );
        assert.deepEqual(
          left.map((f) => f.code),
          expected,
          `${preset.name} with ${combo}: ${left.map((f) => f.message).join("; ")}`,
        );
      }
    });

    it(`${preset.name}: every accepted residual is still reported without the list, on its statement`, () => {
      const listed = accepted.map((a) => `${a.code} ${a.sid}`).sort();
      for (const [combo, params] of Object.entries(COMBOS)) {
        assert.deepEqual(
          findingsBySid(preset.render(params).inlinePolicy),
          listed,
          `${preset.name} with ${combo}`,
        );
      }
      for (const a of accepted) {
        assert.ok(a.why.length > 40 && a.closedBy.length > 20, `${a.code}: a reason and what closes it`);
      }
    });
  }

  it("without the lists, the fixed presets have these reach findings (the issue note's figures)", () => {
    const all = Object.fromEntries(PRESETS.map((p) => [p.name, reachCodes(p.render({}).inlinePolicy)]));
    assert.deepEqual(all, {
      "terraform-core": [],
      "terraform-storage": [
        "resource-policy/s3-put-bucket-ownership-controls",
        "resource-policy/s3-put-bucket-policy",
        "resource-policy/s3-put-bucket-public-access-block",
        "resource-policy/s3-put-replication-configuration",
      ],
      "terraform-compute": ["code-execution/ecs-register-task-definition"],
      "terraform-iam": ["tag-hop/iam-tag-policy"],
      "terraform-networking": [],
      "terraform-database": ["credential-reset/elasticache-modify-user-group"],
      "terraform-serverless": [],
      "terraform-monitoring": [
        "resource-policy/logs-put-resource-policy",
        "resource-policy/xray-put-resource-policy",
      ],
    });
  });
});
