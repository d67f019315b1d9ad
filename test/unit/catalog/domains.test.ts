/**
 * The domain presets grant their domain's management calls (on Terraform-managed resources where a
 * scope-tag fence applies), and terraform-iam cannot escalate. Evaluated with the real evaluator.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PresetParams } from "../../../src/catalog/types.ts";
import { MGMT_ACCOUNT } from "../../helpers/iam-eval.ts";
import { decide, evalPreset, type PresetRequest } from "./eval-preset.ts";

const A = MGMT_ACCOUNT;
const R = "eu-central-1";
const TAGGED = { "aws:ResourceTag/keyless-scope": "terraform" };
const NEW_TAGS = { "aws:RequestTag/keyless-scope": "terraform", "aws:TagKeys": ["keyless-scope"] };
const ec2 = (type: string, id: string) => `arn:aws:ec2:${R}:${A}:${type}/${id}`;
const fn = (name: string) => `arn:aws:lambda:${R}:${A}:function:${name}`;
const role = (name: string) => `arn:aws:iam::${A}:role/${name}`;
const policy = (name: string) => `arn:aws:iam::${A}:policy/${name}`;

type Case = [string, PresetRequest];
const r = (action: string, resource: string, context: PresetRequest["context"] = {}): PresetRequest => ({
  action,
  resource,
  context,
  // KMS needs the key policy to let the account's IAM policies decide (the usual default).
  ...(action.startsWith("kms:") && {
    resourcePolicy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" },
      ],
    },
  }),
});

const EXPECTED: Record<string, { allowed: Case[]; notAllowed: Case[]; params?: PresetParams }> = {
  storage: {
    params: { objectBuckets: ["artifacts"] },
    allowed: [
      ["create a bucket", r("s3:CreateBucket", "arn:aws:s3:::new-bucket")],
      ["bucket policy", r("s3:PutBucketPolicy", "arn:aws:s3:::app-bucket")],
      ["lifecycle", r("s3:PutLifecycleConfiguration", "arn:aws:s3:::app-bucket")],
      ["refresh aws_s3_bucket (HeadBucket)", r("s3:ListBucket", "arn:aws:s3:::app-bucket")],
      ["aws_s3_object in an object bucket", r("s3:PutObject", "arn:aws:s3:::artifacts/app.zip")],
      ["new volume", r("ec2:CreateVolume", ec2("volume", "*"))],
      ["attach a tagged volume", r("ec2:AttachVolume", ec2("volume", "vol-1"), TAGGED)],
      ["snapshot of a tagged volume", r("ec2:CreateSnapshot", ec2("volume", "vol-1"), TAGGED)],
      ["new snapshot", r("ec2:CreateSnapshot", `arn:aws:ec2:${R}::snapshot/*`)],
      ["new file system", r("elasticfilesystem:CreateFileSystem", "*")],
      [
        "mount target of a tagged file system",
        r(
          "elasticfilesystem:CreateMountTarget",
          `arn:aws:elasticfilesystem:${R}:${A}:file-system/fs-1`,
          TAGGED,
        ),
      ],
      ["bucket versioning read", r("s3:GetBucketVersioning", "arn:aws:s3:::app-bucket")],
    ],
    notAllowed: [
      ["objects outside the object buckets", r("s3:GetObject", "arn:aws:s3:::app-bucket/x")],
      ["attach an untagged volume", r("ec2:AttachVolume", ec2("volume", "vol-2"))],
      ["snapshot sharing", r("ec2:ModifySnapshotAttribute", `arn:aws:ec2:${R}::snapshot/snap-1`)],
      ["default encryption off", r("ec2:DisableEbsEncryptionByDefault", "*")],
      [
        "EFS client mount",
        r("elasticfilesystem:ClientMount", `arn:aws:elasticfilesystem:${R}:${A}:file-system/fs-1`),
      ],
      ["instances", r("ec2:RunInstances", ec2("instance", "*"))],
    ],
  },
  compute: {
    params: { objectBuckets: ["artifacts"] },
    allowed: [
      ["run an instance", r("ec2:RunInstances", ec2("instance", "*"))],
      [
        "tag it at creation",
        r("ec2:CreateTags", ec2("instance", "i-1"), { ...NEW_TAGS, "ec2:CreateAction": "RunInstances" }),
      ],
      ["stop a tagged instance", r("ec2:StopInstances", ec2("instance", "i-1"), TAGGED)],
      ["user data of a tagged instance", r("ec2:ModifyInstanceAttribute", ec2("instance", "i-1"), TAGGED)],
      ["finding 8: root volume size", r("ec2:ModifyVolume", ec2("volume", "vol-1"), TAGGED)],
      [
        "finding 8: KMS grant for a CMK-encrypted EBS volume",
        r("kms:CreateGrant", `arn:aws:kms:${R}:${A}:key/k`, {
          "kms:ViaService": `ec2.${R}.amazonaws.com`,
          "kms:GrantIsForAWSResource": "true",
        }),
      ],
      ["launch template", r("ec2:CreateLaunchTemplate", ec2("launch-template", "*"))],
      [
        "new version of a tagged launch template",
        r("ec2:CreateLaunchTemplateVersion", ec2("launch-template", "lt-1"), TAGGED),
      ],
      [
        "Auto Scaling group",
        r(
          "autoscaling:CreateAutoScalingGroup",
          `arn:aws:autoscaling:${R}:${A}:autoScalingGroup:*:autoScalingGroupName/app`,
        ),
      ],
      [
        "load balancer",
        r(
          "elasticloadbalancing:CreateLoadBalancer",
          `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/app/web/1`,
        ),
      ],
      [
        "listener on a tagged load balancer",
        r(
          "elasticloadbalancing:CreateListener",
          `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/app/web/1`,
          TAGGED,
        ),
      ],
      ["new function", r("lambda:CreateFunction", fn("app"), NEW_TAGS)],
      ["tag a new function at creation", r("lambda:TagResource", fn("app"), { ...NEW_TAGS, ...TAGGED })],
      ["code of a tagged function", r("lambda:UpdateFunctionCode", fn("app"), TAGGED)],
      ["configuration of a tagged function", r("lambda:UpdateFunctionConfiguration", fn("app"), TAGGED)],
      [
        "API Gateway may invoke a tagged function",
        r("lambda:AddPermission", fn("app"), { ...TAGGED, "lambda:Principal": "apigateway.amazonaws.com" }),
      ],
      ["finding 8: Lambda code from an object bucket", r("s3:GetObject", "arn:aws:s3:::artifacts/app.zip")],
      ["ECS service", r("ecs:CreateService", `arn:aws:ecs:${R}:${A}:service/c/app`)],
      ["update a tagged ECS service", r("ecs:UpdateService", `arn:aws:ecs:${R}:${A}:service/c/app`, TAGGED)],
      ["task definition", r("ecs:RegisterTaskDefinition", "*")],
      ["ECR repository", r("ecr:CreateRepository", `arn:aws:ecr:${R}:${A}:repository/app`)],
    ],
    notAllowed: [
      ["password data", r("ec2:GetPasswordData", ec2("instance", "i-1"), TAGGED)],
      ["console output", r("ec2:GetConsoleOutput", ec2("instance", "i-1"), TAGGED)],
      ["invoke", r("lambda:InvokeFunction", fn("app"), TAGGED)],
      ["ECS exec", r("ecs:ExecuteCommand", `arn:aws:ecs:${R}:${A}:task/c/1`)],
      ["RunTask", r("ecs:RunTask", `arn:aws:ecs:${R}:${A}:task-definition/app:1`)],
      ["image pull", r("ecr:BatchGetImage", `arn:aws:ecr:${R}:${A}:repository/app`)],
      ["networking", r("ec2:CreateVpc", ec2("vpc", "*"))],
      ["code of an untagged function", r("lambda:UpdateFunctionCode", fn("other"))],
      [
        "public permission on a tagged function",
        r("lambda:AddPermission", fn("app"), { ...TAGGED, "lambda:Principal": "*" }),
      ],
    ],
  },
  networking: {
    allowed: [
      ["VPC", r("ec2:CreateVpc", ec2("vpc", "*"))],
      ["subnet in a tagged VPC (new subnet)", r("ec2:CreateSubnet", ec2("subnet", "*"))],
      ["subnet in a tagged VPC (the VPC)", r("ec2:CreateSubnet", ec2("vpc", "vpc-1"), TAGGED)],
      [
        "rule on a tagged security group",
        r("ec2:AuthorizeSecurityGroupIngress", ec2("security-group", "sg-1"), TAGGED),
      ],
      ["route table", r("ec2:CreateRouteTable", ec2("route-table", "*"))],
      ["route in a tagged route table", r("ec2:CreateRoute", ec2("route-table", "rtb-1"), TAGGED)],
      ["internet gateway", r("ec2:CreateInternetGateway", ec2("internet-gateway", "*"))],
      ["NAT gateway", r("ec2:CreateNatGateway", ec2("natgateway", "*"))],
      ["endpoint", r("ec2:CreateVpcEndpoint", ec2("vpc-endpoint", "*"))],
      ["network ACL", r("ec2:CreateNetworkAcl", ec2("network-acl", "*"))],
      ["Elastic IP", r("ec2:AllocateAddress", ec2("elastic-ip", "*"))],
      ["flow logs", r("ec2:CreateFlowLogs", ec2("vpc-flow-log", "*"))],
      ["finding 8: flow logs to S3", r("logs:CreateLogDelivery", "*")],
      ["transit gateway", r("ec2:CreateTransitGateway", ec2("transit-gateway", "*"))],
      [
        "tags at creation",
        r("ec2:CreateTags", ec2("vpc", "vpc-1"), { ...NEW_TAGS, "ec2:CreateAction": "CreateVpc" }),
      ],
    ],
    notAllowed: [
      ["instances", r("ec2:RunInstances", ec2("instance", "*"))],
      ["volumes", r("ec2:CreateVolume", ec2("volume", "*"))],
      ["DNS", r("route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z1")],
      ["route in an untagged route table", r("ec2:CreateRoute", ec2("route-table", "rtb-2"))],
      ["subnet in the default VPC", r("ec2:CreateSubnet", ec2("vpc", "vpc-default"))],
      [
        "interface permission",
        r("ec2:CreateNetworkInterfacePermission", ec2("network-interface", "eni-1"), TAGGED),
      ],
    ],
  },
  database: {
    allowed: [
      ["DB instance", r("rds:CreateDBInstance", `arn:aws:rds:${R}:${A}:db:app`)],
      ["cluster change", r("rds:ModifyDBCluster", `arn:aws:rds:${R}:${A}:cluster:app`)],
      ["subnet group", r("rds:CreateDBSubnetGroup", `arn:aws:rds:${R}:${A}:subgrp:app`)],
      [
        "finding 8: KMS grant for an encrypted DB",
        r("kms:CreateGrant", `arn:aws:kms:${R}:${A}:key/k`, {
          "kms:ViaService": `rds.${R}.amazonaws.com`,
          "kms:GrantIsForAWSResource": "true",
        }),
      ],
      [
        "finding 8: describe the DB's key",
        r("kms:DescribeKey", `arn:aws:kms:${R}:${A}:key/k`, { "kms:ViaService": `rds.${R}.amazonaws.com` }),
      ],
      [
        "RDS-managed master password secret",
        r("secretsmanager:CreateSecret", `arn:aws:secretsmanager:${R}:${A}:secret:rds!db-1-AbCdEf`),
      ],
      ["table", r("dynamodb:CreateTable", `arn:aws:dynamodb:${R}:${A}:table/app`)],
      ["TTL", r("dynamodb:UpdateTimeToLive", `arn:aws:dynamodb:${R}:${A}:table/app`)],
      [
        "Redis",
        r("elasticache:CreateReplicationGroup", `arn:aws:elasticache:${R}:${A}:replicationgroup:app`),
      ],
      [
        "IAM-authenticated cache user",
        r("elasticache:ModifyUser", `arn:aws:elasticache:${R}:${A}:user:app`, {
          "elasticache:UserAuthenticationMode": "iam",
        }),
      ],
      ["capacity", r("application-autoscaling:RegisterScalableTarget", "*")],
    ],
    notAllowed: [
      ["items", r("dynamodb:GetItem", `arn:aws:dynamodb:${R}:${A}:table/app`)],
      ["scan", r("dynamodb:Scan", `arn:aws:dynamodb:${R}:${A}:table/app`)],
      ["snapshot sharing", r("rds:ModifyDBSnapshotAttribute", `arn:aws:rds:${R}:${A}:snapshot:s`)],
      ["export", r("rds:StartExportTask", `arn:aws:rds:${R}:${A}:snapshot:s`)],
      ["log download", r("rds:DownloadDBLogFilePortion", `arn:aws:rds:${R}:${A}:db:app`)],
      ["cache session", r("elasticache:Connect", `arn:aws:elasticache:${R}:${A}:replicationgroup:app`)],
      ["Data API", r("rds-data:ExecuteStatement", `arn:aws:rds:${R}:${A}:cluster:app`)],
      [
        "public DB",
        r("rds:CreateDBInstance", `arn:aws:rds:${R}:${A}:db:app`, { "rds:PubliclyAccessible": "true" }),
      ],
      [
        "read the managed secret",
        r("secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${R}:${A}:secret:rds!db-1-AbCdEf`),
      ],
    ],
  },
  serverless: {
    params: { objectBuckets: ["artifacts"] },
    allowed: [
      ["new function", r("lambda:CreateFunction", fn("app"))],
      ["alias of a tagged function", r("lambda:CreateAlias", fn("app"), TAGGED)],
      ["API", r("apigateway:POST", `arn:aws:apigateway:${R}::/restapis`)],
      ["API change", r("apigateway:PATCH", `arn:aws:apigateway:${R}::/restapis/abc`)],
      [
        "API key values (aws_api_gateway_api_key refresh)",
        r("apigateway:GET", `arn:aws:apigateway:${R}::/apikeys/abc`),
      ],
      ["rule", r("events:PutRule", `arn:aws:events:${R}:${A}:rule/app`)],
      [
        "target in this account",
        r("events:PutTargets", `arn:aws:events:${R}:${A}:rule/app`, { "events:TargetArn": [fn("app")] }),
      ],
      ["event bus", r("events:CreateEventBus", `arn:aws:events:${R}:${A}:event-bus/app`)],
      ["schedule", r("scheduler:CreateSchedule", `arn:aws:scheduler:${R}:${A}:schedule/default/app`)],
      [
        "finding 8: Lambda code from an object bucket",
        r("s3:GetObjectVersion", "arn:aws:s3:::artifacts/app.zip"),
      ],
    ],
    notAllowed: [
      ["invoke", r("lambda:InvokeFunction", fn("app"))],
      ["put events", r("events:PutEvents", `arn:aws:events:${R}:${A}:event-bus/default`)],
      ["connections", r("events:CreateConnection", `arn:aws:events:${R}:${A}:connection/x`)],
      ["bus permission for other accounts", r("events:PutPermission", "*")],
      ["instances", r("ec2:RunInstances", ec2("instance", "*"))],
    ],
  },
  monitoring: {
    allowed: [
      ["alarm", r("cloudwatch:PutMetricAlarm", `arn:aws:cloudwatch:${R}:${A}:alarm:cpu`)],
      [
        "alarm that recovers an instance",
        r("cloudwatch:PutMetricAlarm", `arn:aws:cloudwatch:${R}:${A}:alarm:cpu`, {
          "cloudwatch:AlarmActions": [`arn:aws:automate:${R}:ec2:recover`],
        }),
      ],
      ["dashboard", r("cloudwatch:PutDashboard", `arn:aws:cloudwatch::${A}:dashboard/app`)],
      ["log group", r("logs:CreateLogGroup", `arn:aws:logs:${R}:${A}:log-group:/app`)],
      ["retention", r("logs:PutRetentionPolicy", `arn:aws:logs:${R}:${A}:log-group:/app`)],
      [
        "subscription in this account",
        r("logs:PutSubscriptionFilter", `arn:aws:logs:${R}:${A}:log-group:/app`),
      ],
      ["X-Ray group", r("xray:CreateGroup", `arn:aws:xray:${R}:${A}:group/app/*`)],
      ["sampling rule", r("xray:CreateSamplingRule", `arn:aws:xray:${R}:${A}:sampling-rule/app`)],
      ["trails are readable", r("cloudtrail:DescribeTrails", "*")],
    ],
    notAllowed: [
      ["log events", r("logs:GetLogEvents", `arn:aws:logs:${R}:${A}:log-group:/app:log-stream:x`)],
      ["Insights queries", r("logs:StartQuery", `arn:aws:logs:${R}:${A}:log-group:/app`)],
      ["metric data", r("cloudwatch:GetMetricData", "*")],
      ["traces", r("xray:BatchGetTraces", "*")],
      ["CloudTrail events", r("cloudtrail:LookupEvents", "*")],
      ["a new trail", r("cloudtrail:CreateTrail", `arn:aws:cloudtrail:${R}:${A}:trail/x`)],
      ["stop logging", r("cloudtrail:StopLogging", `arn:aws:cloudtrail:${R}:${A}:trail/x`)],
    ],
  },
};

describe("domain presets", () => {
  for (const [name, { allowed, notAllowed, params }] of Object.entries(EXPECTED)) {
    it(`${name}: grants its domain, not more`, async () => {
      for (const [what, req] of allowed) {
        assert.equal(
          await decide(name, params ?? {}, req),
          "allowed",
          `${name} allows ${what} (${req.action})`,
        );
      }
      for (const [what, req] of notAllowed) {
        assert.notEqual(
          await decide(name, params ?? {}, req),
          "allowed",
          `${name} does not allow ${what} (${req.action})`,
        );
      }
    });
  }

  it("PassRole: each preset passes managed-path roles only to its own services", async () => {
    const cases: [string, string, boolean][] = [
      ["compute", "ec2.amazonaws.com", true],
      ["compute", "ecs-tasks.amazonaws.com", true],
      ["compute", "glue.amazonaws.com", false],
      ["serverless", "lambda.amazonaws.com", true],
      ["serverless", "events.amazonaws.com", true],
      ["database", "monitoring.rds.amazonaws.com", true],
      ["networking", "vpc-flow-logs.amazonaws.com", true],
      ["networking", "lambda.amazonaws.com", false],
      ["monitoring", "logs.amazonaws.com", true],
      ["monitoring", "cloudtrail.amazonaws.com", false],
      ["storage", "s3.amazonaws.com", true],
      ["core", "ec2.amazonaws.com", false],
    ];
    for (const [name, service, expected] of cases) {
      const got = await decide(
        name,
        {},
        r("iam:PassRole", role("terraform/app"), { "iam:PassedToService": service }),
      );
      assert.equal(got === "allowed", expected, `${name} → ${service}`);
    }
    const custom = { iamPath: "/platform/tf/" };
    assert.notEqual(
      await decide(
        "compute",
        custom,
        r("iam:PassRole", role("terraform/app"), { "iam:PassedToService": "ec2.amazonaws.com" }),
      ),
      "allowed",
    );
    assert.equal(
      await decide(
        "compute",
        custom,
        r("iam:PassRole", role("platform/tf/app"), { "iam:PassedToService": "ec2.amazonaws.com" }),
      ),
      "allowed",
    );
  });
});

describe("terraform-iam: cannot escalate", () => {
  const bounded = { "iam:PermissionsBoundary": policy("TerraformBoundary") };
  const iam = (req: PresetRequest, params: PresetParams = {}) => decide("iam", params, req);

  it("creates and changes roles under the path only with the boundary attached", async () => {
    for (const action of [
      "iam:CreateRole",
      "iam:AttachRolePolicy",
      "iam:PutRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:PutRolePermissionsBoundary",
    ]) {
      assert.equal(await iam(r(action, role("terraform/app"), bounded)), "allowed", action);
      assert.notEqual(await iam(r(action, role("terraform/app"))), "allowed", `${action} without boundary`);
      assert.notEqual(
        await iam(r(action, role("terraform/app"), { "iam:PermissionsBoundary": policy("Other") })),
        "allowed",
        `${action} with another boundary`,
      );
      assert.notEqual(await iam(r(action, role("app"), bounded)), "allowed", `${action} outside the path`);
    }
  });

  it("never touches the boundary policy, boundaries, Identity Center roles, users or keys", async () => {
    for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"]) {
      assert.equal(await iam(r(action, policy("TerraformBoundary"), TAGGED)), "explicit-deny", action);
    }
    assert.equal(await iam(r("iam:DeleteRolePermissionsBoundary", role("terraform/app"))), "explicit-deny");
    const sso = role("aws-reserved/sso.amazonaws.com/eu-central-1/AWSReservedSSO_Admin_0123456789abcdef");
    // AWS itself refuses writes to Identity Center roles (the evaluator models that as an implicit
    // deny); the preset denies them explicitly as well.
    for (const action of [
      "iam:AttachRolePolicy",
      "iam:PutRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:DeleteRole",
    ]) {
      const result = await evalPreset("iam", {}, r(action, sso, bounded));
      assert.notEqual(result.decision, "allowed", action);
      assert.ok(
        result.deniedBy.some((d) => d.sid === "DenyIdentityCenterRoleChanges"),
        action,
      );
    }
    const passSso = await evalPreset(
      "iam",
      {},
      r("iam:PassRole", sso, { "iam:PassedToService": "ec2.amazonaws.com" }),
    );
    assert.notEqual(passSso.decision, "allowed");
    assert.ok(passSso.deniedBy.some((d) => d.sid === "DenyIdentityCenterRoleChanges"));
    for (const action of ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]) {
      assert.equal(await iam(r(action, `arn:aws:iam::${A}:user/terraform/x`)), "explicit-deny", action);
    }
    assert.equal(
      await iam(r("iam:CreateOpenIDConnectProvider", `arn:aws:iam::${A}:oidc-provider/x.example`)),
      "explicit-deny",
    );
    assert.equal(await iam(r("iam:AttachUserPolicy", `arn:aws:iam::${A}:user/x`)), "explicit-deny");
    assert.equal(await iam(r("sts:AssumeRole", role("terraform/app"))), "explicit-deny");
  });

  it("policies under the path: created with the scope tag, rewritten only when tagged, the tag never changed or removed", async () => {
    const p = policy("terraform/app");
    assert.equal(await iam(r("iam:CreatePolicy", p, NEW_TAGS)), "allowed");
    assert.notEqual(await iam(r("iam:CreatePolicy", p)), "allowed");
    assert.equal(await iam(r("iam:CreatePolicyVersion", p, TAGGED)), "allowed");
    assert.notEqual(await iam(r("iam:CreatePolicyVersion", p)), "allowed");
    assert.notEqual(await iam(r("iam:CreatePolicyVersion", policy("other"), TAGGED)), "allowed");
    // CreatePolicy's tags reach iam:TagPolicy as request tags only (IAM's documented tag-on-create):
    // allowed under the path, which is also the accepted tag hop on untagged policies there.
    assert.equal(await iam(r("iam:TagPolicy", p, NEW_TAGS)), "allowed", "tag-on-create");
    assert.notEqual(await iam(r("iam:TagPolicy", policy("other"), NEW_TAGS)), "allowed", "outside the path");
    assert.equal(
      await iam(
        r("iam:TagPolicy", p, {
          ...TAGGED,
          "aws:TagKeys": ["keyless-scope"],
          "aws:RequestTag/keyless-scope": "x",
        }),
      ),
      "explicit-deny",
      "another value",
    );
    assert.equal(
      await iam(r("iam:UntagPolicy", p, { ...TAGGED, "aws:TagKeys": ["keyless-scope"] })),
      "explicit-deny",
      "removing it",
    );
    assert.equal(await iam(r("iam:TagPolicy", policy("TerraformBoundary"), NEW_TAGS)), "explicit-deny");
  });

  it("PassRole only for managed-path roles, only to EC2", async () => {
    assert.equal(
      await iam(r("iam:PassRole", role("terraform/app"), { "iam:PassedToService": "ec2.amazonaws.com" })),
      "allowed",
    );
    assert.notEqual(
      await iam(r("iam:PassRole", role("terraform/app"), { "iam:PassedToService": "lambda.amazonaws.com" })),
      "allowed",
    );
    assert.notEqual(
      await iam(r("iam:PassRole", role("Admin"), { "iam:PassedToService": "ec2.amazonaws.com" })),
      "allowed",
    );
  });

  it("follows a custom path and boundary name", async () => {
    const params = { iamPath: "/platform/tf/", permissionsBoundaryName: "PlatformBoundary" };
    const ctx = { "iam:PermissionsBoundary": policy("PlatformBoundary") };
    assert.equal(await iam(r("iam:CreateRole", role("platform/tf/app"), ctx), params), "allowed");
    assert.notEqual(await iam(r("iam:CreateRole", role("terraform/app"), ctx), params), "allowed");
    assert.notEqual(await iam(r("iam:CreateRole", role("platform/tf/app"), bounded), params), "allowed");
    assert.equal(
      await iam(r("iam:CreatePolicyVersion", policy("PlatformBoundary"), TAGGED), params),
      "explicit-deny",
    );
  });
});
