/**
 * terraform-monitoring: CloudWatch alarms, dashboards, logs; X-Ray; CloudTrail trails. The common
 * guardrails forbid stopping, narrowing, changing or deleting trails, so this preset can create and
 * tag trails but the audit trail stays as it is.
 */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow, passRole } from "../statements.ts";
import type { Preset } from "../types.ts";

export const terraformMonitoring: Preset = {
  name: "terraform-monitoring",
  shortName: "monitoring",
  purpose:
    "CloudWatch alarms, dashboards, metric streams and log groups, X-Ray groups and sampling, CloudTrail trails",
  services: ["CloudWatch", "CloudWatch Logs", "X-Ray", "CloudTrail"],
  grants: [
    "CloudWatch alarms (metric and composite), alarm actions, dashboards, metric streams, anomaly detectors, Contributor Insights rules, tags",
    "CloudWatch Logs log groups, retention, subscription and metric filters, resource and data protection policies, KMS association, tags",
    "X-Ray groups, sampling rules, encryption configuration, resource policies, tags",
    "CloudTrail: create trails, start logging, Insights selectors, tags",
    "iam:PassRole to cloudtrail, logs and CloudWatch metric streams, for roles under the managed IAM path only",
    "the planning read set of CloudWatch, Logs, X-Ray and CloudTrail",
  ],
  notGranted: [
    "reading monitoring data: log events, Logs Insights queries, metric data, traces, CloudTrail events and Lake queries",
    "changing or deleting an existing trail (denied by the common guardrails: Terraform can create a trail but not update or destroy it)",
  ],
  denies: [...COMMON_DENIALS],
  parameters: ["iamPath", "allowedRegions", "stateBucket"],
  render(p) {
    return assemble(
      [
        allow("PlanningRead", readActions("monitoring")),
        allow("CloudWatch", [
          "cloudwatch:PutMetricAlarm",
          "cloudwatch:PutCompositeAlarm",
          "cloudwatch:DeleteAlarms",
          "cloudwatch:EnableAlarmActions",
          "cloudwatch:DisableAlarmActions",
          "cloudwatch:PutDashboard",
          "cloudwatch:DeleteDashboards",
          "cloudwatch:PutMetricStream",
          "cloudwatch:DeleteMetricStream",
          "cloudwatch:StartMetricStreams",
          "cloudwatch:StopMetricStreams",
          "cloudwatch:PutAnomalyDetector",
          "cloudwatch:DeleteAnomalyDetector",
          "cloudwatch:PutInsightRule",
          "cloudwatch:DeleteInsightRules",
          "cloudwatch:TagResource",
          "cloudwatch:UntagResource",
        ]),
        allow("LogsXRayCloudTrail", [
          "logs:CreateLogGroup",
          "logs:DeleteLogGroup",
          "logs:*RetentionPolicy",
          "logs:*SubscriptionFilter",
          "logs:PutMetricFilter",
          "logs:DeleteMetricFilter",
          "logs:*ResourcePolicy",
          "logs:PutDataProtectionPolicy",
          "logs:DeleteDataProtectionPolicy",
          "logs:*KmsKey",
          "logs:TagResource",
          "logs:UntagResource",
          "logs:TagLogGroup",
          "logs:UntagLogGroup",
          "xray:CreateGroup",
          "xray:UpdateGroup",
          "xray:DeleteGroup",
          "xray:*SamplingRule",
          "xray:PutEncryptionConfig",
          "xray:*ResourcePolicy",
          "xray:TagResource",
          "xray:UntagResource",
          "cloudtrail:CreateTrail",
          "cloudtrail:StartLogging",
          "cloudtrail:PutInsightSelectors",
          "cloudtrail:AddTags",
          "cloudtrail:RemoveTags",
        ]),
        passRole(iamPathOf(p), [
          "cloudtrail.amazonaws.com",
          "logs.amazonaws.com",
          "streams.metrics.cloudwatch.amazonaws.com",
        ]),
      ],
      p,
      commonNotes(p),
    );
  },
};
