/**
 * terraform-core: the Terraform state (bucket, lock, key) plus a read set that lets `terraform plan`
 * refresh every domain. With it alone an engineer can plan anything and change nothing but state;
 * the domain presets add the writes.
 */
import {
  bucketArn,
  DEFAULT_STATE_BUCKET_PATTERN,
  lockTableArn,
  stateBucketOf,
  stateObjectsArn,
  stateScopeOf,
} from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { GUARDRAIL_PARAMETERS } from "../parameters.ts";
import { ALL_READ_DOMAINS, readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow } from "../statements.ts";
import type { PolicyStatement, Preset, PresetParams } from "../types.ts";

/**
 * What Terraform's S3 backend calls. Listing the bucket is not limited by s3:prefix: the backend
 * lists `<workspace_key_prefix>/` (default `env:/`, outside any key prefix) on every init, plan and
 * apply, and S3 answers 404 for a missing state key (a new stack's first init) only to a caller
 * that may list the bucket without a prefix (403 otherwise, which Terraform treats as an error). Key
 * names are visible; contents only under the set's own prefix.
 */
function stateStatements(p: PresetParams): PolicyStatement[] {
  const bucket = bucketArn(stateBucketOf(p));
  const out: PolicyStatement[] = [
    allow("StateReadWrite", ["s3:GetObject", "s3:PutObject"], stateObjectsArn(p)),
    allow("StateLockFiles", ["s3:DeleteObject"], `${bucket}/${stateScopeOf(p)}*.tflock`),
  ];
  if (p.lockTable !== undefined) {
    out.push(
      allow(
        "StateLockTable",
        ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
        lockTableArn(p, p.lockTable),
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
    "s3:ListBucket on the state bucket without an s3:prefix condition (Terraform lists `env:/` and needs 404 for a new state key; every bucket is listable for planning anyway)",
    "s3:GetObject, s3:PutObject on state objects under the key prefix and the set's stateScope; no DeleteObject on state",
    "s3:DeleteObject on the `.tflock` lock objects under the same prefix (S3-native locking)",
    "dynamodb:DescribeTable, GetItem, PutItem, DeleteItem on the lock table (only with DynamoDB locking)",
    "kms:Encrypt, Decrypt, GenerateDataKey on the state key, only through S3 (only when the state is KMS-encrypted)",
    "tag:GetResources, GetTagKeys, GetTagValues, TagResources, UntagResources (the service's own tagging permission is still needed to tag)",
    "the planning read set of every domain (Describe/List/Get-configuration; no data reads) and sts:GetCallerIdentity; API Gateway API keys excepted",
  ],
  notGranted: [
    "any write outside the state: the domain presets add those",
    "s3:DeleteObject on state objects (Terraform never deletes state; old versions stay recoverable)",
    "data reads: objects of other buckets, table items, log events, secrets",
  ],
  denies: [
    {
      what: "apigateway:GET on /apikeys (API key values)",
      why: "API keys are credentials, and GET /apikeys?includeValues=true returns them; terraform-serverless, which manages them, can read them",
    },
    ...COMMON_DENIALS,
  ],
  cannotPrevent: [
    "listing the state bucket's key names (stack names) of every team: Terraform's S3 backend needs s3:ListBucket without a prefix condition. Contents stay limited to the set's prefix.",
    "without stateScope, every holder reads and overwrites every stack's state under the key prefix. Closes with: one permission set per team or environment with permissionSets.<name>.stateScope (other keys are then denied even with more policies attached).",
    "reading configuration that may hold secrets: Lambda environment variables and code download URLs (lambda:GetFunction*), EC2 user data (ec2:DescribeInstanceAttribute), ECS task definitions' environment. Terraform cannot refresh these resources without them. Closes with: secrets in Secrets Manager or Parameter Store (both denied to every preset).",
  ],
  parameters: GUARDRAIL_PARAMETERS,
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
        allow("PlanAnything", [
          ...readActions(...ALL_READ_DOMAINS),
          "tag:TagResources",
          "tag:UntagResources",
        ]),
        ...stateStatements(p),
        {
          Sid: "DenyApiKeyValues",
          Effect: "Deny",
          Action: ["apigateway:GET"],
          Resource: ["arn:aws:apigateway:*::/apikeys", "arn:aws:apigateway:*::/apikeys/*"],
        },
      ],
      p,
      notes,
    );
  },
};
