/** The domain presets grant their domain's management actions, and terraform-iam cannot escalate. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findPreset } from "../../../src/catalog/registry.ts";
import type { PolicyDocument } from "../../../src/catalog/types.ts";
import { type Context, decide } from "./evaluate.ts";

const doc = (name: string, params = {}): PolicyDocument => findPreset(name)!.render(params).inlinePolicy;

const EXPECTED: Record<string, { allowed: string[]; notAllowed: string[] }> = {
  storage: {
    allowed: [
      "s3:CreateBucket",
      "s3:PutBucketPolicy",
      "s3:PutLifecycleConfiguration",
      "ec2:CreateVolume",
      "ec2:AttachVolume",
      "ec2:CreateSnapshot",
      "elasticfilesystem:CreateFileSystem",
      "elasticfilesystem:CreateMountTarget",
      "s3:GetBucketVersioning",
    ],
    notAllowed: [
      "s3:GetObject",
      "s3:PutObject",
      "ec2:ModifySnapshotAttribute",
      "ec2:DisableEbsEncryptionByDefault",
      "elasticfilesystem:ClientMount",
      "ec2:RunInstances",
    ],
  },
  compute: {
    allowed: [
      "ec2:RunInstances",
      "ec2:TerminateInstances",
      "ec2:CreateLaunchTemplate",
      "autoscaling:CreateAutoScalingGroup",
      "elasticloadbalancing:CreateLoadBalancer",
      "lambda:CreateFunction",
      "lambda:UpdateFunctionConfiguration",
      "ecs:CreateService",
      "ecs:RegisterTaskDefinition",
      "ecr:CreateRepository",
    ],
    notAllowed: [
      "ec2:GetPasswordData",
      "ec2:GetConsoleOutput",
      "lambda:InvokeFunction",
      "ecs:ExecuteCommand",
      "ecs:RunTask",
      "ecr:BatchGetImage",
      "ec2:CreateVpc",
    ],
  },
  networking: {
    allowed: [
      "ec2:CreateVpc",
      "ec2:CreateSubnet",
      "ec2:AuthorizeSecurityGroupIngress",
      "ec2:CreateRouteTable",
      "ec2:CreateRoute",
      "ec2:CreateInternetGateway",
      "ec2:CreateNatGateway",
      "ec2:CreateVpcEndpoint",
      "ec2:CreateNetworkAcl",
      "ec2:AllocateAddress",
      "ec2:CreateFlowLogs",
      "ec2:CreateTransitGateway",
    ],
    notAllowed: ["ec2:RunInstances", "ec2:CreateVolume", "route53:ChangeResourceRecordSets"],
  },
  database: {
    allowed: [
      "rds:CreateDBInstance",
      "rds:ModifyDBCluster",
      "rds:CreateDBSubnetGroup",
      "dynamodb:CreateTable",
      "dynamodb:UpdateTimeToLive",
      "elasticache:CreateReplicationGroup",
      "application-autoscaling:RegisterScalableTarget",
    ],
    notAllowed: [
      "dynamodb:GetItem",
      "dynamodb:Scan",
      "dynamodb:PutItem",
      "rds:ModifyDBSnapshotAttribute",
      "rds:StartExportTask",
      "rds:DownloadDBLogFilePortion",
      "elasticache:Connect",
      "rds-data:ExecuteStatement",
    ],
  },
  serverless: {
    allowed: [
      "lambda:CreateFunction",
      "lambda:CreateAlias",
      "apigateway:POST",
      "apigateway:PATCH",
      "events:PutRule",
      "events:PutTargets",
      "events:CreateEventBus",
      "scheduler:CreateSchedule",
    ],
    notAllowed: ["lambda:InvokeFunction", "events:PutEvents", "events:CreateConnection", "ec2:RunInstances"],
  },
  monitoring: {
    allowed: [
      "cloudwatch:PutMetricAlarm",
      "cloudwatch:PutDashboard",
      "logs:CreateLogGroup",
      "logs:PutRetentionPolicy",
      "logs:PutSubscriptionFilter",
      "xray:CreateGroup",
      "xray:CreateSamplingRule",
      "cloudtrail:CreateTrail",
      "cloudtrail:StartLogging",
    ],
    notAllowed: [
      "logs:GetLogEvents",
      "logs:StartQuery",
      "cloudwatch:GetMetricData",
      "xray:BatchGetTraces",
      "cloudtrail:LookupEvents",
      "cloudtrail:StopLogging",
      "cloudtrail:DeleteTrail",
    ],
  },
};

describe("domain presets", () => {
  for (const [name, { allowed, notAllowed }] of Object.entries(EXPECTED)) {
    it(`${name}: grants its domain, not more`, () => {
      const d = doc(name);
      for (const a of allowed) assert.equal(decide(d, a), "allow", `${name} allows ${a}`);
      for (const a of notAllowed) assert.notEqual(decide(d, a), "allow", `${name} does not allow ${a}`);
    });
  }

  it("Lambda code changes only on functions tagged as Terraform-managed", () => {
    for (const name of ["compute", "serverless"]) {
      const d = doc(name);
      const fn = "arn:aws:lambda:eu-central-1:111111111111:function:app";
      assert.equal(
        decide(d, "lambda:UpdateFunctionCode", fn, { "aws:ResourceTag/keyless-scope": "terraform" }),
        "allow",
      );
      assert.equal(decide(d, "lambda:UpdateFunctionCode", fn), "implicit-deny");
    }
  });

  it("PassRole: each preset passes managed-path roles only to its own services", () => {
    const role = "arn:aws:iam::111111111111:role/terraform/app";
    const cases: [string, string, boolean][] = [
      ["compute", "ec2.amazonaws.com", true],
      ["compute", "ecs-tasks.amazonaws.com", true],
      ["compute", "glue.amazonaws.com", false],
      ["serverless", "lambda.amazonaws.com", true],
      ["serverless", "events.amazonaws.com", true],
      ["database", "monitoring.rds.amazonaws.com", true],
      ["networking", "vpc-flow-logs.amazonaws.com", true],
      ["networking", "lambda.amazonaws.com", false],
      ["monitoring", "cloudtrail.amazonaws.com", true],
      ["storage", "s3.amazonaws.com", true],
      ["core", "ec2.amazonaws.com", false],
    ];
    for (const [name, service, expected] of cases) {
      const got = decide(doc(name), "iam:PassRole", role, { "iam:PassedToService": service });
      assert.equal(got === "allow", expected, `${name} → ${service}`);
    }
    const custom = doc("compute", { iamPath: "/platform/tf/" });
    assert.equal(
      decide(custom, "iam:PassRole", role, { "iam:PassedToService": "ec2.amazonaws.com" }),
      "implicit-deny",
    );
    assert.equal(
      decide(custom, "iam:PassRole", "arn:aws:iam::111111111111:role/platform/tf/app", {
        "iam:PassedToService": "ec2.amazonaws.com",
      }),
      "allow",
    );
  });
});

describe("terraform-iam: cannot escalate", () => {
  const d = doc("iam");
  const role = (name: string) => `arn:aws:iam::111111111111:role/${name}`;
  const bounded: Context = {
    "iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/TerraformBoundary",
  };

  it("creates and changes roles under the path only with the boundary attached", () => {
    for (const action of [
      "iam:CreateRole",
      "iam:AttachRolePolicy",
      "iam:PutRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:PutRolePermissionsBoundary",
    ]) {
      assert.equal(decide(d, action, role("terraform/app"), bounded), "allow", action);
      assert.equal(decide(d, action, role("terraform/app")), "implicit-deny", `${action} without boundary`);
      assert.equal(
        decide(d, action, role("terraform/app"), {
          "iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/Other",
        }),
        "implicit-deny",
        `${action} with another boundary`,
      );
      assert.equal(decide(d, action, role("app"), bounded), "implicit-deny", `${action} outside the path`);
    }
  });

  it("never touches the boundary policy, boundaries, Identity Center roles, users or keys", () => {
    const boundary = "arn:aws:iam::111111111111:policy/TerraformBoundary";
    for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"]) {
      assert.equal(
        decide(d, action, boundary, { "aws:ResourceTag/keyless-scope": "terraform" }),
        "deny",
        action,
      );
    }
    assert.equal(decide(d, "iam:DeleteRolePermissionsBoundary", role("terraform/app")), "deny");
    const sso = role("aws-reserved/sso.amazonaws.com/eu-central-1/AWSReservedSSO_Admin_0123456789abcdef");
    for (const action of [
      "iam:AttachRolePolicy",
      "iam:PutRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:DeleteRole",
      "iam:PassRole",
    ]) {
      assert.equal(decide(d, action, sso, bounded), "deny", action);
    }
    assert.equal(
      decide(d, "iam:AttachRolePolicy", role("AWSReservedSSO_Admin_0123456789abcdef"), bounded),
      "deny",
    );
    for (const action of ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]) {
      assert.equal(decide(d, action, "arn:aws:iam::111111111111:user/terraform/x"), "deny", action);
    }
    assert.notEqual(decide(d, "iam:CreateOpenIDConnectProvider"), "allow");
    assert.notEqual(decide(d, "iam:AttachUserPolicy", "arn:aws:iam::111111111111:user/x"), "allow");
  });

  it("policies under the path: created with the scope tag, rewritten only when tagged", () => {
    const policy = "arn:aws:iam::111111111111:policy/terraform/app";
    assert.equal(
      decide(d, "iam:CreatePolicy", policy, { "aws:RequestTag/keyless-scope": "terraform" }),
      "allow",
    );
    assert.equal(decide(d, "iam:CreatePolicy", policy), "implicit-deny");
    assert.equal(
      decide(d, "iam:CreatePolicyVersion", policy, { "aws:ResourceTag/keyless-scope": "terraform" }),
      "allow",
    );
    assert.equal(decide(d, "iam:CreatePolicyVersion", policy), "implicit-deny");
    assert.equal(
      decide(d, "iam:CreatePolicyVersion", "arn:aws:iam::111111111111:policy/other", {
        "aws:ResourceTag/keyless-scope": "terraform",
      }),
      "implicit-deny",
    );
  });

  it("PassRole only for managed-path roles, only to EC2", () => {
    assert.equal(
      decide(d, "iam:PassRole", role("terraform/app"), { "iam:PassedToService": "ec2.amazonaws.com" }),
      "allow",
    );
    assert.equal(
      decide(d, "iam:PassRole", role("terraform/app"), { "iam:PassedToService": "lambda.amazonaws.com" }),
      "implicit-deny",
    );
    assert.equal(
      decide(d, "iam:PassRole", role("Admin"), { "iam:PassedToService": "ec2.amazonaws.com" }),
      "implicit-deny",
    );
  });

  it("follows a custom path and boundary name", () => {
    const custom = doc("iam", { iamPath: "/platform/tf/", permissionsBoundaryName: "PlatformBoundary" });
    const ctx = { "iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/PlatformBoundary" };
    assert.equal(decide(custom, "iam:CreateRole", role("platform/tf/app"), ctx), "allow");
    assert.equal(decide(custom, "iam:CreateRole", role("terraform/app"), ctx), "implicit-deny");
    assert.equal(decide(custom, "iam:CreateRole", role("platform/tf/app"), bounded), "implicit-deny");
    assert.equal(
      decide(custom, "iam:CreatePolicyVersion", "arn:aws:iam::111111111111:policy/PlatformBoundary", {
        "aws:ResourceTag/keyless-scope": "terraform",
      }),
      "deny",
    );
  });
});
