/**
 * The organization-level policies docs/permission-sets.md recommends for what no permission set can
 * prevent (trust-policy content, resource-policy content, writes to resources outside the
 * organization). keyless does not apply them (they belong to the management account's SCP/RCP
 * setup); the red-team tests evaluate the residual cases with them to show they close.
 */
import { DEFAULT_IAM_PATH, iamArn } from "./defaults.ts";
import type { PolicyDocument, PolicyStatement } from "./types.ts";

/** An RCP statement names its principal (every principal, narrowed by conditions). */
export interface RcpDocument {
  Version: "2012-10-17";
  Statement: (PolicyStatement & { Principal: "*" })[];
}

export const EXAMPLE_ORG_ID = "o-exampleorg1";

/** Services that support resource control policies and hold what the presets must keep in the org. */
const RCP_ACTIONS = [
  "s3:*",
  "sts:AssumeRole",
  "kms:*",
  "secretsmanager:*",
  "sqs:*",
  "ecr:*",
  "dynamodb:*",
  "logs:*",
  "xray:*",
];

/**
 * RCP: only principals of the organization (and AWS services acting for it) reach its S3 buckets,
 * roles, keys, secrets, queues, repositories, tables, log groups and traces, whatever a bucket policy,
 * trust policy or repository policy says.
 */
export function recommendedRcp(orgId = EXAMPLE_ORG_ID): RcpDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "OnlyThisOrganization",
        Effect: "Deny",
        Principal: "*",
        Action: RCP_ACTIONS,
        Resource: "*",
        Condition: {
          StringNotEqualsIfExists: { "aws:PrincipalOrgID": orgId },
          BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
        },
      },
    ],
  };
}

/**
 * SCP: roles of the organization write only to S3 buckets of the organization (replication, copies),
 * and policies under the managed IAM path stay on roles under it (never on users or groups).
 */
export function recommendedScp(orgId = EXAMPLE_ORG_ID, iamPath = DEFAULT_IAM_PATH): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "OnlyThisOrganizationsBuckets",
        Effect: "Deny",
        Action: ["s3:PutObject", "s3:ReplicateObject", "s3:PutObjectAcl"],
        Resource: "*",
        Condition: { StringNotEqualsIfExists: { "aws:ResourceOrgID": orgId } },
      },
      {
        Sid: "ManagedPathPoliciesOnManagedRolesOnly",
        Effect: "Deny",
        Action: ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"],
        NotResource: [iamArn("role", iamPath)],
        Condition: { ArnLike: { "iam:PolicyARN": iamArn("policy", iamPath) } },
      },
    ],
  };
}
