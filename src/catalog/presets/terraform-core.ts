/**
 * terraform-core: the Terraform state (bucket, lock, key) plus a read set that lets `terraform plan`
 * refresh every domain. With it alone an engineer can plan anything and change nothing but state;
 * the domain presets add the writes.
 */
import { bucketArn, DEFAULT_STATE_BUCKET_PATTERN, stateBucketOf, stateKeyPrefixOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { ALL_READ_DOMAINS, readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow } from "../statements.ts";
import type { PolicyStatement, Preset, PresetParams } from "../types.ts";

function stateStatements(p: PresetParams): PolicyStatement[] {
  const bucket = bucketArn(stateBucketOf(p));
  const prefix = stateKeyPrefixOf(p);
  const list: PolicyStatement = allow("StateList", ["s3:ListBucket"], bucket);
  if (prefix !== "") list.Condition = { StringLike: { "s3:prefix": [`${prefix}*`] } };
  const out: PolicyStatement[] = [
    list,
    allow(
      "StateReadWrite",
      ["s3:GetObject", "s3:PutObject", "s3:GetObjectTagging", "s3:PutObjectTagging"],
      `${bucket}/${prefix}*`,
    ),
    allow(
      "StateLockFiles",
      ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      `${bucket}/${prefix}*.tflock`,
    ),
  ];
  if (p.lockTable !== undefined) {
    out.push(
      allow(
        "StateLockTable",
        ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
        `arn:aws:dynamodb:*:${p.stateAccountId ?? "*"}:table/${p.lockTable}`,
      ),
    );
  }
  const kms = kmsStatement(p);
  if (kms) out.push(kms);
  return out;
}

/**
 * The state key, used by S3 on the caller's behalf (kms:ViaService). With only an alias known (keyless
 * creates the key), the key is matched by its alias.
 */
function kmsStatement(p: PresetParams): PolicyStatement | undefined {
  const actions = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"];
  const viaS3 = { "kms:ViaService": "s3.*.amazonaws.com" };
  if (p.stateKmsKeyArn !== undefined) {
    return { ...allow("StateKey", actions, p.stateKmsKeyArn), Condition: { StringLike: viaS3 } };
  }
  if (p.stateKmsAlias !== undefined) {
    return {
      ...allow("StateKey", actions, `arn:aws:kms:*:${p.stateAccountId ?? "*"}:key/*`),
      Condition: {
        StringLike: viaS3,
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": [p.stateKmsAlias] },
      },
    };
  }
  return undefined;
}

export const terraformCore: Preset = {
  name: "terraform-core",
  shortName: "core",
  purpose: "Terraform state (S3 bucket, lock, KMS key), tagging, and read-only access to plan every domain",
  services: [
    "S3 (state)",
    "DynamoDB (lock table, optional)",
    "KMS (state key, optional)",
    "Resource Groups Tagging",
    "STS",
  ],
  grants: [
    "s3:ListBucket on the state bucket, limited to keys under the state key prefix (s3:prefix)",
    "s3:GetObject, s3:PutObject (and object tagging) on state objects under the key prefix; no DeleteObject on state",
    "s3:GetObject, s3:PutObject, s3:DeleteObject on the `.tflock` lock objects (S3-native locking)",
    "dynamodb:DescribeTable, GetItem, PutItem, DeleteItem on the lock table (only with DynamoDB locking)",
    "kms:Encrypt, Decrypt, GenerateDataKey on the state key, only through S3 (only when the state is KMS-encrypted)",
    "tag:GetResources, GetTagKeys, GetTagValues, TagResources, UntagResources (the service's own tagging permission is still needed to tag)",
    "the planning read set of every domain (Describe/List/Get-configuration; no data reads) and sts:GetCallerIdentity",
  ],
  notGranted: [
    "any write outside the state: the domain presets add those",
    "s3:DeleteObject on state objects (Terraform never deletes state; old versions stay recoverable)",
    "data reads: objects of other buckets, table items, log events, secrets",
  ],
  denies: [...COMMON_DENIALS],
  parameters: [
    "stateBucket",
    "stateKeyPrefix",
    "lockTable",
    "stateKmsKeyArn",
    "stateKmsAlias",
    "stateAccountId",
    "allowedRegions",
  ],
  render(p) {
    const notes = commonNotes(p);
    if (p.stateBucket === undefined) {
      notes.unshift(
        `no state bucket configured: state statements use keyless's bucket pattern ${DEFAULT_STATE_BUCKET_PATTERN}`,
      );
    }
    if (p.stateKmsKeyArn !== undefined && p.stateKmsAlias !== undefined) {
      notes.push("both a state key ARN and an alias are set: the ARN is used");
    }
    return assemble(
      [
        allow("PlanningRead", readActions(...ALL_READ_DOMAINS)),
        ...stateStatements(p),
        allow("Tagging", ["tag:TagResources", "tag:UntagResources"]),
      ],
      p,
      notes,
    );
  },
};
