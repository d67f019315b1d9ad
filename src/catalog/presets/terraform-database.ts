/** terraform-database: RDS and Aurora, DynamoDB tables, ElastiCache. Management, never the data. */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow, passRole, serviceLinkedRoles } from "../statements.ts";
import type { Preset } from "../types.ts";

export const terraformDatabase: Preset = {
  name: "terraform-database",
  shortName: "database",
  purpose:
    "RDS and Aurora databases, DynamoDB tables, ElastiCache clusters: their configuration, never their data",
  services: ["RDS / Aurora", "DynamoDB", "ElastiCache", "Application Auto Scaling"],
  grants: [
    "RDS: create, modify, delete, start, stop, reboot, restore, copy and fail over instances, clusters, proxies, parameter, option and subnet groups, snapshots; tags",
    "DynamoDB tables, replicas, global tables, TTL, backups, point-in-time recovery, streams to Kinesis, resource policies, tags",
    "ElastiCache clusters, replication groups, serverless caches, parameter and subnet groups, users, snapshots, tags",
    "Application Auto Scaling targets and policies (DynamoDB capacity)",
    "iam:PassRole to rds and monitoring.rds, for roles under the managed IAM path only",
    "the planning read set of RDS, DynamoDB and ElastiCache",
  ],
  notGranted: [
    "data access: dynamodb:GetItem/PutItem/Query/Scan, rds-data, rds-db:connect, elasticache:Connect, rds log downloads",
    "snapshot sharing (rds:ModifyDB*SnapshotAttribute) and snapshot export to S3 (rds:StartExportTask)",
    "Secrets Manager (RDS-managed master passwords need secretsmanager:CreateSecret; add a scoped statement)",
  ],
  denies: [...COMMON_DENIALS],
  parameters: ["iamPath", "allowedRegions", "stateBucket"],
  render(p) {
    return assemble(
      [
        allow("PlanningRead", readActions("database")),
        allow("Rds", [
          "rds:Create*",
          "rds:Delete*",
          "rds:ModifyDBInstance",
          "rds:ModifyDBCluster",
          "rds:ModifyDBClusterEndpoint",
          "rds:ModifyDB*ParameterGroup",
          "rds:ModifyDBSubnetGroup",
          "rds:ModifyDBProxy*",
          "rds:ModifyDBShardGroup",
          "rds:ModifyOptionGroup",
          "rds:ModifyEventSubscription",
          "rds:ModifyGlobalCluster",
          "rds:ModifyCurrentDBClusterCapacity",
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
        ]),
        allow("DynamoDbAndElastiCache", [
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
          "dynamodb:DeleteBackup",
          "dynamodb:PutResourcePolicy",
          "dynamodb:DeleteResourcePolicy",
          "dynamodb:TagResource",
          "dynamodb:UntagResource",
          "elasticache:Create*",
          "elasticache:Delete*",
          "elasticache:Modify*",
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
        passRole(iamPathOf(p), ["rds.amazonaws.com", "monitoring.rds.amazonaws.com"]),
        serviceLinkedRoles([
          "rds.amazonaws.com",
          "elasticache.amazonaws.com",
          "dynamodb.application-autoscaling.amazonaws.com",
          "replication.dynamodb.amazonaws.com",
        ]),
      ],
      p,
      commonNotes(p),
    );
  },
};
