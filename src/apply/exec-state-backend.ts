/**
 * Executes state backend changes: the KMS key, the bucket, one bucket setting, the lock table.
 * A key created in this apply is known to the plan only as KMS_KEY_ARN_PENDING; its ARN is put in
 * place here, from the key create that ran in the earlier phase.
 */
import {
  type BucketSettingValue,
  KMS_KEY_ARN_PENDING,
  type StateBackendChange,
} from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import type { ExecContext } from "./exec-context.ts";
import { required } from "./exec-context.ts";

export async function executeStateBackend(change: StateBackendChange, ctx: ExecContext): Promise<void> {
  const sb = ctx.stateBackend;
  if (!sb) {
    throw new KeylessError("PLAN_INVALID", `${change.address}: no state backend writer for this apply`, {
      hint: "run `keyless plan` again with a keyless.yaml that has a stateBackend section",
    });
  }
  switch (change.kind) {
    case "kms_key": {
      if (change.action === "create") {
        sb.createdKeys.set(change.alias, await sb.writer.createKmsKey(change.after));
        return;
      }
      await sb.writer.updateKmsKey(
        required(change.keyId, "keyId", change.address),
        change.after,
        change.changedFields,
      );
      return;
    }
    case "state_bucket":
      await sb.writer.createBucket(change.bucket, change.region);
      return;
    case "state_bucket_setting": {
      let value = change.after;
      if (change.pendingKmsKey !== undefined) {
        const arn = sb.createdKeys.get(change.pendingKmsKey);
        if (arn === undefined) {
          throw new KeylessError(
            "PLAN_INVALID",
            `${change.address}: the KMS key ${change.pendingKmsKey} was not created by this apply`,
            { hint: "run `keyless plan` again and apply the new plan" },
          );
        }
        value = withKeyArn(value, arn);
      }
      await sb.writer.putBucketSetting(change.bucket, value);
      return;
    }
    case "lock_table":
      if (change.action === "create") await sb.writer.createLockTable(change.after);
      else await sb.writer.updateLockTable(change.after, change.changedFields);
      return;
  }
}

/** The value with the pending key placeholder replaced by the created key's ARN. */
export function withKeyArn(value: BucketSettingValue, arn: string): BucketSettingValue {
  if (value.setting === "encryption" && value.encryption.kmsKeyId === KMS_KEY_ARN_PENDING) {
    return { ...value, encryption: { ...value.encryption, kmsKeyId: arn } };
  }
  if (value.setting === "policy") {
    return { ...value, document: value.document.split(KMS_KEY_ARN_PENDING).join(arn) };
  }
  return value;
}
