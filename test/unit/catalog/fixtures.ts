/** Parameter combinations every preset is rendered with in the tests. */
import type { PresetParams } from "../../../src/catalog/types.ts";

export const BUCKET = "keyless-tfstate-111111111111-eu-central-1";
export const KEY_ARN = "arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

export const COMBOS: Record<string, PresetParams> = {
  "no parameters": {},
  "state bucket and key prefix": { stateBucket: BUCKET, stateKeyPrefix: "platform/" },
  "dynamodb locking": {
    stateBucket: BUCKET,
    lockTable: "terraform-locks",
    stateAccountId: "111111111111",
  },
  "kms key arn": { stateBucket: BUCKET, stateKmsKeyArn: KEY_ARN },
  "kms alias": {
    stateBucket: BUCKET,
    stateKmsAlias: "alias/keyless-tfstate",
    stateAccountId: "111111111111",
  },
  "allowed regions": { allowedRegions: ["eu-central-1", "eu-west-1"] },
  "custom iam path and boundary": { iamPath: "/platform/tf/", permissionsBoundaryName: "PlatformBoundary" },
  /**
   * Long but real values everywhere: the longest bucket name S3 allows, a deep key prefix and scope,
   * long table, path and boundary names, four regions, object and audit resources. (A 200-character
   * IAM path or a 255-character table name makes a preset exceed the quota; validate reports that.)
   */
  "everything, long values": {
    stateBucket: `${"b".repeat(61)}-x`,
    stateKeyPrefix: "organisation/platform/terraform/",
    stateScope: "team-payments/production/",
    lockTable: `terraform-locks-${"t".repeat(48)}`,
    stateKmsKeyArn: KEY_ARN,
    stateKmsAlias: "alias/keyless-tfstate",
    allowedRegions: ["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"],
    iamPath: "/platform/terraform/workloads/",
    permissionsBoundaryName: `Platform${"B".repeat(56)}`,
    stateAccountId: "111111111111",
    objectBuckets: ["platform-artifacts-111111111111-eu-central-1", "platform-lambda-zips"],
    auditBuckets: ["org-cloudtrail-logs-111111111111", "aws-controltower-logs-*"],
    auditLogGroups: ["aws-controltower/CloudTrailLogs"],
    auditKmsKeyArns: ["arn:aws:kms:eu-central-1:999999999999:key/abcd1234-12ab-34cd-56ef-1234567890ab"],
  },
};
