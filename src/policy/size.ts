/** AWS's size quotas for policy documents, counted as AWS does: characters without whitespace. */
import { error } from "./finding.ts";
import type { LintFinding, PolicyKind } from "./types.ts";

export const POLICY_SIZE_LIMITS: Record<PolicyKind, number> = {
  /** Inline policy of a permission set. */
  inline: 10_240,
  /** Customer-managed policy (IAM's managed policy quota). */
  "customer-managed": 6_144,
};

/** Non-whitespace characters (code points) of the document as JSON. */
export function policySize(doc: unknown): number {
  return [...(JSON.stringify(doc) ?? "").replace(/\s/g, "")].length;
}

export function checkSize(doc: unknown, kind: PolicyKind): LintFinding[] {
  const size = policySize(doc);
  const limit = POLICY_SIZE_LIMITS[kind];
  if (size <= limit) return [];
  return [
    error(
      "size/too-large",
      [],
      `the policy is ${size} characters without whitespace; AWS allows ${limit} for a${kind === "inline" ? "n inline" : " customer-managed"} policy. Use wildcards or split it into several policies`,
    ),
  ];
}
