import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Change } from "../../../src/engine/plan-types.ts";
import { parsePlanFile, serializePlanFile } from "../../../src/render/plan-file.ts";
import { renderPlanHuman } from "../../../src/render/plan-human.ts";
import { emptyPlan } from "./fixtures.ts";

// Any string, including control characters and lone surrogates: values come from AWS and YAML.
const text = fc.string({ unit: "binary", maxLength: 20 });
const action = fc.constantFrom("create" as const, "delete" as const);

const assignment: fc.Arbitrary<Change> = fc.record({
  kind: fc.constant("assignment" as const),
  action,
  address: text.filter((s) => s.length > 0),
  broadensAccess: fc.boolean(),
  reason: fc.option(text, { nil: undefined }),
  principal: fc.record({ type: fc.constantFrom("USER" as const, "GROUP" as const), name: text }),
  permissionSet: text,
  accountId: text,
  via: fc.option(text, { nil: undefined }),
});
const user: fc.Arbitrary<Change> = fc.record({
  kind: fc.constant("user" as const),
  action,
  address: text.filter((s) => s.length > 0),
  broadensAccess: fc.boolean(),
  userName: text,
  after: fc.record({ userName: text, displayName: text, givenName: text, familyName: text, email: text }),
});

const plans = fc
  .record({
    changes: fc.array(fc.oneof(assignment, user), { maxLength: 6 }),
    pruneCandidates: fc.array(assignment, { maxLength: 3 }),
    notes: fc.array(text, { maxLength: 2 }),
    problems: fc.array(text, { maxLength: 2 }),
    region: text,
  })
  .map((o) => emptyPlan(o));

// biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about control characters.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const CHANGE_LINE = /^ {2}[+~-] /;

test("the human plan never throws, never emits a raw control character, and values cannot forge a line", () => {
  fc.assert(
    fc.property(plans, fc.boolean(), (plan, verbose) => {
      const out = renderPlanHuman(plan, { color: false, verbose });
      assert.doesNotMatch(out, CONTROL);
      // One change line per change: no value (reason, name, note) can start a line that looks like one.
      const changeLines = out.split("\n").filter((l) => CHANGE_LINE.test(l)).length;
      assert.equal(changeLines, plan.changes.length + plan.pruneCandidates.length);
    }),
  );
});

test("any plan survives a save and load unchanged", () => {
  fc.assert(
    fc.property(plans, (plan) => {
      const reparsed = parsePlanFile(serializePlanFile(plan), "p.json");
      // JSON drops undefined-valued keys; compare what JSON can carry.
      assert.deepEqual(reparsed, JSON.parse(JSON.stringify(plan)));
    }),
  );
});
