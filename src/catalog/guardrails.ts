/**
 * The Deny statements every preset carries: what no Terraform engineer role should do, whatever
 * else it is allowed (an explicit Deny wins over any Allow, also over extraStatements and over
 * other policies on the same permission set). Plus the optional region restriction.
 */
import { bucketArn } from "./defaults.ts";
import type { Denial, PolicyStatement, PresetParams } from "./types.ts";

/**
 * Services that are global (their requests are signed for us-east-1 or have no region), excepted
 * from the region restriction so IAM, STS, Route 53, CloudFront and billing keep working.
 */
export const GLOBAL_SERVICE_ACTIONS = [
  "iam:*",
  "sts:*",
  "organizations:*",
  "account:*",
  "cloudfront:*",
  "route53:*",
  "route53domains:*",
  "globalaccelerator:*",
  "waf:*",
  "shield:*",
  "support:*",
  "budgets:*",
  "ce:*",
  "health:*",
  "trustedadvisor:*",
  "s3:ListAllMyBuckets",
];

/** Bucket-level changes that would lose, expose or unprotect the Terraform state. */
export const STATE_BUCKET_PROTECTED_ACTIONS = [
  "s3:DeleteBucket",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutEncryptionConfiguration",
  "s3:PutBucketVersioning",
  "s3:PutBucketPublicAccessBlock",
];

export const COMMON_DENIALS: Denial[] = [
  {
    what: "iam:CreateUser, iam:CreateAccessKey, iam:CreateLoginProfile, iam:CreateServiceSpecificCredential",
    why: "no static credentials: people and pipelines sign in through Identity Center, so nothing may mint long-lived keys or passwords",
  },
  {
    what: "cloudtrail:StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors",
    why: "the audit trail records what these roles do; a role must not be able to switch off or narrow its own audit",
  },
  {
    what: "organizations:*, sso:*, sso-directory:*, identitystore writes",
    why: "who may access which account is managed by keyless from the management account, never from a workload role",
  },
  {
    what: "on the state bucket: DeleteBucket, Put/DeleteBucketPolicy, PutEncryptionConfiguration, PutBucketVersioning, PutBucketPublicAccessBlock; DeleteObjectVersion on its objects (only when a state bucket is configured)",
    why: "the state bucket's hardening (private, encrypted, versioned) is what makes state recoverable and confidential; Terraform never needs to change it",
  },
  {
    what: "any request outside `allowedRegions` (only when set; global services excepted)",
    why: "keeps resources in the regions the organisation uses; the global services have no region to restrict",
  },
];

export function guardrailStatements(params: PresetParams): PolicyStatement[] {
  const out: PolicyStatement[] = [
    {
      Sid: "DenyStaticCredentials",
      Effect: "Deny",
      Action: [
        "iam:CreateUser",
        "iam:CreateAccessKey",
        "iam:CreateLoginProfile",
        "iam:CreateServiceSpecificCredential",
      ],
      Resource: "*",
    },
    {
      Sid: "DenyAuditTrailChanges",
      Effect: "Deny",
      Action: [
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "cloudtrail:UpdateTrail",
        "cloudtrail:PutEventSelectors",
      ],
      Resource: "*",
    },
    {
      Sid: "DenyIdentityAndOrganizationChanges",
      Effect: "Deny",
      Action: [
        "organizations:*",
        "sso:*",
        "sso-directory:*",
        "identitystore:Create*",
        "identitystore:Delete*",
        "identitystore:Update*",
      ],
      Resource: "*",
    },
  ];
  if (params.stateBucket !== undefined) {
    const arn = bucketArn(params.stateBucket);
    out.push(
      {
        Sid: "DenyStateBucketChanges",
        Effect: "Deny",
        Action: STATE_BUCKET_PROTECTED_ACTIONS,
        Resource: arn,
      },
      {
        Sid: "DenyStateHistoryDeletion",
        Effect: "Deny",
        Action: ["s3:DeleteObjectVersion"],
        Resource: `${arn}/*`,
      },
    );
  }
  if (params.allowedRegions !== undefined && params.allowedRegions.length > 0) {
    out.push({
      Sid: "DenyOtherRegions",
      Effect: "Deny",
      NotAction: GLOBAL_SERVICE_ACTIONS,
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": [...params.allowedRegions] } },
    });
  }
  return out;
}
