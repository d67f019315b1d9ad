/**
 * apply FILE runs only a plan whose changes are exactly the recomputed ones: the first difference is
 * named (which change, which field, both values), and the refusal is PLAN_INVALID (exit 64).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertSavedPlanMatches } from "../../../src/app/saved-plan-check.ts";
import type { Plan } from "../../../src/engine/plan-types.ts";
import { EXIT, KeylessError } from "../../../src/errors/keyless-error.ts";
import { parsePlanFile, serializePlanFile } from "../../../src/render/plan-file.ts";
import { emptyPlan, mixedChanges } from "../render/fixtures.ts";

function computed(): Plan {
  return emptyPlan({
    changes: mixedChanges(),
    ids: { users: { erin: "u-erin" }, groups: {}, permissionSets: {} },
  });
}

/** The plan as apply reads it back from the file, edited by `edit`. */
function saved(edit: (plan: Plan) => void = () => {}): Plan {
  const plan = parsePlanFile(serializePlanFile(computed()), "keyless.plan");
  edit(plan);
  return plan;
}

function refusal(plan: Plan): KeylessError {
  try {
    assertSavedPlanMatches(plan, computed(), "keyless.plan");
  } catch (err) {
    assert.ok(err instanceof KeylessError, String(err));
    assert.equal(err.code, "PLAN_INVALID");
    assert.equal(err.exitCode, EXIT.USAGE);
    assert.match(err.message, /^Saved plan keyless\.plan does not match .* Nothing was changed\.$/);
    assert.match(err.hint ?? "", /keyless plan -out FILE/);
    return err;
  }
  assert.fail("the edited plan was accepted");
}

describe("assertSavedPlanMatches", () => {
  test("the plan as written to and read from the file matches its recomputation", () => {
    assertSavedPlanMatches(saved(), computed(), "keyless.plan");
  });

  test("warnings (from the loader, display only) may differ", () => {
    assertSavedPlanMatches(
      saved((p) => p.warnings.push("lint")),
      computed(),
      "keyless.plan",
    );
  });

  test("an edited value names the change, the field and both values", () => {
    const err = refusal(
      saved((p) => {
        const group = p.changes[2];
        assert.equal(group?.kind, "group");
        if (group?.kind === "group") group.after = { description: "Owns everything" };
      }),
    );
    assert.match(err.message, /change group\["platform-engineers"\] differs/);
    assert.deepEqual(err.details, [
      'group["platform-engineers"]: after.description is "Owns everything" in the file; keyless computes "Runs Terraform"',
    ]);
  });

  test("an edited policy, a display-only reason, a flag: all are differences", () => {
    const policy = refusal(
      saved((p) => {
        const ps = p.changes.find((c) => c.address === 'permission_set["terraform-core"]');
        if (ps?.kind === "permission_set" && ps.after) ps.after.inlinePolicy = '{"Statement":"*"}';
      }),
    );
    assert.match(policy.details[0] ?? "", /^permission_set\["terraform-core"\]: after\.inlinePolicy is "\{/);
    const reason = refusal(saved((p) => Object.assign(p.changes[6] ?? {}, { reason: "trust me" })));
    assert.match(reason.details[0] ?? "", /reason is "trust me" in the file/);
    const broadens = refusal(saved((p) => Object.assign(p.changes[4] ?? {}, { broadensAccess: false })));
    assert.match(broadens.details[0] ?? "", /broadensAccess is false in the file; keyless computes true/);
  });

  test("an added change, a removed change and a reordering are named", () => {
    const extra = mixedChanges()[8];
    assert.equal(extra?.kind, "assignment");
    const added = refusal(
      saved((p) => {
        if (extra?.kind === "assignment")
          p.changes.splice(9, 0, { ...extra, accountId: "999999999999", address: 'assignment["x"]' });
      }),
    );
    assert.match(added.message, /the file has a change keyless does not compute, assignment\["x"\]/);

    const removed = refusal(saved((p) => p.changes.splice(0, 1)));
    assert.match(removed.message, /the file lacks the change user\["dave"\]/);

    const swapped = refusal(saved((p) => p.changes.reverse()));
    assert.match(swapped.message, /is not where keyless computes it/);
  });

  test("fields beside the changes: prune, ids, problems", () => {
    assert.match(refusal(saved((p) => (p.prune = true))).message, /its field prune differs/);
    const ids = refusal(saved((p) => (p.ids.users.erin = "u-mallory")));
    assert.deepEqual(ids.details, ['ids.users.erin: the file has "u-mallory"; keyless computes "u-erin"']);
    assert.match(refusal(saved((p) => p.problems.push("made up"))).message, /its field problems differs/);
  });
});
