/**
 * Defaults for preset parameters and the ARNs derived from them, in one place so every preset,
 * the guardrails, the boundary and the docs agree on them.
 */
import type { PresetParams } from "./types.ts";

/** keyless's own bucket naming (`<prefix>-<account>-<region>`), used when no state bucket is known. */
export const DEFAULT_STATE_BUCKET_PATTERN = "keyless-tfstate-*";
export const DEFAULT_IAM_PATH = "/terraform/";
export const DEFAULT_PERMISSIONS_BOUNDARY = "TerraformBoundary";
export const POLICY_VERSION = "2012-10-17";

/**
 * The audit trail's resources when keyless.yaml names none: the names the CloudTrail console and
 * Control Tower give the trail's bucket and log group. Protected in every preset and the boundary.
 */
export const DEFAULT_AUDIT_BUCKETS = ["aws-cloudtrail-logs-*", "aws-controltower-logs-*"];
export const DEFAULT_AUDIT_LOG_GROUPS = ["aws-cloudtrail-logs-*", "aws-controltower/CloudTrailLogs"];

/**
 * The tag that marks a resource as Terraform-managed for the presets' attribute-based conditions:
 * code and configuration that runs with a resource's own role (Lambda functions, EC2 instances and
 * launch templates) and what fronts other services (load balancers, ECS services, route tables,
 * security groups, Elastic IPs) can be changed only on resources that carry it. Set it with the
 * provider's `default_tags`. The guardrails let the tag be set only when a resource is created
 * (`ec2:CreateAction`, `elasticloadbalancing:CreateAction`, `ecs:CreateAction`; for Lambda the tags
 * of the function being created) and never added to, changed on or removed from an existing resource,
 * so the holder cannot tag somebody else's resource into scope.
 */
export const SCOPE_TAG = { key: "keyless-scope", value: "terraform" } as const;
export const scopeTagCondition = (kind: "Resource" | "Request") => ({
  StringEquals: { [`aws:${kind}Tag/${SCOPE_TAG.key}`]: SCOPE_TAG.value },
});

export const stateBucketOf = (p: PresetParams): string => p.stateBucket ?? DEFAULT_STATE_BUCKET_PATTERN;
export const stateKeyPrefixOf = (p: PresetParams): string => p.stateKeyPrefix ?? "";
/** The prefix this permission set may read and write: the backend's key prefix plus the set's scope. */
export const stateScopeOf = (p: PresetParams): string => `${stateKeyPrefixOf(p)}${p.stateScope ?? ""}`;
export const iamPathOf = (p: PresetParams): string => p.iamPath ?? DEFAULT_IAM_PATH;
export const boundaryNameOf = (p: PresetParams): string =>
  p.permissionsBoundaryName ?? DEFAULT_PERMISSIONS_BOUNDARY;
export const auditBucketsOf = (p: PresetParams): string[] => p.auditBuckets ?? DEFAULT_AUDIT_BUCKETS;
export const auditLogGroupsOf = (p: PresetParams): string[] => p.auditLogGroups ?? DEFAULT_AUDIT_LOG_GROUPS;

export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
/** A bucket and its objects; a name ending in `*` covers both with one ARN (`*` spans the `/`). */
export const bucketAndObjects = (b: string): string[] =>
  b.endsWith("*") ? [bucketArn(b)] : [bucketArn(b), `${bucketArn(b)}/*`];
/** The state objects this permission set may use: `arn:aws:s3:::<bucket>/<keyPrefix><scope>*`. */
export const stateObjectsArn = (p: PresetParams): string =>
  `${bucketArn(stateBucketOf(p))}/${stateScopeOf(p)}*`;
export const lockTableArn = (p: PresetParams, table: string): string =>
  `arn:aws:dynamodb:*:${p.stateAccountId ?? "*"}:table/${table}`;

/**
 * IAM resources under the managed path. The account is `*`: a permission set is provisioned into
 * many accounts, and IAM actions only ever act on the caller's own account.
 */
export const iamArn = (kind: "role" | "policy" | "instance-profile", path: string, name = "*"): string =>
  `arn:aws:iam::*:${kind}${path}${name}`;

/**
 * The boundary policy lives at path "/" (outside the managed path) so the policy rights of
 * terraform-iam never reach it; the explicit deny in terraform-iam makes sure.
 */
export const boundaryArn = (p: PresetParams): string => `arn:aws:iam::*:policy/${boundaryNameOf(p)}`;

/** Identity Center's roles in every account (the older form without a region segment included). */
export const SSO_ROLE_ARNS = ["arn:aws:iam::*:role/aws-reserved/*", "arn:aws:iam::*:role/AWSReservedSSO_*"];
