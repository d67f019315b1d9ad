/**
 * Configuration to data (finding 5), data leaving the account, backups destroyed, and what the
 * presets read that they must not (finding 9).
 */
import { A, AUDIT_KEY, ec2, fn, logGroup, OUTSIDE, R, snapshot, table } from "./arns.ts";
import type { AbuseCase } from "./types.ts";

const ssoRoleLike = `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/*`;
/** A bucket or table policy the holder wrote to grant its own role (same account: enough on its own). */
const selfGrant = (action: string, resource: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: action,
      Resource: resource,
      Condition: { ArnLike: { "aws:PrincipalArn": ssoRoleLike } },
    },
  ],
});

const data = (id: string, action: string, resource: string, title: string): AbuseCase => ({
  id,
  class: "configuration to data",
  title,
  finding: 5,
  request: { action, resource },
  guard: true,
});

export const DATA_CASES: AbuseCase[] = [
  {
    id: "D01",
    class: "configuration to data",
    title: "finding 5: write a bucket policy granting oneself, then read the objects",
    finding: 5,
    request: { action: "s3:GetObject", resource: "arn:aws:s3:::customer-data/export.csv" },
    resourcePolicy: selfGrant("s3:GetObject", "arn:aws:s3:::customer-data/*"),
    guard: true,
  },
  {
    id: "D02",
    class: "configuration to data",
    title: "finding 5: write a table resource policy granting oneself, then scan",
    finding: 5,
    request: { action: "dynamodb:Scan", resource: table("customers") },
    resourcePolicy: selfGrant("dynamodb:Scan", table("customers")),
    guard: true,
  },
  data(
    "D03",
    "dynamodb:PutResourcePolicy",
    table("customers"),
    "finding 5: a table resource policy for another account",
  ),
  {
    id: "D04",
    class: "configuration to data",
    title: "finding 5: reset a database's master password (switching off its Secrets Manager management)",
    finding: 5,
    request: {
      action: "rds:ModifyDBInstance",
      resource: `arn:aws:rds:${R}:${A}:db:payments`,
      context: { "rds:ManageMasterUserPassword": "false" },
    },
    guard: false,
  },
  {
    id: "D05",
    class: "configuration to data",
    title: "finding 5: set a new AUTH token on another team's Redis",
    finding: 5,
    request: {
      action: "elasticache:ModifyReplicationGroup",
      resource: `arn:aws:elasticache:${R}:${A}:replicationgroup:payments`,
      context: { "elasticache:AuthTokenEnabled": "true" },
    },
    guard: false,
  },
  {
    id: "D06",
    class: "configuration to data",
    title: "finding 5: give an ElastiCache user a password the holder knows",
    finding: 5,
    request: {
      action: "elasticache:ModifyUser",
      resource: `arn:aws:elasticache:${R}:${A}:user:payments-app`,
      context: { "elasticache:UserAuthenticationMode": "password" },
    },
    guard: false,
  },
  data(
    "D07",
    "secretsmanager:GetSecretValue",
    `arn:aws:secretsmanager:${R}:${A}:secret:db-AbCdEf`,
    "read a secret",
  ),
  data("D08", "ssm:GetParameter", `arn:aws:ssm:${R}:${A}:parameter/payments/api-key`, "read a parameter"),
  data(
    "D09",
    "logs:GetLogEvents",
    `${logGroup("/app/payments")}:log-stream:x`,
    "read another team's log events",
  ),
  data(
    "D10",
    "lambda:InvokeFunction",
    fn("payments-api"),
    "invoke another team's function (runs with its role)",
  ),
  data("D11", "ec2:GetPasswordData", ec2("instance", "i-0payments"), "read a Windows administrator password"),
  data("D12", "ssm:SendCommand", ec2("instance", "i-0payments"), "run a command on another team's instance"),
  data(
    "D13",
    "ecs:ExecuteCommand",
    `arn:aws:ecs:${R}:${A}:task/payments/0123456789abcdef`,
    "open a shell in another team's container",
  ),
  data(
    "D14",
    "rds-db:connect",
    `arn:aws:rds-db:${R}:${A}:dbuser:db-ABCDEFGHIJKL/app`,
    "connect to a database as a user",
  ),
  data("D15", "kinesis:GetRecords", `arn:aws:kinesis:${R}:${A}:stream/orders`, "read a stream's records"),
  data("D16", "sqs:ReceiveMessage", `arn:aws:sqs:${R}:${A}:orders`, "read a queue's messages"),
  data("D17", "ecr:BatchGetImage", `arn:aws:ecr:${R}:${A}:repository/payments`, "pull another team's image"),
  {
    id: "D18",
    class: "configuration to data",
    title: "finding 9: read API key values through API Gateway (terraform-core)",
    finding: 9,
    request: { action: "apigateway:GET", resource: `arn:aws:apigateway:${R}::/apikeys/abc123` },
    guard: false,
    presets: ["core", "storage", "compute", "iam", "networking", "database", "monitoring"],
  },
  {
    id: "S01",
    class: "sharing with another account",
    title: "share an EBS snapshot with another account",
    request: {
      action: "ec2:ModifySnapshotAttribute",
      resource: snapshot("snap-0payments"),
      context: { "ec2:Add/userId": OUTSIDE },
    },
    guard: true,
  },
  {
    id: "S02",
    class: "sharing with another account",
    title: "make an EBS snapshot public",
    request: {
      action: "ec2:ModifySnapshotAttribute",
      resource: snapshot("snap-0payments"),
      context: { "ec2:Add/group": "all" },
    },
    guard: true,
  },
  {
    id: "S03",
    class: "sharing with another account",
    title: "share an AMI (launch permission for another account)",
    request: { action: "ec2:ModifyImageAttribute", resource: `arn:aws:ec2:${R}::image/ami-0payments` },
    guard: true,
  },
  {
    id: "S04",
    class: "sharing with another account",
    title: "share an RDS snapshot with another account",
    request: {
      action: "rds:ModifyDBSnapshotAttribute",
      resource: `arn:aws:rds:${R}:${A}:snapshot:payments-1`,
    },
    guard: true,
  },
  {
    id: "S05",
    class: "sending events, logs or data out",
    title: "export a database snapshot to S3",
    request: { action: "rds:StartExportTask", resource: `arn:aws:rds:${R}:${A}:snapshot:payments-1` },
    guard: true,
  },
  {
    id: "S06",
    class: "sending events, logs or data out",
    title: "export a table to a bucket (possibly another account's)",
    request: { action: "dynamodb:ExportTableToPointInTime", resource: table("customers") },
    guard: true,
  },
  {
    id: "S07",
    class: "sending events, logs or data out",
    title: "export a log group to S3",
    request: { action: "logs:CreateExportTask", resource: logGroup("/app/payments") },
    guard: true,
  },
  {
    id: "S08",
    class: "sending events, logs or data out",
    title: "finding 5: subscribe a log group to a destination in another account",
    finding: 5,
    request: {
      action: "logs:PutSubscriptionFilter",
      resource: `arn:aws:logs:${R}:${OUTSIDE}:destination:collector`,
    },
    guard: true,
  },
  {
    id: "S09",
    class: "sending events, logs or data out",
    title: "send a rule's events to an event bus in another account",
    request: {
      action: "events:PutTargets",
      resource: `arn:aws:events:${R}:${A}:rule/payments-orders`,
      context: { "events:TargetArn": [`arn:aws:events:${R}:${OUTSIDE}:event-bus/default`] },
    },
    guard: true,
  },
  {
    id: "S10",
    class: "sharing with another account",
    title: "share a Lambda layer with another account",
    request: {
      action: "lambda:AddLayerVersionPermission",
      resource: `arn:aws:lambda:${R}:${A}:layer:shared:3`,
    },
    guard: true,
  },
  {
    id: "S11",
    class: "sharing with another account",
    title: "replicate every ECR image to another account",
    request: { action: "ecr:PutReplicationConfiguration", resource: "*" },
    guard: true,
  },
  {
    id: "S12",
    class: "sharing with another account",
    title: "peer a VPC with a VPC in another account",
    request: {
      action: "ec2:CreateVpcPeeringConnection",
      resource: ec2("vpc-peering-connection", "*"),
      context: { "ec2:AccepterVpc": `arn:aws:ec2:${R}:${OUTSIDE}:vpc/vpc-0attacker` },
    },
    guard: false,
  },
  {
    id: "S13",
    class: "sharing with another account",
    title: "accept another account's transit gateway attachment",
    request: {
      action: "ec2:AcceptTransitGatewayVpcAttachment",
      resource: ec2("transit-gateway-attachment", "tgw-attach-0x"),
    },
    guard: false,
  },
  {
    id: "S14",
    class: "sharing with another account",
    title: "share subnets or a transit gateway through RAM",
    request: { action: "ram:CreateResourceShare", resource: "*" },
    guard: false,
  },
  {
    id: "S15",
    class: "sharing with another account",
    title: "let another account attach to this account's network interface",
    request: {
      action: "ec2:CreateNetworkInterfacePermission",
      resource: ec2("network-interface", "eni-0payments"),
    },
    guard: false,
  },
  {
    id: "S16",
    class: "sharing with another account",
    title: "open a PrivateLink endpoint service to another account",
    request: {
      action: "ec2:ModifyVpcEndpointServicePermissions",
      resource: ec2("vpc-endpoint-service", "vpce-svc-0payments"),
    },
    guard: false,
  },
  {
    id: "S17",
    class: "sending events, logs or data out",
    title: "a new CloudTrail trail that delivers every event to another account's bucket",
    request: { action: "cloudtrail:CreateTrail", resource: `arn:aws:cloudtrail:${R}:${A}:trail/exfil` },
    guard: false,
  },
  {
    id: "S18",
    class: "sharing with another account",
    title: "copy a Redis snapshot out to S3",
    request: {
      action: "elasticache:CopySnapshot",
      resource: `arn:aws:elasticache:${R}:${A}:snapshot:payments`,
    },
    guard: true,
  },
  {
    id: "B01",
    class: "destroying backups",
    title: "delete a database snapshot",
    request: { action: "rds:DeleteDBSnapshot", resource: `arn:aws:rds:${R}:${A}:snapshot:payments-1` },
    guard: true,
  },
  {
    id: "B02",
    class: "destroying backups",
    title: "delete a database's automated backups",
    request: {
      action: "rds:DeleteDBInstanceAutomatedBackup",
      resource: `arn:aws:rds:${R}:${A}:auto-backup:ab-0123456789abcdef`,
    },
    guard: true,
  },
  {
    id: "B03",
    class: "destroying backups",
    title: "delete a DynamoDB backup",
    request: {
      action: "dynamodb:DeleteBackup",
      resource: `${table("customers")}/backup/01234567890123-abcdefgh`,
    },
    guard: true,
  },
  {
    id: "B04",
    class: "destroying backups",
    title: "delete an AWS Backup recovery point",
    request: {
      action: "backup:DeleteRecoveryPoint",
      resource: `arn:aws:backup:${R}:${A}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`,
    },
    guard: true,
  },
  {
    id: "B05",
    class: "destroying backups",
    title: "delete an AWS Backup vault",
    request: {
      action: "backup:DeleteBackupVault",
      resource: `arn:aws:backup:${R}:${A}:backup-vault:central`,
    },
    guard: true,
  },
  {
    id: "B06",
    class: "destroying backups",
    title: "delete a Redis snapshot",
    request: {
      action: "elasticache:DeleteSnapshot",
      resource: `arn:aws:elasticache:${R}:${A}:snapshot:payments`,
    },
    guard: true,
  },
  {
    id: "B07",
    class: "destroying backups",
    title: "delete another team's EBS snapshot",
    request: { action: "ec2:DeleteSnapshot", resource: snapshot("snap-0payments") },
    guard: false,
  },
  {
    id: "V01",
    class: "configuration to data",
    title: "snapshot another team's volume (to attach a copy elsewhere)",
    request: { action: "ec2:CreateSnapshot", resource: ec2("volume", "vol-0payments") },
    guard: false,
  },
  {
    id: "V02",
    class: "configuration to data",
    title: "create a volume from another team's snapshot",
    request: { action: "ec2:CreateVolume", resource: snapshot("snap-0payments") },
    guard: false,
  },
  {
    id: "V03",
    class: "configuration to data",
    title: "attach another team's volume to the holder's instance",
    request: { action: "ec2:AttachVolume", resource: ec2("volume", "vol-0payments") },
    guard: false,
  },
  {
    id: "V04",
    class: "configuration to data",
    title: "mount another team's file system in a subnet the holder reaches",
    request: {
      action: "elasticfilesystem:CreateMountTarget",
      resource: `arn:aws:elasticfilesystem:${R}:${A}:file-system/fs-0payments`,
    },
    guard: false,
  },
  {
    id: "V05",
    class: "sharing with another account",
    title: "a file system policy that lets another account mount it",
    request: {
      action: "elasticfilesystem:PutFileSystemPolicy",
      resource: `arn:aws:elasticfilesystem:${R}:${A}:file-system/fs-0payments`,
    },
    guard: false,
  },
  {
    id: "V06",
    class: "configuration to data",
    title: "use the audit trail's KMS key grants to decrypt (a grant for oneself)",
    request: { action: "kms:CreateGrant", resource: AUDIT_KEY },
    guard: true,
  },
];
