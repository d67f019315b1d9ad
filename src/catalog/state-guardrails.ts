/**
 * The Deny statements that keep the Terraform state backend as keyless hardened it: the bucket's
 * settings (policy, encryption, versioning, public access block, lifecycle, replication, ACLs and
 * ownership, logging, object lock), the state's history (old versions, object ACLs, retention), the
 * lock table and the state's KMS key and alias. Terraform never needs any of these; keyless changes
 * them from the management side, with credentials that carry no preset.
 */
import { bucketAndObjects, lockTableArn, stateBucketOf } from "./defaults.ts";
import type { PolicyStatement, PresetParams } from "./types.ts";

/** Bucket-level writes: every Put/Delete of a bucket setting, and the bucket itself. */
export const STATE_BUCKET_ACTIONS = ["s3:DeleteBucket*", "s3:PutBucket*", "s3:Put*Configuration"];
/** Object-level changes that lose history or expose state (versions, ACLs, object lock). */
export const STATE_HISTORY_ACTIONS = [
  "s3:DeleteObjectVersion*",
  "s3:PutObject*Acl",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:BypassGovernanceRetention",
];
export const LOCK_TABLE_ACTIONS = [
  "dynamodb:DeleteTable",
  "dynamodb:UpdateTable",
  "dynamodb:PutResourcePolicy",
  "dynamodb:UpdateContinuousBackups",
];
/** Key changes that make the state unreadable or readable by others; alias moves included. */
export const STATE_KEY_ACTIONS = [
  "kms:ScheduleKeyDeletion",
  "kms:DisableKey*",
  "kms:PutKeyPolicy",
  "kms:CreateGrant",
  "kms:ReplicateKey",
  "kms:UpdatePrimaryRegion",
  "kms:DeleteImportedKeyMaterial",
  "kms:DeleteAlias",
  "kms:UpdateAlias",
];

/**
 * The state bucket (or keyless's bucket pattern when none is configured), the lock table, the key
 * (by ARN, or by its alias through kms:ResourceAliases while the ARN is not known) and the alias.
 */
export function stateGuardrails(p: PresetParams): PolicyStatement[] {
  const actions = [...STATE_BUCKET_ACTIONS, ...STATE_HISTORY_ACTIONS];
  const resources = bucketAndObjects(stateBucketOf(p));
  if (p.lockTable !== undefined) {
    actions.push(...LOCK_TABLE_ACTIONS);
    resources.push(lockTableArn(p, p.lockTable));
  }
  const account = p.stateAccountId ?? "*";
  if (p.stateKmsKeyArn !== undefined || p.stateKmsAlias !== undefined) actions.push(...STATE_KEY_ACTIONS);
  if (p.stateKmsKeyArn !== undefined) resources.push(p.stateKmsKeyArn);
  if (p.stateKmsAlias !== undefined) resources.push(`arn:aws:kms:*:${account}:${p.stateKmsAlias}`);
  const out: PolicyStatement[] = [
    { Sid: "DenyStateBackendChanges", Effect: "Deny", Action: actions, Resource: resources },
  ];
  if (p.stateKmsKeyArn === undefined && p.stateKmsAlias !== undefined) {
    out.push({
      Sid: "DenyStateKeyChanges",
      Effect: "Deny",
      Action: STATE_KEY_ACTIONS,
      Resource: `arn:aws:kms:*:${account}:key/*`,
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": [p.stateKmsAlias] } },
    });
  }
  return out;
}
