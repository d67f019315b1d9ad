/**
 * Statement builders shared by the presets, so each scoping rule (PassRole only for roles under the
 * managed path and only to named services; service-linked roles only for named services) is written
 * once and reads the same in every preset.
 */
import { iamArn } from "./defaults.ts";
import type { PolicyStatement } from "./types.ts";

export function allow(Sid: string, Action: string[], Resource: string | string[] = "*"): PolicyStatement {
  return { Sid, Effect: "Allow", Action, Resource };
}

/** iam:PassRole for roles under `iamPath` only, and only to the given service principals. */
export function passRole(iamPath: string, services: string[]): PolicyStatement {
  return {
    Sid: "PassManagedRoles",
    Effect: "Allow",
    Action: ["iam:PassRole"],
    Resource: iamArn("role", iamPath),
    Condition: { StringEquals: { "iam:PassedToService": services } },
  };
}

/** Services that create their service-linked role on first use need iam:CreateServiceLinkedRole. */
export function serviceLinkedRoles(services: string[]): PolicyStatement {
  return {
    Sid: "CreateServiceLinkedRoles",
    Effect: "Allow",
    Action: ["iam:CreateServiceLinkedRole"],
    Resource: "arn:aws:iam::*:role/aws-service-role/*",
    Condition: { StringEquals: { "iam:AWSServiceName": services } },
  };
}

/**
 * Customer-managed KMS keys used by an AWS service on the caller's behalf (EBS volumes through EC2,
 * RDS storage): only through that service (kms:ViaService), and grants only for AWS resources
 * (kms:GrantIsForAWSResource, present only on grant calls), so the holder never gets a key to use
 * directly.
 */
export function kmsViaService(Sid: string, services: string[]): PolicyStatement {
  return {
    Sid,
    Effect: "Allow",
    Action: ["kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:CreateGrant"],
    Resource: "*",
    Condition: {
      StringLike: { "kms:ViaService": services.map((s) => `${s}.*.amazonaws.com`) },
      BoolIfExists: { "kms:GrantIsForAWSResource": "true" },
    },
  };
}
