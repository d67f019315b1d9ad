/**
 * Recorded Terraform calls that today's presets deny, each with the finding of issue 10 it is
 * evidence for. test/unit/terraform-calls/presets-allow-recorded-calls.test.ts fails on a denial
 * missing here AND on an entry that no longer matches any denial: when a preset is fixed, its
 * entries must go. The goal is an empty list.
 */
import type { Check, KeyPrefixVariant, RequestVerdict } from "./terraform-calls-eval.ts";

export interface KnownDenied {
  /**
   * The finding of issue 10 this denial is evidence for; "holder" for the "think like the
   * holder" section (fences beyond the numbered findings).
   */
  finding: number | "holder";
  /** Set when the denial came with a preset fix (the fix is too narrow for a typical stack). */
  regression?: true;
  check: Check;
  /** Only under this key prefix variant (both when unset). */
  keyPrefix?: KeyPrefixVariant;
  /** Only in these stacks (every stack when unset). */
  stacks?: string[];
  action: string;
  /** A glob (`*` any run of characters) on the resource ARN; any resource when unset. */
  resource?: string;
  /** Why it is denied, in the words of the finding. */
  why: string;
}

/**
 * Empty since issue 10's last preset fixes: CreatePolicy's iam:TagPolicy (terraform-iam's copy of the
 * scope-tag guardrail allows tag-on-create), tagged security group rules (the new rule resource has
 * its own statement in terraform-networking), ec2:GetInstanceUefiData (compute's read set, so also
 * core's), kms:DescribeKey of alias/aws/dynamodb (database's read set), an instance's data volumes
 * (compute, on tagged volumes and instances).
 */
export const KNOWN_DENIED: KnownDenied[] = [];

/** `*` matches any run of characters; everything else literally. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(value);
}

export function matchesKnown(entry: KnownDenied, v: RequestVerdict): boolean {
  return (
    entry.check === v.check &&
    (entry.keyPrefix === undefined || entry.keyPrefix === v.keyPrefix) &&
    (entry.stacks === undefined || entry.stacks.includes(v.stack)) &&
    globMatch(entry.action, v.request.action) &&
    (entry.resource === undefined || globMatch(entry.resource, v.request.resource))
  );
}
