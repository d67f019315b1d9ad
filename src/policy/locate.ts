/**
 * Lints policy JSON text (not just a parsed value) and gives each finding a line and column of that
 * text: the policy-lint command and the config loader both show findings as file:line:col.
 */
import { JsonSyntaxError, offsetOfPath, parseJsonWithPositions, positionOf } from "./json-position.ts";
import { lintPolicy } from "./lint.ts";
import { parseJsonPath } from "./path.ts";
import type { LintFinding, LintOptions } from "./types.ts";

export interface LocatedFinding extends LintFinding {
  line: number;
  col: number;
}

/** Lints JSON text. Invalid JSON gives a single `json/syntax` error at the position of the problem. */
export function lintPolicyText(text: string, opts: LintOptions = {}): LocatedFinding[] {
  let parsed: ReturnType<typeof parseJsonWithPositions>;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, col } = positionOf(text, e.offset);
    return [
      { severity: "error", code: "json/syntax", message: `invalid JSON: ${e.message}`, path: "", line, col },
    ];
  }
  return lintPolicy(parsed.value, opts).map((f) => {
    const offset = offsetOfPath(parsed, parseJsonPath(f.path) ?? [], "key");
    return { ...f, ...positionOf(text, offset) };
  });
}
