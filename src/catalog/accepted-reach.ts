/**
 * The reach findings `keyless policy lint` reports on the presets and keyless accepts deliberately:
 * each is a grant the preset's domain cannot do without, on resources no condition key lets a
 * permission set tell apart, with the reason and what closes it outside the permission set.
 *
 * The linter honours the list only for catalog presets (`acceptedReach`, matched by code and the Sid
 * of the preset's own statement): `validate`, `plan` and `apply` do not repeat these findings for a
 * permission set with `preset:`, while the same grant in an `extraStatements` entry or in a
 * hand-written policy is still reported. test/unit/policy/presets-reach-live.test.ts fails when an
 * entry no longer matches a finding, and when a preset has a finding that is not listed here.
 */
import type { AcceptedReach } from "../policy/index.ts";

export interface AcceptedResidual extends AcceptedReach {
  /** Why the preset keeps the grant: what its domain needs, and why no condition key fences it. */
  why: string;
  /** What closes it outside the permission set: the RCP/SCP of docs/permission-sets.md, an account split. */
  closedBy: string;
}

/**
 * S3 ABAC, the fence AWS offers for bucket-level writes, weighed once for all four S3 entries: the
 * cost for Terraform users, and why it would not hold.
 */
const S3_ABAC =
  "The fence AWS offers, aws:ResourceTag on general purpose buckets (S3 ABAC), is evaluated only on buckets whose ABAC is switched on, bucket by bucket (s3:PutBucketAbac): fenced by it, every bucket Terraform creates today would be refused its policy, public access block, ownership controls and replication until ABAC is on. With ABAC on, PutBucketTagging and DeleteBucketTagging stop working and tags must go through s3:TagResource, which hashicorp/aws 5.100 (the recordings' version) does not use for aws_s3_bucket tags, so changing a bucket's tags would fail. And it would not hold: PutBucketTagging and PutBucketAbac carry no tag-key condition, so the scope tag can be put on another team's bucket (ABAC still off) and ABAC switched on afterwards; closing that means denying PutBucketAbac to every preset, leaving ABAC to an administrator per bucket.";

const STORAGE: AcceptedResidual[] = [
  {
    code: "resource-policy/s3-put-bucket-policy",
    sid: "Storage",
    why: `Terraform writes the policies of the buckets it creates (aws_s3_bucket_policy), and no condition key names a bucket's owner or a policy's content. ${S3_ABAC}`,
    closedBy:
      "the RCP that denies S3 to principals outside the organization; S3 Block Public Access at account level; one account per team. The holder's own reads stay denied by the data guardrail whatever a bucket policy says.",
  },
  {
    code: "resource-policy/s3-put-bucket-public-access-block",
    sid: "Storage",
    why: `aws_s3_bucket_public_access_block on the set's own buckets; no key names the bucket's owner (see the bucket policy entry for S3 ABAC).`,
    closedBy:
      "S3 Block Public Access at account level (s3:PutAccountPublicAccessBlock is granted to no preset), which overrides every bucket's own setting.",
  },
  {
    code: "resource-policy/s3-put-bucket-ownership-controls",
    sid: "Storage",
    why: "aws_s3_bucket_ownership_controls on the set's own buckets; no key names the bucket's owner (see the bucket policy entry for S3 ABAC). On another team's bucket it can switch ACLs back on, which alone lets no one in: bucket ACL grants are denied (DenyBucketAclGrants) and object ACLs are not granted.",
    closedBy:
      "the RCP: principals outside the organization reach no object, whatever an ACL written later says.",
  },
  {
    code: "resource-policy/s3-put-replication-configuration",
    sid: "Storage",
    why: "aws_s3_bucket_replication_configuration on the set's own buckets; no key names the bucket's owner or the destination (see the bucket policy entry for S3 ABAC). The replication role must be under the managed path (iam:PassRole to s3 only) and is capped by the boundary.",
    closedBy:
      "the SCP OnlyThisOrganizationsBuckets: roles write (s3:ReplicateObject, s3:PutObject) only to buckets of the organization.",
  },
];

const COMPUTE: AcceptedResidual[] = [
  {
    code: "code-execution/ecs-register-task-definition",
    sid: "Compute",
    why: "reported because ecs:CreateService is allowed in every cluster: a new service (aws_ecs_service) names its cluster only by ARN (ecs:cluster), with no key for the cluster's tags. A new service runs a task role under the managed path only (iam:PassRole); in another team's cluster it gains that cluster's network and, on EC2 container instances whose tasks can reach the instance metadata service, the instance role.",
    closedBy:
      "one account per team, or an extra statement that limits ecs:CreateService to the team's clusters (ecs:cluster); container instances that keep tasks off the instance metadata service (awsvpc network mode with ECS_AWSVPC_BLOCK_IMDS) or Fargate.",
  },
];

const DATABASE: AcceptedResidual[] = [
  {
    code: "credential-reset/elasticache-modify-user-group",
    sid: "Database",
    why: "aws_elasticache_user_group changes its users with ModifyUserGroup. User groups support aws:ResourceTag, but ElastiCache's tag-on-create carries no key that tells creation from later tagging (no elasticache:CreateAction), so a scope tag on user groups could be added to another team's group later; denying the key on elasticache:AddTagsToResource would also deny creating tagged user groups if ElastiCache authorizes tags given at creation through that action (AWS does not document which).",
    closedBy:
      "one account per data domain; caches reachable only from their team's network (security groups); ElastiCache users with IAM authentication (elasticache:ModifyUser is allowed only to switch a user to it).",
  },
];

const MONITORING: AcceptedResidual[] = [
  {
    code: "resource-policy/logs-put-resource-policy",
    sid: "Monitoring",
    why: "aws_cloudwatch_log_resource_policy lets AWS services (Route 53 query logging, EventBridge, OpenSearch) write into log groups. The account's log resource policies have no resource type and their content no condition key.",
    closedBy:
      "the RCP: CloudWatch Logs only for principals of the organization and AWS services, whatever a resource policy says.",
  },
  {
    code: "resource-policy/xray-put-resource-policy",
    sid: "Monitoring",
    why: "aws_xray_resource_policy lets AWS services (SNS active tracing) send traces. X-Ray's resource policies are account-wide; the only key is the policy's name (xray:ResourcePolicyName), not its content.",
    closedBy:
      "the RCP, which includes xray:*: X-Ray only for principals of the organization and AWS services.",
  },
];

const IAM: AcceptedResidual[] = [
  {
    code: "tag-hop/iam-tag-policy",
    sid: "ChangeManagedPolicies",
    why: "IAM shows the tags of a policy being created only as request tags (aws:RequestTag, aws:TagKeys on iam:CreatePolicy and iam:TagPolicy), exactly as it shows tags added to an existing policy: no key tells creation from later tagging. Allowing the scope tag when Terraform creates a policy (default_tags) therefore also lets the holder add it to an untagged policy under the managed path, one created before keyless or by someone else, and then write new versions of it.",
    closedBy:
      "policies under the managed path for Terraform only: keyless validate refuses a permission set's own policies there, and the SCP ManagedPathPoliciesOnManagedRolesOnly keeps them off users, groups and roles outside the path, so a rewritten policy reaches only roles that carry the boundary.",
  },
];

export const ACCEPTED_REACH: Readonly<Record<string, readonly AcceptedResidual[]>> = {
  "terraform-core": [],
  "terraform-storage": STORAGE,
  "terraform-compute": COMPUTE,
  "terraform-iam": IAM,
  "terraform-networking": [],
  "terraform-database": DATABASE,
  "terraform-serverless": [],
  "terraform-monitoring": MONITORING,
};

/** The accepted reach findings of a preset (full name); none for an unknown name. */
export function acceptedReachOf(presetName: string): readonly AcceptedResidual[] {
  return ACCEPTED_REACH[presetName] ?? [];
}
