/**
 * Refuses a plan that must not be applied, before any write: one with planning problems, of another
 * format version, or with changes the executor does not know (a corrupt or hand-edited plan file).
 */
import { PLAN_FORMAT_VERSION, type Plan } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import { phaseOf } from "./phases.ts";

/** `problems` is optional here so this works with plans saved before the field existed. */
export type ApplicablePlan = Plan & { problems?: readonly string[] };

export function assertApplicable(plan: ApplicablePlan): void {
  const problems = plan.problems ?? [];
  if (problems.length > 0) {
    throw new KeylessError(
      "PLAN_HAS_PROBLEMS",
      `the plan has ${problems.length} problem${problems.length === 1 ? "" : "s"} and cannot be applied`,
      { details: [...problems], hint: "fix them in keyless.yaml (or AWS) and run `keyless plan` again" },
    );
  }
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new KeylessError(
      "PLAN_INVALID",
      `the plan has format version ${String(plan.formatVersion)}; this keyless applies version ${PLAN_FORMAT_VERSION}`,
      { hint: "run `keyless plan` again with this version of keyless" },
    );
  }
  const unknown = plan.changes.filter((c) => phaseOf(c) < 0);
  if (unknown.length > 0) {
    throw new KeylessError("PLAN_INVALID", `the plan has ${unknown.length} change(s) keyless cannot apply`, {
      details: unknown.map((c) => `${c.address}: ${String(c.kind)} ${String(c.action)}`),
      hint: "run `keyless plan` again and apply the new plan",
    });
  }
}
