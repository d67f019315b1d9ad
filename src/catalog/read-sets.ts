/**
 * The read-only part of the presets: what `terraform plan` needs to refresh the resources of each
 * domain, and nothing that reads data. Chosen instead of the AWS-managed ReadOnlyAccess, which also
 * grants s3:GetObject on every bucket, dynamodb:GetItem/Scan, logs:GetLogEvents, ssm:GetParameter and
 * more: whoever can plan could read the data the infrastructure holds. See docs/permission-sets.md.
 *
 * Rules for this file: metadata reads only (Describe, List, Get of configuration); no object, item,
 * log event, metric data, trace, query result or secret value reads (the data guardrail denies them
 * anyway). Listing bucket keys is metadata: HeadBucket needs it. `ec2:Describe*` appears in most
 * domains because VPC lookups (subnets, security groups) are how every domain finds its network.
 */

const LAMBDA_READ = [
  "lambda:GetFunction*",
  "lambda:GetAlias",
  "lambda:GetPolicy",
  "lambda:GetLayerVersion*",
  "lambda:GetEventSourceMapping",
  "lambda:GetProvisionedConcurrencyConfig",
  "lambda:GetCodeSigningConfig",
  "lambda:GetRuntimeManagementConfig",
  "lambda:GetAccountSettings",
  "lambda:List*",
];

export const READ_SETS = {
  storage: [
    "s3:ListAllMyBuckets",
    // HeadBucket (refreshing aws_s3_bucket) needs s3:ListBucket; it lists key names, not contents.
    "s3:ListBucket",
    "s3:GetBucket*",
    "s3:Get*Configuration",
    "s3:GetAccountPublicAccessBlock",
    "ec2:Describe*",
    "ec2:GetEbs*",
    "elasticfilesystem:Describe*",
    "elasticfilesystem:ListTagsForResource",
  ],
  compute: [
    "ec2:Describe*",
    // data "aws_ami" reads it (hashicorp/aws 5.100): the UEFI variable store, boot configuration.
    "ec2:GetInstanceUefiData",
    "autoscaling:Describe*",
    "elasticloadbalancing:Describe*",
    "application-autoscaling:Describe*",
    ...LAMBDA_READ,
    "ecs:Describe*",
    "ecs:List*",
    "ecr:DescribeRepositories",
    "ecr:GetRepositoryPolicy",
    "ecr:GetLifecyclePolicy",
    "ecr:ListTagsForResource",
  ],
  networking: ["ec2:Describe*", "ec2:GetManagedPrefixListEntries"],
  database: [
    "ec2:Describe*",
    "application-autoscaling:Describe*",
    "rds:Describe*",
    "rds:ListTagsForResource",
    "dynamodb:Describe*",
    "dynamodb:List*",
    "dynamodb:GetResourcePolicy",
    "elasticache:Describe*",
    "elasticache:List*",
    // aws_dynamodb_table describes the AWS-managed alias/aws/dynamodb key itself: key metadata only.
    "kms:DescribeKey",
  ],
  serverless: [
    "ec2:Describe*",
    ...LAMBDA_READ,
    "apigateway:GET",
    "events:Describe*",
    "events:List*",
    "scheduler:Get*",
    "scheduler:List*",
  ],
  monitoring: [
    "cloudwatch:Describe*",
    "cloudwatch:GetDashboard",
    "cloudwatch:GetMetricStream",
    "cloudwatch:ListDashboards",
    "cloudwatch:ListMetricStreams",
    "cloudwatch:ListTagsForResource",
    "logs:Describe*",
    "logs:ListTagsForResource",
    "logs:ListTagsLogGroup",
    "xray:GetGroup*",
    "xray:GetSamplingRules",
    "xray:GetEncryptionConfig",
    "xray:ListTagsForResource",
    "cloudtrail:DescribeTrails",
    "cloudtrail:GetTrail*",
    "cloudtrail:GetEventSelectors",
    "cloudtrail:GetInsightSelectors",
    "cloudtrail:ListTrails",
    "cloudtrail:ListTags",
  ],
  iam: ["iam:Get*", "iam:List*"],
  core: [
    "sts:GetCallerIdentity",
    "tag:GetResources",
    "tag:GetTagKeys",
    "tag:GetTagValues",
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListResourceTags",
  ],
} as const satisfies Record<string, readonly string[]>;

export type ReadDomain = keyof typeof READ_SETS;

/** The read actions of the given domains, without repeats, in first-seen order. */
export function readActions(...domains: ReadDomain[]): string[] {
  return [...new Set(domains.flatMap((d) => READ_SETS[d]))];
}

/** Every domain's reads: terraform-core's "plan anything, change nothing" set. */
export const ALL_READ_DOMAINS = Object.keys(READ_SETS) as ReadDomain[];
