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
    default: "the pattern keyless-tfstate-* (and no state bucket guardrail)",
    meaning: "the S3 bucket holding Terraform state",
  },
  stateKeyPrefix: {
    name: "stateKeyPrefix",
    from: "stateBackend.keyPrefix",
    default: '"" (the whole bucket)',
    meaning: "state object keys start with it; list, read and write are limited to it",
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
};
