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
  "everything, long values": {
    stateBucket: `${"b".repeat(55)}-x`,
    stateKeyPrefix: `${"deep/".repeat(40)}`,
    lockTable: "t".repeat(255),
    stateKmsKeyArn: KEY_ARN,
    stateKmsAlias: "alias/keyless-tfstate",
    allowedRegions: [
      "eu-central-1",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "eu-north-1",
      "us-east-1",
      "us-east-2",
      "us-west-2",
      "ap-southeast-1",
      "ap-northeast-1",
    ],
    iamPath: `/${"p".repeat(200)}/`,
    permissionsBoundaryName: "B".repeat(128),
    stateAccountId: "111111111111",
  },
};
