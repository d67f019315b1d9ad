/**
 * The permissions boundary terraform-iam requires on every role it creates (`keyless catalog
 * boundary` prints it). It is the ceiling of those roles: everything, minus the guardrails every
 * preset carries (static credentials, audit, identity, state, scope tag, sharing outside the account,
 * backups, regions), minus IAM escalation: no role or policy outside the managed path, no role
 * without this boundary, no PassRole outside the path, no boundary removal. So a role built by
 * terraform-iam with AdministratorAccess and assumed by anyone still cannot do what the guardrails
 * forbid. Data access is not denied here: workloads read and write their data.
 *
 * It is a customer-managed policy at path "/" (outside the managed path, so terraform-iam cannot
 * edit it), limited to 6,144 characters like every managed policy.
 */

import { dataGuardrails } from "./data-guardrails.ts";
import { boundaryArn, iamArn, iamPathOf, POLICY_VERSION } from "./defaults.ts";
import { coreGuardrails, regionGuardrail } from "./guardrails.ts";
import type { PolicyDocument, PolicyStatement, PresetParams } from "./types.ts";

export const MANAGED_POLICY_MAX_CHARS = 6_144;

/** Role writes that change what a role may do or who may use it. */
const ROLE_WRITES = [
  "iam:CreateRole",
  "iam:PutRolePermissionsBoundary",
  "iam:AttachRolePolicy",
  "iam:PutRolePolicy",
  "iam:UpdateAssumeRolePolicy",
];

const IAM_WRITES = [
  ...ROLE_WRITES,
  "iam:DetachRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:UpdateRole*",
  "iam:DeleteRole",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:PassRole",
  "iam:CreatePolicy*",
  "iam:DeletePolicy*",
  "iam:SetDefaultPolicyVersion",
  "iam:TagPolicy",
  "iam:UntagPolicy",
  "iam:*InstanceProfile",
];

export function boundaryStatements(p: PresetParams): PolicyStatement[] {
  const path = iamPathOf(p);
  const sharingAndBackups = dataGuardrails(p).filter((s) => s.Sid !== "DenyDataAccess");
  return [
    { Sid: "AllowWithinGuardrails", Effect: "Allow", Action: ["*"], Resource: "*" },
    ...coreGuardrails(p),
    ...sharingAndBackups,
    {
      Sid: "DenyIamOutsideManagedPath",
      Effect: "Deny",
      Action: IAM_WRITES,
      NotResource: [iamArn("role", path), iamArn("policy", path), iamArn("instance-profile", path)],
    },
    {
      Sid: "DenyRolesWithoutThisBoundary",
      Effect: "Deny",
      Action: ROLE_WRITES,
      Resource: "*",
      Condition: { ArnNotLike: { "iam:PermissionsBoundary": boundaryArn(p) } },
    },
    {
      Sid: "DenyBoundaryRemoval",
      Effect: "Deny",
      Action: ["iam:DeleteRolePermissionsBoundary"],
      Resource: "*",
    },
    ...regionGuardrail(p),
  ];
}

export function renderBoundary(p: PresetParams): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: boundaryStatements(p) };
}
