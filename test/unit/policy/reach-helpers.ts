/** Builders for the reach-check tests: lint with reach on, keep only the reach findings. */
import { type LintFinding, lintPolicy } from "../../../src/policy/index.ts";

export const REACH_CODE = /^(resource-policy|credential-reset|code-execution|tag-hop)\//;

export function reachFindings(doc: unknown): LintFinding[] {
  return lintPolicy(doc, { reach: true }).filter((f) => REACH_CODE.test(f.code));
}

/** `code path` of each reach finding, in the linter's order. */
export function reach(doc: unknown): string[] {
  return reachFindings(doc).map((f) => `${f.code} ${f.path}`);
}

/** Reach codes only, sorted and without duplicates. */
export function reachCodes(doc: unknown): string[] {
  return [...new Set(reachFindings(doc).map((f) => f.code))].sort();
}
