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
