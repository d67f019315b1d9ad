/**
 * Recorded Terraform calls that TODAY's presets deny, each with the finding of issue 10 it is
 * evidence for. test/unit/terraform-calls/presets-allow-recorded-calls.test.ts fails on a denial
 * missing here AND on an entry that no longer matches any denial: when a preset is fixed, its
 * entries must go. The goal is an empty list.
 */
import type { Check, KeyPrefixVariant, RequestVerdict } from "./terraform-calls-eval.ts";

export interface KnownDenied {
  /** The finding of issue 10 this denial is evidence for. */
  finding: number;
  check: Check;
  /** Only under this key prefix variant (both when unset). */
  keyPrefix?: KeyPrefixVariant;
  /** Only in these stacks (every stack when unset). */
  stacks?: string[];
  action: string;
  /** A glob (`*` any run of characters) on the resource ARN; any resource when unset. */
  resource?: string;
  /** Why it is denied, in the words of the finding. */
  why: string;
}

const STATE = "arn:aws:s3:::keyless-tfstate-123456789012-eu-central-1";

export const KNOWN_DENIED: KnownDenied[] = [
  {
    finding: 1,
    check: "backend",
    keyPrefix: "set",
    action: "s3:ListBucket",
    resource: STATE,
    why: "init/plan/apply list the bucket with prefix `env:/` (workspace_key_prefix + /), and a 404 for a missing state key needs s3:ListBucket without s3:prefix; core allows ListBucket only with s3:prefix under the key prefix",
  },
  {
    finding: 1,
    check: "backend",
    keyPrefix: "set",
    stacks: ["backend-s3-lockfile-prefix"],
    action: "s3:*Object",
    resource: `${STATE}/env:/staging/*`,
    why: "a workspace's state lives under workspace_key_prefix (default `env:`), outside the key prefix; `terraform files` writes no workspace_key_prefix",
  },
  {
    finding: 8,
    check: "core-plan",
    stacks: ["storage-s3-bucket"],
    action: "s3:ListBucket",
    resource: "arn:aws:s3:::acme-app-data-123456789012",
    why: "core cannot refresh aws_s3_bucket: the provider's HeadBucket needs s3:ListBucket, which core grants on the state bucket only",
  },
  {
    finding: 8,
    check: "provider",
    stacks: ["compute-ec2-ebs"],
    action: "ec2:*Volume",
    why: "compute lacks EBS volume actions: ec2:ModifyVolume (the instance's root volume grows in place), and Create/Attach/Detach/DeleteVolume for a data volume next to the instance (granted by terraform-storage only)",
  },
  {
    finding: 8,
    check: "provider",
    stacks: ["compute-ec2-ebs"],
    action: "kms:*",
    resource: "arn:aws:kms:eu-central-1:123456789012:key/*",
    why: "compute lacks the KMS permissions EBS uses as the caller for volumes encrypted with a customer-managed key (DescribeKey, CreateGrant, GenerateDataKeyWithoutPlaintext, Decrypt, kms:ViaService ec2)",
  },
  {
    finding: 8,
    check: "provider",
    stacks: ["compute-ec2-ebs"],
    action: "ec2:GetInstanceUefiData",
    why: 'data "aws_ami" (provider 5.100) calls ec2:GetInstanceUefiData, a Get* outside the ec2:Describe* read set (moto answers 400 to it, so whether the provider tolerates AWS\'s 403 is not shown)',
  },
  {
    finding: 8,
    check: "core-plan",
    stacks: ["compute-ec2-ebs"],
    action: "ec2:GetInstanceUefiData",
    why: "the same read during plan: core's read set has ec2:Describe* only",
  },
  {
    finding: 8,
    check: "provider",
    stacks: ["database-rds-dynamodb"],
    action: "kms:*",
    resource: "arn:aws:kms:eu-central-1:123456789012:key/*",
    why: "database lacks KMS describe and grant for encrypted instances and tables (RDS and DynamoDB create grants on a customer-managed key as the caller; the provider describes the AWS-managed alias/aws/dynamodb key)",
  },
  {
    finding: 8,
    check: "provider",
    stacks: ["networking-vpc"],
    action: "logs:*LogDelivery",
    resource: "*",
    why: "networking lacks logs:CreateLogDelivery / logs:DeleteLogDelivery, which a flow log to S3 needs",
  },
  {
    finding: 8,
    check: "provider",
    stacks: ["serverless-lambda"],
    action: "s3:GetObject",
    resource: "arn:aws:s3:::acme-artifacts-123456789012/*",
    why: "serverless cannot read Lambda code from an S3 artifact bucket (CreateFunction reads it as the caller)",
  },
];

/** `*` matches any run of characters; everything else literally. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(value);
}

export function matchesKnown(entry: KnownDenied, v: RequestVerdict): boolean {
  return (
    entry.check === v.check &&
    (entry.keyPrefix === undefined || entry.keyPrefix === v.keyPrefix) &&
    (entry.stacks === undefined || entry.stacks.includes(v.stack)) &&
    globMatch(entry.action, v.request.action) &&
    (entry.resource === undefined || globMatch(entry.resource, v.request.resource))
  );
}
