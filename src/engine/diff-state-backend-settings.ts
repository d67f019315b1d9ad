/**
 * The state bucket's settings as keyless wants them, compared with what the bucket has, one setting
 * at a time; and which differences would weaken a protection. Pure: no I/O.
 */
import { canonicalJson } from "./canonical-json.ts";
import {
  bucketPolicyStatements,
  hasKeylessStatements,
  mergePolicy,
  type StateAccess,
  type Statement,
} from "./diff-state-backend-policy.ts";
import type {
  ActualBucketSettings,
  BucketEncryption,
  DesiredStateBackend,
  PublicAccessBlock,
} from "./model.ts";
import type { BucketSetting, BucketSettingValue } from "./plan-types.ts";

export const LIFECYCLE_RULE_ID = "keyless-state-retention";
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;
/** Tag keys with this prefix belong to keyless: it sets and removes them. */
export const KEYLESS_TAG_PREFIX = "keyless:";
/** Bucket tag naming the DynamoDB lock table while locking is dynamodb (explains a later switch to s3). */
export const LOCK_TABLE_TAG = "keyless:lock-table";

export const ALL_BLOCKED: PublicAccessBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

/** The key the bucket must use, as far as it is known at plan time. */
export interface KeyRef {
  /** Key ARN, or KMS_KEY_ARN_PENDING for a key created in the same apply. */
  arn: string;
  /** Other spellings the bucket may store for the same key (key id, alias, alias ARN). */
  aliases: string[];
}

export function desiredEncryption(sb: DesiredStateBackend, key: KeyRef | undefined): BucketEncryption {
  if (sb.encryption.type === "aes256" || key === undefined)
    return { algorithm: "AES256", bucketKeyEnabled: false };
  return { algorithm: "aws:kms", kmsKeyId: key.arn, bucketKeyEnabled: true };
}

export function keylessBucketStatements(
  sb: DesiredStateBackend,
  key: KeyRef | undefined,
  access?: StateAccess,
): Statement[] {
  return bucketPolicyStatements(
    sb.bucket,
    sb.region,
    sb.encryption.type === "aes256" || key === undefined
      ? { algorithm: "AES256" }
      : { algorithm: "aws:kms", keyArn: key.arn },
    access ? { ...access, keyPrefix: sb.keyPrefix } : undefined,
  );
}

export function keylessLifecycleRule(sb: DesiredStateBackend): Record<string, unknown> {
  return {
    ID: LIFECYCLE_RULE_ID,
    Status: "Enabled",
    Filter: { Prefix: "" },
    NoncurrentVersionExpiration: { NoncurrentDays: sb.noncurrentVersionDays },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS },
  };
}

function parseRules(text: string): Record<string, unknown>[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
  } catch {
    return [];
  }
}

/** The whole bucket: no filter, an empty one, or an empty prefix. */
function wholeBucket(rule: Record<string, unknown>): boolean {
  const prefix = rule.Prefix;
  if (prefix !== undefined && prefix !== "") return false;
  const f = rule.Filter as Record<string, unknown> | undefined;
  if (f === undefined || f === null) return true;
  const keys = Object.keys(f).filter((k) => f[k] !== undefined);
  return keys.length === 0 || (keys.length === 1 && keys[0] === "Prefix" && f.Prefix === "");
}

function num(v: unknown, field: string): unknown {
  return v && typeof v === "object" ? (v as Record<string, unknown>)[field] : undefined;
}

/** True when the bucket's rule with keyless's id does exactly what keyless wants. */
function keylessRuleCurrent(rule: Record<string, unknown>, sb: DesiredStateBackend): boolean {
  const known = new Set([
    "ID",
    "Status",
    "Filter",
    "Prefix",
    "NoncurrentVersionExpiration",
    "AbortIncompleteMultipartUpload",
  ]);
  if (Object.keys(rule).some((k) => !known.has(k) && rule[k] !== undefined)) return false;
  return (
    rule.Status === "Enabled" &&
    wholeBucket(rule) &&
    num(rule.NoncurrentVersionExpiration, "NoncurrentDays") === sb.noncurrentVersionDays &&
    num(rule.NoncurrentVersionExpiration, "NewerNoncurrentVersions") === undefined &&
    num(rule.AbortIncompleteMultipartUpload, "DaysAfterInitiation") === ABORT_INCOMPLETE_UPLOAD_DAYS
  );
}

/** The rules after the change (others kept, keyless's replaced), or undefined when nothing changes. */
export function lifecycleAfter(actualRules: string, sb: DesiredStateBackend): string | undefined {
  const rules = parseRules(actualRules);
  const ours = rules.filter((r) => r.ID === LIFECYCLE_RULE_ID);
  const first = ours[0];
  if (ours.length === 1 && first && keylessRuleCurrent(first, sb)) return undefined;
  return JSON.stringify([...rules.filter((r) => r.ID !== LIFECYCLE_RULE_ID), keylessLifecycleRule(sb)]);
}

/** The tag set after the change: others kept, keyless's set, stale `keyless:` keys removed. */
export function tagsAfter(
  actual: Record<string, string>,
  wanted: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(actual)) {
    if (k.startsWith(KEYLESS_TAG_PREFIX) && !Object.hasOwn(wanted, k)) continue;
    out[k] = v;
  }
  Object.assign(out, wanted);
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k] as string]),
  );
}

export function wantedTags(sb: DesiredStateBackend): Record<string, string> {
  return sb.locking === "dynamodb" && sb.dynamodbTable
    ? { ...sb.tags, [LOCK_TABLE_TAG]: sb.dynamodbTable }
    : { ...sb.tags };
}

function sameEncryption(a: BucketEncryption, b: BucketEncryption, key: KeyRef | undefined): boolean {
  if (a.algorithm !== b.algorithm) return false;
  if (b.algorithm !== "aws:kms") return true;
  if (a.bucketKeyEnabled !== b.bucketKeyEnabled) return false;
  const stored = a.kmsKeyId ?? "";
  return stored === b.kmsKeyId || (key?.aliases.includes(stored) ?? false);
}

const ENCRYPTION_RANK: Record<BucketEncryption["algorithm"], number> = {
  none: 0,
  AES256: 1,
  "aws:kms": 2,
  "aws:kms:dsse": 3,
};

/** Why `after` weakens `before`, or undefined when it does not. */
export function weakening(before: BucketSettingValue, after: BucketSettingValue): string | undefined {
  if (before.setting === "versioning" && after.setting === "versioning") {
    return before.status === "Enabled" && after.status !== "Enabled"
      ? `turns versioning off (Enabled -> ${after.status})`
      : undefined;
  }
  if (before.setting === "encryption" && after.setting === "encryption") {
    const b = before.encryption.algorithm;
    const a = after.encryption.algorithm;
    return ENCRYPTION_RANK[a] < ENCRYPTION_RANK[b] ? `lowers encryption (${b} -> ${a})` : undefined;
  }
  if (before.setting === "public_access_block" && after.setting === "public_access_block") {
    const off = (Object.keys(before.block) as (keyof PublicAccessBlock)[]).filter(
      (k) => before.block[k] && !after.block[k],
    );
    return off.length > 0 ? `turns off public access block ${off.join(", ")}` : undefined;
  }
  if (before.setting === "ownership" && after.setting === "ownership") {
    return before.objectOwnership === "BucketOwnerEnforced" && after.objectOwnership !== "BucketOwnerEnforced"
      ? `re-enables ACLs (object ownership ${after.objectOwnership})`
      : undefined;
  }
  return undefined;
}

export interface SettingDiff {
  setting: BucketSetting;
  /** "create": the bucket has nothing for this setting; "update": it has something else. */
  action: "create" | "update";
  before?: BucketSettingValue;
  after: BucketSettingValue;
}

/** Every setting keyless manages, as it should be (for a bucket created in this apply). */
export function desiredSettings(
  sb: DesiredStateBackend,
  key: KeyRef | undefined,
  access?: StateAccess,
): BucketSettingValue[] {
  const out: BucketSettingValue[] = [
    { setting: "versioning", status: "Enabled" },
    { setting: "encryption", encryption: desiredEncryption(sb, key) },
    { setting: "public_access_block", block: { ...ALL_BLOCKED } },
    { setting: "policy", document: mergePolicy("", keylessBucketStatements(sb, key, access)) },
    { setting: "lifecycle", rules: JSON.stringify([keylessLifecycleRule(sb)]) },
  ];
  if (sb.accessLogging) {
    out.push({
      setting: "logging",
      logging: { targetBucket: sb.accessLogging.bucket, targetPrefix: sb.accessLogging.prefix },
    });
  }
  out.push({ setting: "tags", tags: tagsAfter({}, wantedTags(sb)) });
  return out;
}

/** The settings of an existing bucket that differ from what keyless wants. */
export function diffSettings(
  sb: DesiredStateBackend,
  actual: ActualBucketSettings,
  key: KeyRef | undefined,
  access?: StateAccess,
): SettingDiff[] {
  const out: SettingDiff[] = [];
  const push = (present: boolean, before: BucketSettingValue, after: BucketSettingValue) =>
    out.push({ setting: after.setting, action: present ? "update" : "create", before, after });

  if (actual.versioning !== "Enabled") {
    push(
      actual.versioning !== "Off",
      { setting: "versioning", status: actual.versioning },
      {
        setting: "versioning",
        status: "Enabled",
      },
    );
  }
  const enc = desiredEncryption(sb, key);
  if (!sameEncryption(actual.encryption, enc, key)) {
    push(
      actual.encryption.algorithm !== "none",
      { setting: "encryption", encryption: actual.encryption },
      {
        setting: "encryption",
        encryption: enc,
      },
    );
  }
  const pab = actual.publicAccessBlock;
  if (!Object.values(pab).every(Boolean)) {
    push(
      Object.values(pab).some(Boolean),
      { setting: "public_access_block", block: pab },
      {
        setting: "public_access_block",
        block: { ...ALL_BLOCKED },
      },
    );
  }
  if (actual.objectOwnership !== "BucketOwnerEnforced") {
    push(
      actual.objectOwnership !== "none",
      { setting: "ownership", objectOwnership: actual.objectOwnership },
      { setting: "ownership", objectOwnership: "BucketOwnerEnforced" },
    );
  }
  const statements = keylessBucketStatements(sb, key, access);
  if (!hasKeylessStatements(actual.policy, statements)) {
    push(
      actual.policy !== "",
      { setting: "policy", document: actual.policy },
      {
        setting: "policy",
        document: mergePolicy(actual.policy, statements),
      },
    );
  }
  const rules = lifecycleAfter(actual.lifecycleRules, sb);
  if (rules !== undefined) {
    push(
      actual.lifecycleRules !== "[]",
      { setting: "lifecycle", rules: actual.lifecycleRules },
      { setting: "lifecycle", rules },
    );
  }
  if (sb.accessLogging) {
    const want = { targetBucket: sb.accessLogging.bucket, targetPrefix: sb.accessLogging.prefix };
    if (canonicalJson(actual.logging, { sortArrays: false }) !== canonicalJson(want, { sortArrays: false })) {
      push(
        actual.logging !== null,
        { setting: "logging", logging: actual.logging },
        { setting: "logging", logging: want },
      );
    }
  }
  const tags = tagsAfter(actual.tags, wantedTags(sb));
  if (canonicalJson(tags, { sortArrays: false }) !== canonicalJson(actual.tags, { sortArrays: false })) {
    push(
      Object.keys(actual.tags).length > 0,
      { setting: "tags", tags: actual.tags },
      {
        setting: "tags",
        tags,
      },
    );
  }
  return out;
}
