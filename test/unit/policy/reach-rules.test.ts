/** The reach rules' hand lists name real actions, so a typo cannot silently switch a rule off. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveAction } from "../../../src/policy/actions.ts";
import { REACH_HAND_RULES } from "../../../src/policy/reach-rules.ts";

describe("reach rules", () => {
  it("every hand-listed action, target type and partner exists in the IAM catalog", () => {
    assert.ok(REACH_HAND_RULES.length >= 30, `${REACH_HAND_RULES.length} rules`);
    for (const rule of REACH_HAND_RULES) {
      const r = resolveAction(rule.action);
      assert.equal(r.kind, "ok", rule.action);
      if (r.kind !== "ok") continue;
      const [{ action }] = r.actions as [(typeof r.actions)[number]];
      assert.equal(action.name, rule.action.split(":")[1], `${rule.action} is spelt as AWS spells it`);
      if (rule.target)
        assert.ok(action.resourceTypes.includes(rule.target), `${rule.action} acts on ${rule.target}`);
      for (const partner of rule.needs ?? []) assert.equal(resolveAction(partner).kind, "ok", partner);
    }
  });
});
