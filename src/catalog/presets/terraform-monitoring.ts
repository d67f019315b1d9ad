/**
 * terraform-monitoring: CloudWatch alarms, dashboards, logs; X-Ray. CloudTrail is read-only here:
 * a new trail can deliver every event of the account to another account's bucket, and the audit
 * trail is the organisation's, managed centrally (the guardrails forbid changing it).
 */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { GUARDRAIL_PARAMETERS } from "../parameters.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow, passRole } from "../statements.ts";
import type { Preset } from "../types.ts";

export const terraformMonitoring: Preset = {
  name: "terraform-monitoring",
  shortName: "monitoring",
  purpose: "CloudWatch alarms, dashboards, metric streams and log groups, X-Ray groups and sampling",
  services: ["CloudWatch", "CloudWatch Logs", "X-Ray", "CloudTrail (read)"],
  grants: [
    "CloudWatch alarms (metric and composite), alarm actions except stopping or terminating instances, dashboards, metric streams, anomaly detectors, Contributor Insights rules, tags",
    "CloudWatch Logs log groups, retention, subscription filters in this account, metric filters, resource and data protection policies, KMS association, tags",
    "X-Ray groups, sampling rules, encryption configuration, resource policies, tags",
    "iam:PassRole to logs and CloudWatch metric streams, for roles under the managed IAM path only",
    "the planning read set of CloudWatch, Logs, X-Ray and CloudTrail",
  ],
  notGranted: [
    "reading monitoring data: log events, Logs Insights queries, metric data, traces, CloudTrail events and Lake queries",
    "CloudTrail trails and event data stores (a new trail can send every event, data events included, to another account's bucket; changing the audit trail is denied)",
    "log exports to S3 and subscriptions to log destinations (other accounts; also denied)",
  ],
  denies: [
    {
      what: "alarm actions that stop or terminate instances (cloudwatch:AlarmActions arn:aws:automate:*:ec2:stop|terminate)",
      why: "an alarm on another team's instance would stop or destroy it; recovery and reboot actions stay allowed",
    },
    ...COMMON_DENIALS,
  ],
  cannotPrevent: [
    "shorter retention on, or deletion of, another team's log groups (CloudWatch Logs tag-on-create carries no key that tells creation from later tagging); the audit log groups are denied. Closes with: one account per team; log archive in a separate account.",
    "alarm notifications to an SNS topic in another account (alarm names and states only).",
  ],
  parameters: GUARDRAIL_PARAMETERS,
  render(p) {
    return assemble(
      [
        allow("Monitoring", [
          ...readActions("monitoring"),
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
        ]),
        passRole(iamPathOf(p), ["logs.amazonaws.com", "streams.metrics.cloudwatch.amazonaws.com"]),
        {
          Sid: "DenyInstanceStoppingAlarms",
          Effect: "Deny",
          Action: ["cloudwatch:PutMetricAlarm", "cloudwatch:PutCompositeAlarm"],
          Resource: "*",
          Condition: {
            "ForAnyValue:StringLike": {
              "cloudwatch:AlarmActions": ["arn:aws:automate:*:ec2:stop", "arn:aws:automate:*:ec2:terminate"],
            },
          },
        },
      ],
      p,
      commonNotes(p),
    );
  },
};
