/** What each preset parameter means, where keyless.yaml sets it, and its default (for docs and `catalog show`). */
import type { PresetParamName } from "./types.ts";

export interface ParameterDoc {
  name: PresetParamName;
  /** The keyless.yaml key it comes from. */
  from: string;
  default: string;
  meaning: string;
}

export const PARAMETER_DOCS: Record<PresetParamName, ParameterDoc> = {
  stateBucket: {
    name: "stateBucket",
    from: "stateBackend.bucket (default: bucketPrefix-accountId-region)",
    default: "the pattern keyless-tfstate-* (protected by the state guardrail as well)",
    meaning: "the S3 bucket holding Terraform state",
  },
  stateKeyPrefix: {
    name: "stateKeyPrefix",
    from: "stateBackend.keyPrefix",
    default: '"" (the whole bucket)',
    meaning:
      "state object keys start with it; reads and writes are limited to it (listing is not: Terraform lists env:/)",
  },
  lockTable: {
    name: "lockTable",
    from: "stateBackend.dynamodbTable when stateBackend.locking is dynamodb",
    default: "none (S3 lock files)",
    meaning: "the DynamoDB lock table",
  },
  stateKmsKeyArn: {
    name: "stateKmsKeyArn",
    from: "stateBackend.encryption.kmsKeyArn when encryption.type is kms-key",
    default: "none",
    meaning: "the KMS key that encrypts the state",
  },
  stateKmsAlias: {
    name: "stateKmsAlias",
    from: "stateBackend.encryption.alias when encryption.type is kms (default alias/keyless-tfstate)",
    default: "none",
    meaning: "the state key's alias, matched with kms:ResourceAliases while its ARN is not known",
  },
  allowedRegions: {
    name: "allowedRegions",
    from: "catalog.allowedRegions (plus stateBackend.region)",
    default: "none (no region restriction)",
    meaning: "requests to other regions are denied, global services excepted",
  },
  iamPath: {
    name: "iamPath",
    from: "catalog.iamPath",
    default: "/terraform/",
    meaning: "the IAM path of roles, instance profiles and policies Terraform manages and may pass",
  },
  permissionsBoundaryName: {
    name: "permissionsBoundaryName",
    from: "catalog.permissionsBoundary",
    default: "TerraformBoundary",
    meaning: "the boundary policy (path /) every role terraform-iam creates must carry",
  },
  stateAccountId: {
    name: "stateAccountId",
    from: "stateBackend.account (a name under accounts, or an id)",
    default: "* (any account)",
    meaning: "the account of the lock table and state key",
  },
  stateScope: {
    name: "stateScope",
    from: "permissionSets.<name>.stateScope",
    default: '"" (every key under the key prefix)',
    meaning:
      "narrows the set's state reads and writes to keys under keyPrefix + stateScope (one prefix per team or environment); other state keys are denied even with more policies attached",
  },
  objectBuckets: {
    name: "objectBuckets",
    from: "catalog.objectBuckets",
    default: "none",
    meaning:
      "buckets whose objects Terraform reads or writes (Lambda/ECS artifacts, aws_s3_object): compute and serverless read them, storage reads and writes them; every other object is denied",
  },
  auditBuckets: {
    name: "auditBuckets",
    from: "catalog.auditLogs.buckets",
    default: "aws-cloudtrail-logs-*, aws-controltower-logs-*",
    meaning: "the audit trail's buckets: no bucket setting or object may be changed or deleted",
  },
  auditLogGroups: {
    name: "auditLogGroups",
    from: "catalog.auditLogs.logGroups",
    default: "aws-cloudtrail-logs-*, aws-controltower/CloudTrailLogs",
    meaning: "the audit trail's log groups: no deletion, retention, subscription, key or event change",
  },
  auditKmsKeyArns: {
    name: "auditKmsKeyArns",
    from: "catalog.auditLogs.kmsKeyArns",
    default: "none",
    meaning: "the audit trail's KMS keys: no deletion, disabling, policy change or grant",
  },
};

/** Parameters every preset's guardrails depend on (so every preset's rendering changes with them). */
export const GUARDRAIL_PARAMETERS: PresetParamName[] = [
  "stateBucket",
  "stateKeyPrefix",
  "stateScope",
  "lockTable",
  "stateKmsKeyArn",
  "stateKmsAlias",
  "stateAccountId",
  "objectBuckets",
  "auditBuckets",
  "auditLogGroups",
  "auditKmsKeyArns",
  "iamPath",
  "allowedRegions",
];
