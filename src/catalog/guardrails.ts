/**
 * The Deny statements every preset carries: what no Terraform engineer role should do, whatever
 * else it is allowed (an explicit Deny wins over any Allow, also over extraStatements, over other
 * policies on the same permission set, and over resource policies). The permissions boundary
 * (boundary.ts) carries the same ones, except the data Deny: workloads read their data.
 */

import { BACKUP_ACTIONS, dataGuardrails, SHARING_ACTIONS, sharingGuardrails } from "./data-guardrails.ts";
import {
  auditBucketsOf,
  auditLogGroupsOf,
  bucketAndObjects,
  iamArn,
  iamPathOf,
  SCOPE_TAG,
} from "./defaults.ts";
import { scopeTagGuardrails } from "./scope-tag.ts";
import { stateGuardrails } from "./state-guardrails.ts";
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

/**
 * Every kind of long-lived credential and every new way into the account that outlives removal
 * from Identity Center: users and their keys, passwords, SSH keys, service credentials, signing
 * certificates, policies on users and groups (a user somebody holds keys for), new OIDC/SAML
 * providers and Roles Anywhere trust anchors.
 */
export const STATIC_CREDENTIAL_ACTIONS = [
  "iam:CreateUser",
  "iam:*AccessKey",
  "iam:*LoginProfile",
  "iam:*SSHPublicKey",
  "iam:*ServiceSpecificCredential",
  "iam:*SigningCertificate",
  "iam:*UserPolicy",
  "iam:AddUserToGroup",
  "iam:*GroupPolicy",
  "iam:CreateOpenIDConnectProvider",
  "iam:UpdateOpenIDConnectProviderThumbprint",
  "iam:AddClientIDToOpenIDConnectProvider",
  "iam:CreateSAMLProvider",
  "iam:UpdateSAMLProvider",
  "rolesanywhere:*TrustAnchor",
];

export const AUDIT_TRAIL_ACTIONS = [
  "cloudtrail:StopLogging",
  "cloudtrail:Delete*",
  "cloudtrail:Update*",
  "cloudtrail:PutEventSelectors",
  "cloudtrail:*ResourcePolicy",
  "cloudtrail:StopEventDataStoreIngestion",
];

/** On the audit trail's buckets, log groups and keys: anything that deletes, rewrites or redirects. */
export const AUDIT_LOG_ACTIONS = [
  "s3:DeleteBucket*",
  "s3:PutBucket*",
  "s3:Put*Configuration",
  "s3:DeleteObject*",
  "s3:PutObject*",
  "s3:BypassGovernanceRetention",
  "logs:Delete*",
  "logs:Put*",
  "logs:Disassociate*",
  "kms:ScheduleKeyDeletion",
  "kms:DisableKey*",
  "kms:PutKeyPolicy",
  "kms:CreateGrant",
];

export const IDENTITY_ACTIONS = [
  "organizations:*",
  "sso:*",
  "sso-directory:*",
  "identitystore:Create*",
  "identitystore:Delete*",
  "identitystore:Update*",
];

export const COMMON_DENIALS: Denial[] = [
  {
    what: "static credentials and new ways in: iam:CreateUser, access keys, login profiles, SSH keys, service-specific credentials, signing certificates, policies on users and groups, new OIDC/SAML providers, Roles Anywhere trust anchors",
    why: "people and pipelines sign in through Identity Center; anything that mints a long-lived credential or trusts a new identity source outlives the holder's removal from Identity Center",
  },
  {
    what: "cloudtrail:StopLogging, Delete*, Update*, PutEventSelectors, resource policies, StopEventDataStoreIngestion (trails and CloudTrail Lake)",
    why: "the audit trail records what these roles do; a role must not be able to switch off, narrow or delete its own audit",
  },
  {
    what: "deleting, rewriting or redirecting the audit trail's buckets, log groups and keys (catalog.auditLogs; by default aws-cloudtrail-logs-* and the Control Tower names)",
    why: "a lifecycle rule, a deleted log group or a disabled key destroys the audit as surely as stopping the trail",
  },
  {
    what: "organizations:*, sso:*, sso-directory:*, identitystore writes",
    why: "who may access which account is managed by keyless from the management account, never from a workload role",
  },
  {
    what: "on the state bucket: every bucket setting (policy, encryption, versioning, public access block, lifecycle, replication, ACLs, ownership, logging, object lock), old versions, object ACLs and retention; the lock table's deletion and settings; the state key's deletion, disabling, policy, grants and alias",
    why: "the state backend's hardening is what makes state recoverable and confidential; Terraform never needs to change it (keyless's pattern keyless-tfstate-* is protected when no bucket is configured)",
  },
  {
    what: "reading or writing data outside the set's own state keys and catalog.objectBuckets: objects, items, log events, secrets, parameters, queue and stream records, database and cache sessions, instance passwords and consoles, invoking functions, pulling images, ECS exec and SSM sessions",
    why: "configuration, never data: an explicit Deny also wins over a bucket, table or key policy the holder could write to grant itself access",
  },
  {
    what: "sharing outside the account: EBS snapshot permissions (ec2:ModifySnapshotAttribute), AMI launch permissions, RDS snapshot attributes and exports, DynamoDB exports and resource policies, log exports and subscriptions to log destinations, event targets in other accounts (events:TargetArn), Lambda layer permissions, ECR registry policy and replication, ElastiCache snapshot copies",
    why: "each sends data or images to another account, where removing the holder from Identity Center no longer reaches",
  },
  {
    what: "deleting backups: RDS snapshots and automated backups, DynamoDB backups, ElastiCache snapshots, AWS Backup recovery points and vaults",
    why: "backups are how an account recovers from a destructive change; Terraform-created EBS snapshots stay deletable through the scope tag",
  },
  {
    what: `adding, changing or removing the ${SCOPE_TAG.key} tag on an existing resource (only at creation)`,
    why: "the tag decides which existing functions, instances, load balancers, services and network resources a preset may change; tagging somebody else's resource into scope would hand it over",
  },
  {
    what: "sts:AssumeRole on roles under the managed IAM path",
    why: "those roles are for workloads; a person who could assume one they shaped would hold whatever the boundary allows without these guardrails",
  },
  {
    what: "any request outside `allowedRegions` (only when set; global services excepted)",
    why: "keeps resources in the regions the organisation uses; the global services have no region to restrict",
  },
];

/** Log groups with their streams: `name*` (which also covers names that start the same). */
/** The audit trail's resources as ARNs (buckets and their objects, log groups and their streams, keys). */
export function auditResources(p: PresetParams): string[] {
  return [
    ...auditBucketsOf(p).flatMap(bucketAndObjects),
    ...auditLogGroupsOf(p).map((g) => `arn:aws:logs:*:*:log-group:${g.endsWith("*") ? g : `${g}*`}`),
    ...(p.auditKmsKeyArns ?? []),
  ];
}

/**
 * The guardrails shared by the presets and the boundary (no data Deny, no region restriction). The
 * unconditional ones are one statement: the inline policy quota (10,240 characters) is shared with
 * each preset's own statements, and every statement costs its framing.
 */
export function coreGuardrails(p: PresetParams): PolicyStatement[] {
  return [
    {
      Sid: "DenyAlways",
      Effect: "Deny",
      Action: [
        ...STATIC_CREDENTIAL_ACTIONS,
        ...AUDIT_TRAIL_ACTIONS,
        ...IDENTITY_ACTIONS,
        ...SHARING_ACTIONS,
        ...BACKUP_ACTIONS,
      ],
      Resource: "*",
    },
    { Sid: "DenyAuditLogTampering", Effect: "Deny", Action: AUDIT_LOG_ACTIONS, Resource: auditResources(p) },
    ...stateGuardrails(p),
    ...scopeTagGuardrails(),
    ...sharingGuardrails(),
  ];
}

export function regionGuardrail(p: PresetParams): PolicyStatement[] {
  if (p.allowedRegions === undefined || p.allowedRegions.length === 0) return [];
  return [
    {
      Sid: "DenyOtherRegions",
      Effect: "Deny",
      NotAction: GLOBAL_SERVICE_ACTIONS,
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": [...p.allowedRegions] } },
    },
  ];
}

export function guardrailStatements(p: PresetParams): PolicyStatement[] {
  return [
    ...coreGuardrails(p),
    ...dataGuardrails(p),
    {
      Sid: "DenyAssumeManagedRoles",
      Effect: "Deny",
      Action: ["sts:AssumeRole"],
      Resource: iamArn("role", iamPathOf(p)),
    },
    ...regionGuardrail(p),
  ];
}
