/**
 * "Configuration, never data", made true by explicit Deny statements rather than by what the presets
 * happen to leave out: a Deny in the identity policy wins over any resource policy, so a holder who
 * writes a bucket policy, table policy or key policy granting itself gains nothing. Also the ways
 * data leaves the account (snapshot sharing, exports, cross-account log subscriptions and event
 * targets, layer and registry sharing) and the ways backups are destroyed.
 */
import { bucketArn, lockTableArn, stateObjectsArn } from "./defaults.ts";
import type { PolicyStatement, PresetParams } from "./types.ts";

/** Reading or changing what resources hold, and running code or sessions inside them. */
export const DATA_ACTIONS = [
  "s3:*Object",
  "s3:GetObjectVersion",
  "dynamodb:*Item",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:PartiQL*",
  "dynamodb:GetRecords",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "logs:StartQuery",
  "logs:StartLiveTail",
  "logs:GetLogRecord",
  "logs:Unmask",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter*",
  "kinesis:GetRecords",
  "sqs:ReceiveMessage",
  "rds-db:connect",
  "rds-data:*",
  "elasticache:Connect",
  "ec2:GetPasswordData",
  "ec2:GetConsole*",
  "lambda:InvokeFunction",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecs:ExecuteCommand",
  "ssm:StartSession",
  "ssm:SendCommand",
];

/**
 * Ways data or images leave the account, none with a narrower key than the action itself, or (EBS
 * snapshots) none that a preset needs: ec2:ModifySnapshotAttribute only adds or removes
 * createVolumePermission, i.e. shares a snapshot (ec2:Add/userId, ec2:Add/group) or stops sharing it.
 */
export const SHARING_ACTIONS = [
  "ec2:ModifySnapshotAttribute",
  "rds:ModifyDBSnapshotAttribute",
  "rds:ModifyDBClusterSnapshotAttribute",
  "rds:StartExportTask",
  "dynamodb:ExportTableToPointInTime",
  "dynamodb:PutResourcePolicy",
  "logs:CreateExportTask",
  "lambda:AddLayerVersionPermission",
  "ecr:PutRegistryPolicy",
  "ecr:PutReplicationConfiguration",
  "ec2:ModifyImageAttribute",
  "elasticache:CopySnapshot",
];

/** Deleting backups and recovery points (EBS snapshots are fenced by the scope tag instead). */
export const BACKUP_ACTIONS = [
  "rds:Delete*Snapshot",
  "rds:Delete*AutomatedBackup",
  "dynamodb:DeleteBackup",
  "elasticache:DeleteSnapshot",
  "backup:Delete*",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DisassociateRecoveryPoint*",
  "backup:PutBackupVaultAccessPolicy",
];

/** What may still be read and written: the set's state scope, the lock table, object buckets. */
export function dataExemptions(p: PresetParams): string[] {
  const out = [stateObjectsArn(p)];
  if (p.lockTable !== undefined) out.push(lockTableArn(p, p.lockTable));
  for (const b of p.objectBuckets ?? []) out.push(`${bucketArn(b)}/*`);
  return out;
}

/** Any ARN in the caller's own account (an IAM policy variable, resolved per request). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
const OWN_ACCOUNT_ARNS = "arn:aws:*:*:${aws:PrincipalAccount}:*";

/** The data Deny of the presets (not of the boundary: workloads read and write their data). */
export function dataGuardrails(p: PresetParams): PolicyStatement[] {
  return [{ Sid: "DenyDataAccess", Effect: "Deny", Action: DATA_ACTIONS, NotResource: dataExemptions(p) }];
}

/** Sharing that a condition key can tell apart (the unconditional rest is in SHARING_ACTIONS). */
export function sharingGuardrails(): PolicyStatement[] {
  return [
    {
      // A log destination exists only to deliver to another account; same-account subscriptions
      // name the stream, Firehose or function directly.
      Sid: "DenyLogsToOtherAccounts",
      Effect: "Deny",
      Action: ["logs:PutSubscriptionFilter"],
      Resource: "arn:aws:logs:*:*:destination:*",
    },
    {
      Sid: "DenyEventsToOtherAccounts",
      Effect: "Deny",
      Action: ["events:PutTargets"],
      Resource: "*",
      Condition: { "ForAnyValue:StringNotLike": { "events:TargetArn": [OWN_ACCOUNT_ARNS] } },
    },
  ];
}
