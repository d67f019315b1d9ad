/**
 * Plans the Terraform state backend: the KMS key (encryption type kms), the bucket and its settings,
 * the DynamoDB lock table. An existing bucket is adopted: only what differs is changed. Nothing here
 * ever deletes the bucket or the table (no change kind for it exists, so no plan can), and a change
 * that would weaken a protection of an existing bucket is a problem unless allowWeakening is set.
 * Pure: no I/O, same inputs same output.
 */
import { compareStrings } from "./canonical-json.ts";
import {
  driftedSids,
  foreignStatementCount,
  hasKeylessStatements,
  keyPolicyStatements,
  mergePolicy,
  parsePolicy,
  partitionOf,
  STATE_ACCESS_SID,
  STATE_KEY_ACCESS_SID,
  type StateAccess,
} from "./diff-state-backend-policy.ts";
import {
  desiredSettings,
  diffSettings,
  type KeyRef,
  LOCK_TABLE_TAG,
  type SettingDiff,
  weakening,
} from "./diff-state-backend-settings.ts";
import type { Actual, ActualKmsKey, ActualLockTable, Desired, DesiredStateBackend } from "./model.ts";
import {
  KMS_KEY_ARN_PENDING,
  type KmsKeyChange,
  type KmsKeySpec,
  type LockTableChange,
  type LockTableSpec,
  type StateBackendChange,
  type StateBucketSettingChange,
} from "./plan-types.ts";
import { stateAccess } from "./state-access.ts";

export interface StateBackendDiff {
  changes: StateBackendChange[];
  problems: string[];
  notes: string[];
}

export const bucketAddress = (bucket: string): string => `state_bucket[${JSON.stringify(bucket)}]`;
export const lockTableAddress = (table: string): string => `lock_table[${JSON.stringify(table)}]`;
export const kmsKeyAddress = (alias: string): string => `kms_key[${JSON.stringify(alias)}]`;

export function diffStateBackend(desired: Desired, actual: Actual): StateBackendDiff {
  const sb = desired.stateBackend;
  const out: StateBackendDiff = { changes: [], problems: [], notes: [] };
  if (!sb) return out;
  const state = actual.stateBackend;
  if (!state) {
    out.problems.push("the state backend was not read from AWS; run `keyless plan` again");
    return out;
  }
  if (state.callerAccountId !== sb.accountId) {
    out.problems.push(
      `stateBackend is in account ${sb.accountId}${sb.accountName ? ` (${sb.accountName})` : ""} but the ` +
        `credentials in use are for account ${state.callerAccountId}: run keyless with credentials for ` +
        `account ${sb.accountId} (for example AWS_PROFILE=<a profile of that account>) to plan the state backend`,
    );
    return out;
  }

  const access = stateAccess(desired, actual, sb);
  const key = planKey(desired, actual, sb, out, access);
  planBucket(sb, state.bucket, key, out, access);
  if (access && sb.locking === "dynamodb") {
    out.notes.push(
      `${[
        ...(access.permissionSets.length > 0 ? [`Permission sets ${access.permissionSets.join(", ")}`] : []),
        ...(access.ciRoles ? [`CI roles ${access.ciRoles.join(", ")}`] : []),
      ].join(" and ")} use the state from accounts ${access.accounts.join(", ")}: ` +
        `the bucket and key policies let them in, but the DynamoDB lock table ${sb.dynamodbTable} has no resource policy from keyless; ` +
        "use S3 locking (locking: s3) or give the table a resource policy for those roles.",
    );
  }
  planLockTable(sb, state.lockTable, out);
  if (sb.locking === "s3" && state.bucket.status === "present") {
    const table = state.bucket.settings.tags[LOCK_TABLE_TAG];
    if (table) out.notes.push(lockingSwitchNote(sb, table));
  }
  return out;
}

/** Plans the key for type kms; returns how the bucket refers to the key (undefined: aes256). */
function planKey(
  desired: Desired,
  actual: Actual,
  sb: DesiredStateBackend,
  out: StateBackendDiff,
  access: StateAccess | undefined,
): KeyRef | undefined {
  const enc = sb.encryption;
  const found = actual.stateBackend?.kmsKey ?? null;
  if (enc.type === "aes256") return undefined;
  if (enc.type === "kms-key") {
    const arn = enc.kmsKeyArn ?? "";
    if (!found) {
      out.problems.push(
        `stateBackend.encryption.kmsKeyArn: KMS key ${arn} was not found in ${sb.region}; check the ARN (and that the key is in the bucket's region), or use type: kms to let keyless create one`,
      );
    } else if (found.keyState !== "Enabled") {
      out.problems.push(
        `stateBackend.encryption.kmsKeyArn: KMS key ${arn} is ${found.keyState}, not Enabled`,
      );
    }
    return { arn, aliases: found ? [found.keyId, found.keyArn] : [] };
  }
  const alias = enc.alias ?? "alias/keyless-tfstate";
  const address = kmsKeyAddress(alias);
  const statements = keyPolicyStatements(
    sb.accountId,
    sb.region,
    stateRolePermissionSets(desired, actual, sb),
    access,
  );
  const aliasArn = `arn:${partitionOf(sb.region)}:kms:${sb.region}:${sb.accountId}:${alias}`;
  if (!found) {
    const after: KmsKeySpec = { alias, rotation: true, policy: mergePolicy("", statements), tags: sb.tags };
    out.changes.push({
      kind: "kms_key",
      action: "create",
      address,
      broadensAccess: false,
      alias,
      after,
      changedFields: [],
    });
    return { arn: KMS_KEY_ARN_PENDING, aliases: [] };
  }
  if (found.keyState !== "Enabled") {
    out.problems.push(
      `${address}: the key behind ${alias} (${found.keyArn}) is ${found.keyState}, not Enabled; enable it (or cancel its deletion) or choose another alias`,
    );
  }
  const update = keyUpdate(found, alias, statements, sb);
  if (update) out.changes.push(update);
  return { arn: found.keyArn, aliases: [found.keyId, alias, aliasArn] };
}

function keyUpdate(
  found: ActualKmsKey,
  alias: string,
  statements: ReturnType<typeof keyPolicyStatements>,
  sb: DesiredStateBackend,
): KmsKeyChange | undefined {
  const changedFields: KmsKeyChange["changedFields"] = [];
  if (!found.rotation) changedFields.push("rotation");
  const policyCurrent = hasKeylessStatements(found.policy, statements);
  if (!policyCurrent) changedFields.push("policy");
  if (changedFields.length === 0) return undefined;
  const before: KmsKeySpec = { alias, rotation: found.rotation, policy: found.policy, tags: {} };
  const after: KmsKeySpec = {
    alias,
    rotation: true,
    policy: policyCurrent ? found.policy : mergePolicy(found.policy, statements),
    tags: sb.tags,
  };
  const keyAccess = (doc: string) =>
    JSON.stringify(parsePolicy(doc).Statement.find((st) => st.Sid === STATE_KEY_ACCESS_SID) ?? null);
  const grants =
    !policyCurrent &&
    keyAccess(after.policy) !== "null" &&
    keyAccess(after.policy) !== keyAccess(found.policy);
  const change: KmsKeyChange = {
    kind: "kms_key",
    action: "update",
    address: kmsKeyAddress(alias),
    broadensAccess: grants,
    alias,
    keyId: found.keyId,
    before,
    after,
    changedFields,
  };
  if (!policyCurrent)
    change.reason = `key policy statements to add or repair: ${driftedSids(found.policy, statements).join(", ")}${grants ? " (lets other accounts' state roles use the key through S3)" : ""}`;
  return change;
}

/**
 * Permission sets whose Identity Center roles use the state: those assigned to the backend account
 * (directly or through an OU that contains it).
 */
function stateRolePermissionSets(desired: Desired, actual: Actual, sb: DesiredStateBackend): string[] {
  const names = new Set<string>();
  for (const rule of desired.assignmentRules) {
    const reaches = rule.targets.some((t) =>
      t.kind === "account"
        ? t.accountId === sb.accountId
        : (Object.hasOwn(actual.ouAccounts, t.ouId) ? (actual.ouAccounts[t.ouId] ?? []) : []).includes(
            sb.accountId,
          ),
    );
    if (reaches) for (const ps of rule.permissionSets) names.add(ps);
  }
  return [...names].sort(compareStrings);
}

function planBucket(
  sb: DesiredStateBackend,
  bucket: NonNullable<Actual["stateBackend"]>["bucket"],
  key: KeyRef | undefined,
  out: StateBackendDiff,
  access: StateAccess | undefined,
): void {
  const address = bucketAddress(sb.bucket);
  switch (bucket.status) {
    case "not-read":
      return;
    case "forbidden":
      out.problems.push(
        `${address}: the bucket name ${sb.bucket} is taken by another AWS account (S3 answered 403 Forbidden to HeadBucket). ` +
          "Bucket names are global: choose another stateBackend.bucket (or leave it out for the default " +
          "<bucketPrefix>-<accountId>-<region>), or, if the bucket is yours, use credentials that may read it.",
      );
      return;
    case "other-region":
      out.problems.push(
        `${address}: the bucket exists in ${bucket.region}, not in stateBackend.region ${sb.region}. ` +
          `Set stateBackend.region: ${bucket.region} to adopt it, or choose another bucket name.`,
      );
      return;
    case "absent": {
      out.changes.push({
        kind: "state_bucket",
        action: "create",
        address,
        broadensAccess: false,
        bucket: sb.bucket,
        region: sb.region,
      });
      for (const after of desiredSettings(sb, key, access)) {
        out.changes.push(settingChange(sb, { setting: after.setting, action: "create", after }, key));
      }
      return;
    }
    case "present": {
      for (const d of diffSettings(sb, bucket.settings, key, access)) {
        const change = settingChange(sb, d, key);
        if (change.weakens && !sb.allowWeakening) {
          out.problems.push(
            `${change.address}: the change ${change.reason ?? "weakens a protection"}; keyless does not weaken an existing state bucket unless stateBackend.allowWeakening is true`,
          );
        }
        out.changes.push(change);
      }
      return;
    }
  }
}

function settingChange(
  sb: DesiredStateBackend,
  d: SettingDiff,
  key: KeyRef | undefined,
): StateBucketSettingChange {
  const why = d.before ? weakening(d.before, d.after) : undefined;
  const grants = grantsOtherAccounts(d);
  const change: StateBucketSettingChange = {
    kind: "state_bucket_setting",
    action: d.action,
    address: `${bucketAddress(sb.bucket)}.${d.setting}`,
    broadensAccess: why !== undefined || grants !== undefined,
    bucket: sb.bucket,
    setting: d.setting,
    after: d.after,
    weakens: why !== undefined,
  };
  if (d.before) change.before = d.before;
  if (why) change.reason = sb.allowWeakening ? `${why}; allowed by stateBackend.allowWeakening` : why;
  else if (grants) change.reason = grants;
  else if (d.setting === "policy" && d.before?.setting === "policy") {
    const kept = foreignStatementCount(d.before.document);
    if (kept > 0) change.reason = `keeps ${kept} statement${kept === 1 ? "" : "s"} keyless does not own`;
  }
  if (key?.arn === KMS_KEY_ARN_PENDING && (d.setting === "encryption" || d.setting === "policy")) {
    change.pendingKmsKey = sb.encryption.alias ?? "alias/keyless-tfstate";
  }
  return change;
}

function planLockTable(
  sb: DesiredStateBackend,
  found: ActualLockTable | null | undefined,
  out: StateBackendDiff,
): void {
  if (sb.locking !== "dynamodb" || !sb.dynamodbTable) return;
  const address = lockTableAddress(sb.dynamodbTable);
  const after: LockTableSpec = {
    name: sb.dynamodbTable,
    billingMode: "PAY_PER_REQUEST",
    pointInTimeRecovery: true,
    sseKms: true,
    tags: sb.tags,
  };
  const base = {
    kind: "lock_table" as const,
    address,
    broadensAccess: false,
    table: sb.dynamodbTable,
    after,
  };
  if (!found) {
    out.changes.push({ ...base, action: "create", changedFields: [] });
    return;
  }
  if (!found.lockIdKey) {
    out.problems.push(
      `${address}: the table exists but its key is not LockID (String), which Terraform requires; choose another stateBackend.dynamodbTable (keyless never deletes or re-creates a table)`,
    );
    return;
  }
  const before: LockTableSpec = {
    name: found.name,
    billingMode: found.billingMode,
    pointInTimeRecovery: found.pointInTimeRecovery,
    sseKms: found.sseKms,
    tags: found.tags,
  };
  const changedFields: LockTableChange["changedFields"] = [];
  if (found.billingMode !== after.billingMode) changedFields.push("billingMode");
  if (!found.pointInTimeRecovery) changedFields.push("pointInTimeRecovery");
  if (!found.sseKms) changedFields.push("sseKms");
  if (Object.entries(after.tags).some(([k, v]) => found.tags[k] !== v)) changedFields.push("tags");
  if (changedFields.length > 0) out.changes.push({ ...base, action: "update", before, changedFields });
}

/**
 * "lets … in" when the policy after the change grants other accounts something the policy before
 * did not: shown in the plan as a broadening of access (style.md, point 5).
 */
function grantsOtherAccounts(d: SettingDiff): string | undefined {
  if (d.setting !== "policy" || d.after.setting !== "policy") return undefined;
  const access = (doc: string) =>
    JSON.stringify(parsePolicy(doc).Statement.find((st) => st.Sid === STATE_ACCESS_SID) ?? null);
  const after = access(d.after.document);
  const before = d.before?.setting === "policy" ? access(d.before.document) : "null";
  if (after === "null" || after === before) return undefined;
  const cond = (parsePolicy(d.after.document).Statement.find((st) => st.Sid === STATE_ACCESS_SID)
    ?.Condition ?? {}) as Record<string, Record<string, unknown>>;
  const accounts = (cond.StringEquals?.["aws:PrincipalAccount"] as string[] | undefined) ?? [];
  return `lets the Identity Center roles of the state's permission sets in ${accounts.join(", ")} read and write state`;
}

export function lockingSwitchNote(sb: DesiredStateBackend, table: string): string {
  return (
    `Locking for ${sb.bucket} moves from the DynamoDB table ${table} to Terraform's S3 lockfile ` +
    "(use_lockfile, Terraform 1.10 or later). keyless keeps the table: it never deletes a lock table. " +
    "Migrate each configuration: make sure no run holds a lock, set `use_lockfile = true` in its backend " +
    "(keep `dynamodb_table` during the switch if some runs still use an older Terraform: both locks are " +
    "then taken), run `terraform init -reconfigure`, and remove `dynamodb_table` once every run uses " +
    `the lockfile. Delete the table ${table} yourself when nothing uses it.`
  );
}
