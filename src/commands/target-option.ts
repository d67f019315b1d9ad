/** `-target ADDRESS` (repeatable) of plan and apply: parsed before anything is read from AWS. */
import { parseTarget, type Target } from "../engine/targets.ts";
import { KeylessError } from "../errors/keyless-error.ts";

/** The parsed targets, or undefined when none were given; a bad one is a usage error (64). */
export function parseTargetOptions(values: readonly string[] | undefined): Target[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values.map((value) => {
    const parsed = parseTarget(value);
    if (parsed.ok) return parsed.target;
    throw new KeylessError("USAGE", `-target ${JSON.stringify(value)}: ${parsed.problem}`, {
      hint: "Give an address as the plan prints it, in single quotes for the shell, e.g. -target 'permission_set[\"terraform-core\"]', or a prefix such as -target assignment.",
    });
  });
}
