/**
 * terraform-database: RDS and Aurora, DynamoDB tables, ElastiCache. Management, never the data: item
 * reads and writes, database and cache sessions, exports, snapshot sharing and backup deletion are
 * denied by the guardrails; master password and AUTH token resets are denied here.
 */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { GUARDRAIL_PARAMETERS } from "../parameters.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow, kmsViaService, passRole, serviceLinkedRoles } from "../statements.ts";
import type { Preset } from "../types.ts";

/** The calls that carry rds:PubliclyAccessible (iam-data): new instances, replicas, restores. */
const PUBLIC_ACCESS_ACTIONS = [
  "rds:CreateDBInstance",
  "rds:CreateDBInstanceReadReplica",
  "rds:CreateDBShardGroup",
  "rds:RestoreDBInstance*",
];
/** The calls that carry rds:ManageMasterUserPassword (iam-data). */
const MASTER_PASSWORD_ACTIONS = [
  "rds:CreateDBInstance",
  "rds:CreateDBCluster",
  "rds:CreateTenantDatabase",
  "rds:ModifyDBInstance",
  "rds:ModifyDBCluster",
  "rds:ModifyTenantDatabase",
  "rds:RestoreDB*FromS3",
  "rds:RestoreDBInstance*",
];

export const terraformDatabase: Preset = {
  name: "terraform-database",
  shortName: "database",
  purpose:
    "RDS and Aurora databases, DynamoDB tables, ElastiCache clusters: their configuration, never their data",
  services: [
    "RDS / Aurora",
    "DynamoDB",
    "ElastiCache",
    "Application Auto Scaling",
    "KMS (through the services)",
  ],
  grants: [
    "RDS: create, modify, delete, start, stop, reboot, restore, copy and fail over instances, clusters, proxies, parameter, option and subnet groups, snapshots; tags",
    "RDS-managed master passwords: the `rds!` secrets RDS creates in Secrets Manager (create, tag, rotate; never read)",
    "DynamoDB tables, replicas, global tables, TTL, backups, point-in-time recovery, streams to Kinesis, tags",
    "ElastiCache clusters, replication groups, serverless caches, parameter and subnet groups, user groups, snapshots, tags; users with IAM authentication",
    "customer-managed KMS keys through RDS, DynamoDB and ElastiCache only (kms:ViaService), grants only for AWS resources",
    "Application Auto Scaling targets and policies (DynamoDB capacity)",
    "iam:PassRole to rds and monitoring.rds, for roles under the managed IAM path only",
    "the planning read set of RDS, DynamoDB and ElastiCache",
  ],
  notGranted: [
    "data access: dynamodb:GetItem/PutItem/Query/Scan, rds-data, rds-db:connect, elasticache:Connect, rds log downloads (also denied)",
    "DynamoDB resource policies, snapshot sharing and exports (also denied)",
    "changing an ElastiCache user's password (elasticache:ModifyUser only to IAM authentication)",
  ],
  denies: [
    {
      what: "rds:CreateDBInstance, read replicas and restores with rds:PubliclyAccessible true",
      why: "a database reachable from the internet turns a password reset into data access from anywhere (ModifyDBInstance carries no such key: see below)",
    },
    {
      what: "rds:Create/Modify/Restore with rds:ManageMasterUserPassword false",
      why: "RDS rejects a MasterUserPassword while Secrets Manager manages it, so a reset needs this switched off first; the managed secret is never readable",
    },
    {
      what: "elasticache:ModifyReplicationGroup and ModifyCacheCluster with a new AUTH token (elasticache:AuthTokenEnabled)",
      why: "a new AUTH token is a new password for the cache's data",
    },
    ...COMMON_DENIALS,
  ],
  cannotPrevent: [
    "a copy of another team's database or cache through a snapshot and a restore into a new instance with a password the holder sets (RDS and ElastiCache tag-on-create carry no key that tells creation from later tagging, so no scope tag fence). Reading it still needs a network path: public access is denied. Closes with: one account per data domain; RDS IAM authentication; network segmentation.",
    "master password resets of databases whose password is not managed by Secrets Manager (no condition key names the MasterUserPassword parameter), and making an existing instance public (rds:ModifyDBInstance carries no rds:PubliclyAccessible). Closes with: manage_master_user_password = true on every instance and cluster; an SCP or AWS Config rule against public instances; subnets without internet routes for databases.",
    "deleting or reconfiguring another team's tables, databases and caches (TTL, point-in-time recovery off, deletion protection off, then delete; a user added to another team's ElastiCache user group). Backups themselves cannot be deleted. Closes with: one account per team; AWS Backup with a vault lock.",
  ],
  parameters: GUARDRAIL_PARAMETERS,
  render(p) {
    return assemble(
      [
        allow("Database", [
          ...readActions("database"),
          "rds:Create*",
          "rds:Delete*",
          // Snapshot attributes (sharing) are denied by the guardrails.
          "rds:Modify*",
          "rds:StartDB*",
          "rds:StopDB*",
          "rds:Reboot*",
          "rds:Restore*",
          "rds:Copy*",
          "rds:Promote*",
          "rds:Failover*",
          "rds:RemoveFromGlobalCluster",
          "rds:AddRoleTo*",
          "rds:RemoveRoleFrom*",
          "rds:AddTagsToResource",
          "rds:RemoveTagsFromResource",
          "dynamodb:CreateTable",
          "dynamodb:UpdateTable",
          "dynamodb:DeleteTable",
          "dynamodb:*TableReplica*",
          "dynamodb:*GlobalTable*",
          "dynamodb:UpdateTimeToLive",
          "dynamodb:UpdateContinuousBackups",
          "dynamodb:UpdateContributorInsights",
          "dynamodb:*KinesisStreamingDestination",
          "dynamodb:CreateBackup",
          "dynamodb:RestoreTable*",
          "dynamodb:TagResource",
          "dynamodb:UntagResource",
          "elasticache:Create*",
          "elasticache:Delete*",
          "elasticache:ModifyCacheCluster",
          "elasticache:ModifyCache*Group",
          "elasticache:ModifyReplicationGroup*",
          "elasticache:ModifyGlobalReplicationGroup",
          "elasticache:ModifyServerlessCache",
          "elasticache:ModifyUserGroup",
          "elasticache:Increase*",
          "elasticache:Decrease*",
          "elasticache:RebootCacheCluster",
          "elasticache:AddTagsToResource",
          "elasticache:RemoveTagsFromResource",
          "application-autoscaling:RegisterScalableTarget",
          "application-autoscaling:DeregisterScalableTarget",
          "application-autoscaling:PutScalingPolicy",
          "application-autoscaling:DeleteScalingPolicy",
          "application-autoscaling:TagResource",
          "application-autoscaling:UntagResource",
        ]),
        allow(
          "RdsManagedMasterPasswords",
          ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:RotateSecret"],
          "arn:aws:secretsmanager:*:*:secret:rds!*",
        ),
        {
          ...allow("CacheUsersWithIam", ["elasticache:ModifyUser"]),
          Condition: { StringEquals: { "elasticache:UserAuthenticationMode": "iam" } },
        },
        kmsViaService("DataKeysViaServices", ["rds", "dynamodb", "elasticache"]),
        passRole(iamPathOf(p), ["rds.amazonaws.com", "monitoring.rds.amazonaws.com"]),
        serviceLinkedRoles([
          "rds.amazonaws.com",
          "elasticache.amazonaws.com",
          "dynamodb.application-autoscaling.amazonaws.com",
          "replication.dynamodb.amazonaws.com",
        ]),
        {
          Sid: "DenyPublicDatabases",
          Effect: "Deny",
          Action: PUBLIC_ACCESS_ACTIONS,
          Resource: "*",
          Condition: { Bool: { "rds:PubliclyAccessible": "true" } },
        },
        {
          Sid: "DenyUnmanagedMasterPasswords",
          Effect: "Deny",
          Action: MASTER_PASSWORD_ACTIONS,
          Resource: "*",
          Condition: { Bool: { "rds:ManageMasterUserPassword": "false" } },
        },
        {
          Sid: "DenyCacheAuthTokenResets",
          Effect: "Deny",
          Action: ["elasticache:ModifyReplicationGroup", "elasticache:ModifyCacheCluster"],
          Resource: "*",
          Condition: { Bool: { "elasticache:AuthTokenEnabled": "true" } },
        },
      ],
      p,
      commonNotes(p),
    );
  },
};
