/** The audit trail and the Terraform state (finding 6), and overwriting other stacks' state. */
import { A, AUDIT_KEY, logGroup, R, STATE_BUCKET, STATE_KEY, table, trail } from "./arns.ts";
import type { AbuseCase } from "./types.ts";

const audit = (id: string, action: string, resource: string, title: string): AbuseCase => ({
  id,
  class: "audit",
  title,
  finding: 6,
  request: { action, resource },
  guard: true,
});
const state = (
  id: string,
  action: string,
  resource: string,
  title: string,
  extra: Partial<AbuseCase> = {},
): AbuseCase => ({
  id,
  class: "state",
  title,
  finding: 6,
  request: { action, resource },
  guard: true,
  ...extra,
});

const bucket = `arn:aws:s3:::${STATE_BUCKET}`;
const AUDIT_BUCKET = `arn:aws:s3:::aws-cloudtrail-logs-${A}-0a1b2c3d`;

export const AUDIT_STATE_CASES: AbuseCase[] = [
  audit("A01", "cloudtrail:StopLogging", trail("org"), "stop the audit trail"),
  audit("A02", "cloudtrail:DeleteTrail", trail("org"), "delete the audit trail"),
  audit("A03", "cloudtrail:UpdateTrail", trail("org"), "point the trail at another bucket"),
  audit("A04", "cloudtrail:PutEventSelectors", trail("org"), "narrow what the trail records"),
  audit(
    "A05",
    "cloudtrail:DeleteEventDataStore",
    `arn:aws:cloudtrail:${R}:${A}:eventdatastore/0123abcd-0123-abcd-0123-0123456789ab`,
    "delete a CloudTrail Lake event data store",
  ),
  audit(
    "A06",
    "cloudtrail:StopEventDataStoreIngestion",
    `arn:aws:cloudtrail:${R}:${A}:eventdatastore/0123abcd-0123-abcd-0123-0123456789ab`,
    "stop CloudTrail Lake ingestion",
  ),
  audit(
    "A07",
    "s3:PutLifecycleConfiguration",
    AUDIT_BUCKET,
    "a lifecycle rule that expires the trail's logs",
  ),
  audit(
    "A08",
    "s3:DeleteObject",
    `${AUDIT_BUCKET}/AWSLogs/${A}/CloudTrail/x.json.gz`,
    "delete a trail log file",
  ),
  audit("A09", "s3:PutBucketPolicy", AUDIT_BUCKET, "rewrite the trail bucket's policy"),
  audit(
    "A10",
    "logs:DeleteLogGroup",
    logGroup("aws-controltower/CloudTrailLogs"),
    "delete the trail's log group",
  ),
  audit(
    "A11",
    "logs:PutRetentionPolicy",
    logGroup("aws-cloudtrail-logs-org"),
    "one-day retention on the trail's log group",
  ),
  audit("A12", "kms:ScheduleKeyDeletion", AUDIT_KEY, "schedule the trail key's deletion"),
  audit("A13", "kms:DisableKey", AUDIT_KEY, "disable the trail key"),
  state(
    "F01",
    "s3:PutLifecycleConfiguration",
    bucket,
    "finding 6: a lifecycle rule that deletes state and its history",
  ),
  state("F02", "s3:PutReplicationConfiguration", bucket, "replicate the state to another account's bucket"),
  state("F03", "s3:PutBucketAcl", bucket, "grant another account through the bucket ACL"),
  state("F04", "s3:PutBucketOwnershipControls", bucket, "re-enable ACLs on the state bucket"),
  state("F05", "s3:PutBucketLogging", bucket, "send the state bucket's access logs elsewhere"),
  state("F06", "s3:PutBucketObjectLockConfiguration", bucket, "lock state objects against the owner"),
  state("F07", "s3:PutBucketPolicy", bucket, "replace the state bucket policy"),
  state("F08", "s3:PutBucketVersioning", bucket, "suspend versioning (no history)"),
  state("F09", "s3:PutEncryptionConfiguration", bucket, "switch the state's encryption"),
  state("F10", "s3:DeleteObjectVersion", `${bucket}/env/team-a/app.tfstate`, "delete old state versions"),
  state(
    "F11",
    "s3:PutObjectAcl",
    `${bucket}/env/team-a/app.tfstate`,
    "make a state object readable to others",
  ),
  state("F12", "kms:ScheduleKeyDeletion", STATE_KEY, "schedule the state key's deletion (state unreadable)", {
    request: {
      action: "kms:ScheduleKeyDeletion",
      resource: STATE_KEY,
      context: { "kms:ResourceAliases": ["alias/keyless-tfstate"] },
    },
  }),
  state("F13", "kms:PutKeyPolicy", STATE_KEY, "replace the state key's policy", {
    request: {
      action: "kms:PutKeyPolicy",
      resource: STATE_KEY,
      context: { "kms:ResourceAliases": ["alias/keyless-tfstate"] },
    },
  }),
  state(
    "F14",
    "kms:DeleteAlias",
    `arn:aws:kms:${R}:${A}:alias/keyless-tfstate`,
    "move the alias off the state key",
  ),
  state("F15", "dynamodb:DeleteTable", table("terraform-locks"), "delete the lock table", {
    params: { lockTable: "terraform-locks" },
  }),
  state(
    "F16",
    "s3:PutObject",
    `${bucket}/env/team-b/payments.tfstate`,
    "overwrite another team's stack state",
    {
      class: "state",
    },
  ),
  state(
    "F17",
    "s3:GetObject",
    `${bucket}/env/team-b/payments.tfstate`,
    "read another team's state (its secrets)",
  ),
  state(
    "F18",
    "s3:DeleteObject",
    `${bucket}/env/team-b/payments.tfstate.tflock`,
    "break another team's lock",
  ),
  state("F19", "kms:DisableKey", STATE_KEY, "disable the state key (key known by ARN)", {
    params: { stateKmsKeyArn: STATE_KEY },
  }),
];
