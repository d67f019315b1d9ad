/** The IAM policy linter: `lintPolicy` checks one policy document against the IAM catalog. */

export { ESCALATION_RULES } from "./escalation.ts";
export { lintPolicy } from "./lint.ts";
export { type LocatedFinding, lintPolicyText } from "./locate.ts";
export { formatJsonPath, type JsonPathSegment, parseJsonPath } from "./path.ts";
export { POLICY_SIZE_LIMITS, policySize } from "./size.ts";
export type { AcceptedReach, LintFinding, LintOptions, PolicyKind } from "./types.ts";
