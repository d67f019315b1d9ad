/**
 * The lines under a state backend change in the human plan: the new value of a bucket setting (or
 * `~ before -> after`), a line diff for policies and lifecycle rules, the fields of a key or table.
 */
import type { BucketEncryption, PublicAccessBlock } from "../engine/model.ts";
import type { BucketSettingValue, StateBackendChange } from "../engine/plan-types.ts";
import { policyDiffLines, prettyPolicy } from "./policy-diff.ts";
import { lifecycleSummaryLines, policySummaryLines } from "./policy-summary.ts";
import { type Colors, quote, safe } from "./style.ts";

const NESTED = "    ";

/** `full`: new policies in full, instead of a line per statement. */
export function stateBackendDetails(change: StateBackendChange, c: Colors, full = false): string[] {
  switch (change.kind) {
    case "state_bucket":
      return [`region: ${safe(change.region)}, object ownership: BucketOwnerEnforced (ACLs disabled)`];
    case "state_bucket_setting":
      return settingLines(change.before, change.after, c, full);
    case "kms_key": {
      if (change.action === "create") {
        const summary = full ? undefined : policySummaryLines(change.after.policy, c);
        if (summary) {
          const [head, ...statements] = summary;
          return ["rotation: enabled", `key policy: ${head}`, ...statements.map((l) => NESTED + l)];
        }
        return [
          "rotation: enabled",
          "key policy:",
          ...prettyPolicy(change.after.policy)
            .split("\n")
            .map((l) => NESTED + c.green(safe(l))),
        ];
      }
      const lines: string[] = [];
      if (change.changedFields.includes("rotation"))
        lines.push(`${c.yellow("~")} rotation: disabled -> enabled`);
      if (change.changedFields.includes("policy") && change.before) {
        lines.push(`${c.yellow("~")} key policy:`);
        lines.push(...policyDiffLines(change.before.policy, change.after.policy, c).map((l) => NESTED + l));
      }
      return lines;
    }
    case "lock_table": {
      const a = change.after;
      if (change.action === "create") {
        return [
          `key: LockID (String), billing: ${safe(a.billingMode)}, point-in-time recovery: on, encryption: KMS`,
        ];
      }
      const b = change.before;
      return change.changedFields.map((f) => {
        const from = b ? display(b[f]) : "?";
        return `${c.yellow("~")} ${f}: ${from} -> ${display(a[f])}`;
      });
    }
  }
}

function display(v: unknown): string {
  if (typeof v === "boolean") return v ? "on" : "off";
  if (typeof v === "string") return quote(v);
  return safe(JSON.stringify(v));
}

function settingLines(
  before: BucketSettingValue | undefined,
  after: BucketSettingValue,
  c: Colors,
  full: boolean,
): string[] {
  const mod = c.yellow("~");
  switch (after.setting) {
    case "policy":
    case "lifecycle": {
      const text = (v: BucketSettingValue | undefined): string =>
        v?.setting === "policy" ? v.document : v?.setting === "lifecycle" && v.rules !== "[]" ? v.rules : "";
      // A new bucket policy (nothing before): a line per statement; a change to one: the diff.
      const summary =
        after.setting === "policy" && text(before) === "" && !full
          ? policySummaryLines(text(after), c)
          : undefined;
      if (summary) {
        const [head, ...statements] = summary;
        return [`bucket policy: ${head}`, ...statements.map((l) => NESTED + l)];
      }
      const rules =
        after.setting === "lifecycle" && text(before) === "" && !full
          ? lifecycleSummaryLines(text(after))
          : undefined;
      if (rules) {
        const [head = "", ...each] = rules;
        return [head, ...each.map((l) => NESTED + l)];
      }
      return policyDiffLines(text(before), text(after), c);
    }
    default: {
      const a = summary(after);
      return before ? [`${mod} ${summary(before)} -> ${a}`] : [a];
    }
  }
}

function summary(v: BucketSettingValue): string {
  switch (v.setting) {
    case "versioning":
      return `versioning: ${v.status}`;
    case "encryption":
      return `encryption: ${encryption(v.encryption)}`;
    case "public_access_block":
      return `public access block: ${block(v.block)}`;
    case "ownership":
      return `object ownership: ${safe(v.objectOwnership)}`;
    case "logging":
      return v.logging
        ? `access logging: s3://${safe(v.logging.targetBucket)}/${safe(v.logging.targetPrefix)}`
        : "access logging: off";
    case "tags": {
      const entries = Object.entries(v.tags);
      return entries.length === 0
        ? "tags: none"
        : `tags: ${entries.map(([k, t]) => `${safe(k)}=${quote(t)}`).join(", ")}`;
    }
    case "policy":
    case "lifecycle":
      return v.setting;
  }
}

function encryption(e: BucketEncryption): string {
  if (e.algorithm === "none") return "none";
  const key = e.kmsKeyId ? ` ${safe(e.kmsKeyId)}` : "";
  return `${e.algorithm}${key}${e.algorithm.startsWith("aws:kms") ? `, bucket key ${e.bucketKeyEnabled ? "on" : "off"}` : ""}`;
}

function block(b: PublicAccessBlock): string {
  const flags = Object.entries(b);
  if (flags.every(([, v]) => v)) return "all four on";
  if (flags.every(([, v]) => !v)) return "none";
  return flags.map(([k, v]) => `${k}=${v ? "on" : "off"}`).join(", ");
}
