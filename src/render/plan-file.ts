/**
 * Saved plans (`keyless plan -out FILE`, `keyless apply FILE`). The file is JSON
 * `{ "keyless_plan": 1, "plan": {...} }`: the marker names the format and its version, so a foreign
 * JSON, a plan from another keyless version or a truncated file is refused with a message saying
 * what to do. Staleness (the fingerprint against AWS now) is checked by apply, not here.
 */
import { PLAN_FORMAT_VERSION, type Plan } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import { planSchema } from "./plan-file-schema.ts";

export const PLAN_FILE_MARKER = "keyless_plan";

const HINT =
  "Create a plan file with `keyless plan -out FILE`, or run `keyless apply` without a file to plan afresh.";

/**
 * The file text (pretty JSON, trailing newline). `extra` adds top-level keys next to `plan`
 * (e.g. the Desired a command wants to re-read with); they must not be named `keyless_plan` or `plan`.
 */
export function serializePlanFile(plan: Plan, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...extra, [PLAN_FILE_MARKER]: PLAN_FORMAT_VERSION, plan }, null, 2)}\n`;
}

/** Parses and validates a saved plan; `sourceName` (usually the path) names the file in messages. */
export function parsePlanFile(text: string, sourceName: string): Plan {
  const invalid = (message: string, hint = HINT, details: string[] = []) =>
    new KeylessError("PLAN_INVALID", message, { hint, details });

  if (text.trim() === "") throw invalid(`${sourceName} is not a keyless plan file: it is empty.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // The parser's own message differs between Node versions and says nothing useful here.
    throw invalid(`${sourceName} is not a keyless plan file: it is not valid JSON (truncated or edited?).`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid(`${sourceName} is not a keyless plan file: it holds JSON but not an object.`);
  }
  const record = body as Record<string, unknown>;
  if (!(PLAN_FILE_MARKER in record)) {
    if ("format_version" in record && "changes" in record) {
      throw invalid(
        `${sourceName} is not a keyless plan file: it is the output of \`keyless plan --json\`, which is for reading, not for apply.`,
        "Save a plan for apply with `keyless plan -out FILE`.",
      );
    }
    throw invalid(`${sourceName} is not a keyless plan file: it has no "${PLAN_FILE_MARKER}" marker.`);
  }
  const version = record[PLAN_FILE_MARKER];
  if (version !== PLAN_FORMAT_VERSION) {
    throw invalid(
      `${sourceName} is not a keyless plan file of format version ${PLAN_FORMAT_VERSION} (it says ${JSON.stringify(version)}).`,
      "Plan files are not portable between keyless versions: run `keyless plan -out FILE` again with this keyless.",
    );
  }
  const parsed = planSchema.safeParse(record.plan);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 10)
      .map((i) => `${issuePath(["plan", ...i.path])}: ${i.message}`);
    if (parsed.error.issues.length > 10) details.push(`... and ${parsed.error.issues.length - 10} more`);
    throw invalid(
      `${sourceName} is not a valid keyless plan file: the plan in it is damaged.`,
      HINT,
      details,
    );
  }
  // The schema mirrors Plan field by field (loosely, so later additions pass through).
  return parsed.data as unknown as Plan;
}

function issuePath(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}
