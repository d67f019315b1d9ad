/** Small builders for policy lint tests. */
import { type LintFinding, type LintOptions, lintPolicy } from "../../../src/policy/index.ts";

export type St = Record<string, unknown>;

export function policy(...statements: St[]): Record<string, unknown> {
  return { Version: "2012-10-17", Statement: statements };
}

export const allow = (action: unknown, resource: unknown = "*", extra: St = {}): St => ({
  Effect: "Allow",
  Action: action,
  Resource: resource,
  ...extra,
});

/** `severity code path` per finding, in the linter's order. */
export function summary(findings: LintFinding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.code} ${f.path}`);
}

export function lint(doc: unknown, opts?: LintOptions): string[] {
  return summary(lintPolicy(doc, opts));
}

/** The one finding with this code (fails when there is not exactly one). */
export function only(doc: unknown, code: string, opts?: LintOptions): LintFinding {
  const found = lintPolicy(doc, opts).filter((f) => f.code === code);
  if (found.length !== 1)
    throw new Error(`expected one ${code}, got ${JSON.stringify(lintPolicy(doc, opts))}`);
  return found[0]!;
}
