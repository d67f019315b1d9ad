/** The linter's public vocabulary: what a finding is and how a policy is meant to be used. */

/**
 * Where the policy will live. Size limits differ: an inline policy (permission set) may have 10,240
 * non-whitespace characters, a customer-managed policy 6,144.
 */
export type PolicyKind = "inline" | "customer-managed";

export interface LintOptions {
  /** Default "inline". */
  kind?: PolicyKind;
  /**
   * Also report what the holder can reach beyond the policy's fences: resource-policy writes,
   * credential resets, configuration-level code execution and tag conditions the holder can satisfy
   * (docs/policy-lint.md). Default false; `keyless policy lint` turns it on.
   */
  reach?: boolean;
  /**
   * Reach findings the policy's author has accepted deliberately, each named by its code and the Sid
   * of the statement it is reported on: they are not reported. For keyless's catalog presets, whose
   * accepted residuals are listed with their reason in src/catalog/accepted-reach.ts; a statement the
   * user adds has its own Sid (Sids are unique), so its findings are still reported.
   */
  acceptedReach?: readonly AcceptedReach[];
}

export interface AcceptedReach {
  /** The finding's code, `resource-policy/s3-put-bucket-policy`. */
  code: string;
  /** The Sid of the statement the finding is reported on. */
  sid: string;
}

export interface LintFinding {
  severity: "error" | "warning";
  /** Stable identifier, e.g. `action/unknown`, `escalation/iam-passrole`. Documented in docs/policy-lint.md. */
  code: string;
  message: string;
  /** JSON path of the offending value, e.g. `Statement[2].Action[0]`; "" for the whole document. */
  path: string;
  /** How to fix it, when the message alone does not say (the reach checks). */
  fix?: string;
}
