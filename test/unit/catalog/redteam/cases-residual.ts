/**
 * What no permission set can close, evaluated with the layer that closes it: the permissions
 * boundary on roles terraform-iam creates (finding 2: a role with AdministratorAccess, whoever
 * assumes it), and the recommended RCP/SCP for trust-policy and resource-policy content.
 */
import { renderBoundary } from "../../../../src/catalog/boundary.ts";
import { SCOPE_TAG } from "../../../../src/catalog/defaults.ts";
import { recommendedRcp, recommendedScp } from "../../../../src/catalog/org-policies.ts";
import type { PresetParams } from "../../../../src/catalog/types.ts";
import { ADMINISTRATOR_ACCESS, type EvalRequest, ORG_ID } from "../../../helpers/iam-eval.ts";
import {
  A,
  AUDIT_KEY,
  fn,
  iamPolicy,
  iamRole,
  logGroup,
  OUTSIDE,
  R,
  STATE_BUCKET,
  STATE_KEY,
  snapshot,
  trail,
} from "./arns.ts";
import type { ResidualCase } from "./types.ts";

/** The role the holder built under the path: AdministratorAccess, capped by the boundary. */
const BUILT = iamRole("terraform/escalate");

/** A key policy that lets the account's IAM policies decide (the usual default). */
const ACCOUNT_KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" },
  ],
};

const bounded = (
  id: string,
  title: string,
  request: Omit<EvalRequest, "principal">,
  cls: ResidualCase["class"] = "privilege escalation",
): ResidualCase => ({
  id,
  class: cls,
  title: `finding 2, the built role: ${title}`,
  finding: 2,
  closedBy: "boundary",
  openWithout: true,
  build: (p: PresetParams) => ({
    policies: {
      identity: [ADMINISTRATOR_ACCESS],
      boundary: renderBoundary(p),
      ...(request.action.startsWith("kms:") && { resourcePolicy: ACCOUNT_KEY_POLICY }),
    },
    request: { ...request, principal: BUILT },
  }),
});

const FULL_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const outsider = `arn:aws:iam::${OUTSIDE}:role/attacker`;
const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const grantOutside = (action: string, resource: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${OUTSIDE}:root` },
      Action: action,
      Resource: resource,
    },
  ],
});

const fromOutside = (
  id: string,
  title: string,
  action: string,
  resource: string,
  cls: ResidualCase["class"] = "sharing with another account",
): ResidualCase => ({
  id,
  class: cls,
  title,
  closedBy: "rcp",
  openWithout: true,
  build: () => ({
    policies: {
      identity: [allowAll],
      resourcePolicy: grantOutside(action, resource),
      rcps: [[recommendedRcp(ORG_ID)]],
    },
    request: { action, resource, resourceAccount: A, principal: outsider, principalOrgId: null },
  }),
});

export const RESIDUAL_CASES: ResidualCase[] = [
  bounded(
    "R01",
    "stop the audit trail",
    { action: "cloudtrail:StopLogging", resource: trail("org") },
    "audit",
  ),
  bounded("R02", "create an IAM user", {
    action: "iam:CreateUser",
    resource: `arn:aws:iam::${A}:user/backdoor`,
  }),
  bounded("R03", "create a role outside the path", {
    action: "iam:CreateRole",
    resource: iamRole("Free"),
    context: { "iam:PermissionsBoundary": iamPolicy("TerraformBoundary") },
  }),
  bounded("R04", "create a role under the path with a weaker boundary", {
    action: "iam:CreateRole",
    resource: iamRole("terraform/weaker"),
    context: { "iam:PermissionsBoundary": iamPolicy("Weaker") },
  }),
  bounded("R05", "pass an admin role to EC2", {
    action: "iam:PassRole",
    resource: iamRole("Admin"),
    context: { "iam:PassedToService": "ec2.amazonaws.com" },
  }),
  bounded("R06", "attach AdministratorAccess to a role outside the path", {
    action: "iam:AttachRolePolicy",
    resource: iamRole("Admin"),
    context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" },
  }),
  bounded("R07", "rewrite the boundary policy", {
    action: "iam:CreatePolicyVersion",
    resource: iamPolicy("TerraformBoundary"),
  }),
  bounded("R08", "remove its own boundary", { action: "iam:DeleteRolePermissionsBoundary", resource: BUILT }),
  bounded(
    "R09",
    "replace the state bucket policy",
    { action: "s3:PutBucketPolicy", resource: `arn:aws:s3:::${STATE_BUCKET}` },
    "state",
  ),
  bounded(
    "R10",
    "share a snapshot with another account",
    {
      action: "ec2:ModifySnapshotAttribute",
      resource: snapshot("snap-0payments"),
      context: { "ec2:Add/userId": OUTSIDE },
    },
    "sharing with another account",
  ),
  bounded(
    "R11",
    "tag another team's function into scope",
    {
      action: "lambda:TagResource",
      resource: fn("payments-api"),
      context: { "aws:TagKeys": [SCOPE_TAG.key], [`aws:RequestTag/${SCOPE_TAG.key}`]: SCOPE_TAG.value },
    },
    "tag hop",
  ),
  bounded(
    "R12",
    "assign itself a permission set",
    {
      action: "sso:CreateAccountAssignment",
      resource: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
    },
    "identity",
  ),
  bounded(
    "R13",
    "schedule the state key's deletion",
    {
      action: "kms:ScheduleKeyDeletion",
      resource: STATE_KEY,
      context: { "kms:ResourceAliases": ["alias/keyless-tfstate"] },
    },
    "state",
  ),
  bounded(
    "R14",
    "delete the audit log group",
    { action: "logs:DeleteLogGroup", resource: logGroup("aws-controltower/CloudTrailLogs") },
    "audit",
  ),
  bounded(
    "R15",
    "delete a database snapshot",
    {
      action: "rds:DeleteDBSnapshot",
      resource: `arn:aws:rds:${R}:${A}:snapshot:payments-1`,
    },
    "destroying backups",
  ),
  bounded(
    "R16",
    "build in another region",
    { action: "ec2:RunInstances", resource: `arn:aws:ec2:us-west-2:${A}:instance/*` },
    "region",
  ),
  bounded("R17", "disable the audit trail's key", { action: "kms:DisableKey", resource: AUDIT_KEY }, "audit"),
  bounded(
    "R18",
    "send events to another account's bus",
    {
      action: "events:PutTargets",
      resource: `arn:aws:events:${R}:${A}:rule/payments-orders`,
      context: { "events:TargetArn": [`arn:aws:events:${R}:${OUTSIDE}:event-bus/default`] },
    },
    "sending events, logs or data out",
  ),
  fromOutside(
    "R19",
    "finding 2: the trust policy of a role under the path names an outside account, which assumes it after the holder leaves",
    "sts:AssumeRole",
    BUILT,
    "privilege escalation",
  ),
  fromOutside(
    "R20",
    "finding 5: a bucket policy opened to another account, which reads the objects",
    "s3:GetObject",
    "arn:aws:s3:::customer-data/export.csv",
  ),
  fromOutside(
    "R21",
    "finding 5: an ECR repository policy that lets another account push images",
    "ecr:PutImage",
    `arn:aws:ecr:${R}:${A}:repository/payments`,
  ),
  fromOutside(
    "R22",
    "a table resource policy that lets another account scan",
    "dynamodb:Scan",
    `arn:aws:dynamodb:${R}:${A}:table/customers`,
  ),
  {
    id: "R23",
    class: "sending events, logs or data out",
    title: "a replication role under the path copies objects to a bucket outside the organization",
    closedBy: "scp",
    openWithout: true,
    build: (p) => ({
      policies: {
        identity: [ADMINISTRATOR_ACCESS],
        boundary: renderBoundary(p),
        scps: [[FULL_ACCESS, recommendedScp(ORG_ID, p.iamPath)]],
        resourcePolicy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: "*" },
              Action: "s3:ReplicateObject",
              Resource: "arn:aws:s3:::attacker-replica/*",
            },
          ],
        },
      },
      request: {
        action: "s3:ReplicateObject",
        resource: "arn:aws:s3:::attacker-replica/data.csv",
        resourceAccount: OUTSIDE,
        principal: iamRole("terraform/replication"),
        context: { "aws:ResourceOrgID": "o-attacker000" },
      },
    }),
  },
  {
    id: "R24",
    class: "privilege escalation",
    title:
      "an administrator attaches a policy under the managed path to a role outside it (which terraform-iam could then rewrite)",
    closedBy: "scp",
    openWithout: true,
    build: (p) => ({
      policies: {
        identity: [ADMINISTRATOR_ACCESS],
        scps: [[FULL_ACCESS, recommendedScp(ORG_ID, p.iamPath)]],
      },
      request: {
        action: "iam:AttachRolePolicy",
        resource: iamRole("ops/deployer"),
        principal: iamRole("Admin"),
        context: { "iam:PolicyARN": iamPolicy("terraform/app") },
      },
    }),
  },
];
