/**
 * terraform-compute: EC2 instances and their launch setup, Auto Scaling, load balancers, Lambda, ECS, ECR.
 *
 * What runs on an existing instance or behind an existing load balancer or service belongs to
 * whoever created it: user data, metadata options, instance profiles, stop/start, launch template
 * versions, listeners, rules, target registration and ECS service updates are allowed only on
 * resources tagged as Terraform-managed (the tag is set at creation only: scope-tag.ts).
 */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import {
  LAMBDA_GRANT,
  LAMBDA_MANAGE,
  LAMBDA_NOT_GRANTED,
  LAMBDA_OF_MANAGED,
  lambdaPermissions,
} from "../lambda-actions.ts";
import { objectBucketNote, objectReads } from "../object-buckets.ts";
import { GUARDRAIL_PARAMETERS } from "../parameters.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { onTagged } from "../scope-tag.ts";
import { allow, kmsViaService, passRole, serviceLinkedRoles } from "../statements.ts";
import type { Preset } from "../types.ts";

const EC2_LAUNCH = [
  "ec2:RunInstances",
  // Root volume size and type (finding 8): a resize is no way into a volume's data, and root
  // volumes do not always carry the instance's tags.
  "ec2:ModifyVolume",
  "ec2:CreateLaunchTemplate",
  "ec2:CreateKeyPair",
  "ec2:ImportKeyPair",
  "ec2:DeleteKeyPair",
  "ec2:CreatePlacementGroup",
  "ec2:DeletePlacementGroup",
  "ec2:*Tags",
];

/** What runs on an existing instance and with which role. */
const EC2_OF_MANAGED = [
  "ec2:StartInstances",
  "ec2:StopInstances",
  "ec2:RebootInstances",
  "ec2:TerminateInstances",
  "ec2:ModifyInstance*",
  "ec2:MonitorInstances",
  "ec2:UnmonitorInstances",
  "ec2:*IamInstanceProfile*",
  "ec2:*LaunchTemplate*",
  // An instance's data volumes (aws_ebs_volume + aws_volume_attachment): Create, Attach, Detach,
  // Delete (and ImportVolume, which has no resource to carry the tag) on tagged volumes and instances
  // only; a volume from a snapshot only from a tagged snapshot (a resource of CreateVolume too).
  "ec2:*Volume",
];

/**
 * The Auto Scaling domain as a whole: its groups carry no key that tells tag-on-create from later
 * tagging, so they cannot be fenced by the scope tag (see cannotPrevent).
 */
const AUTOSCALING = ["autoscaling:*"];

/** Where an existing load balancer sends traffic: listeners, rules, targets. */
const LB_OF_MANAGED = [
  "elasticloadbalancing:CreateListener",
  "elasticloadbalancing:CreateRule",
  "elasticloadbalancing:Modify*",
  "elasticloadbalancing:Delete*",
  "elasticloadbalancing:Set*",
  "elasticloadbalancing:Register*",
  "elasticloadbalancing:Deregister*",
  "elasticloadbalancing:*ListenerCertificates",
];

const ECS_AND_ECR = [
  "ecs:CreateCluster",
  "ecs:CreateService",
  "ecs:CreateCapacityProvider",
  "ecs:RegisterTaskDefinition",
  "ecs:DeregisterTaskDefinition",
  "ecs:PutAccountSetting*",
  "ecs:*TagResource",
  // ECR authorizes tags given at creation on CreateRepository itself (aws:RequestTag), so
  // ecr:TagResource only ever tags existing repositories: the scope tag guardrail denies it.
  "ecr:CreateRepository",
  "ecr:*TagResource",
];

/** Which task definition an existing service runs, its task sets, its cluster. */
const ECS_OF_MANAGED = ["ecs:Update*", "ecs:Delete*", "ecs:PutClusterCapacityProviders", "ecs:*TaskSet"];

/** Who may push and pull an existing repository, and what happens to its images. */
const ECR_OF_MANAGED = [
  "ecr:DeleteRepository",
  "ecr:*RepositoryPolicy",
  "ecr:*LifecyclePolicy",
  "ecr:PutImageTagMutability",
  "ecr:PutImageScanningConfiguration",
];

export const terraformCompute: Preset = {
  name: "terraform-compute",
  shortName: "compute",
  purpose:
    "EC2 instances, launch templates, Auto Scaling and load balancers, Lambda functions, ECS and ECR repositories",
  services: ["EC2 (instances)", "Auto Scaling", "Elastic Load Balancing", "Lambda", "ECS", "ECR"],
  grants: [
    "EC2: run instances, create launch templates, key pairs and placement groups, tags (the scope tag only at creation)",
    "on instances and launch templates tagged keyless-scope=terraform: start, stop, reboot, terminate, modify (user data, metadata options, type), instance profiles, new launch template versions",
    "ec2:ModifyVolume (root and data volume size and type); data volumes: create (from tagged snapshots only), attach, detach and delete tagged volumes on tagged instances",
    "customer-managed KMS keys for EBS through EC2 only (kms:ViaService), grants only for AWS resources",
    "Auto Scaling (autoscaling:*): groups, launch configurations, policies, hooks, warm pools and instance refresh",
    "Elastic Load Balancing: create load balancers and target groups; listeners, rules, target registration, changes and deletion only on tagged ones",
    LAMBDA_GRANT,
    "reading Lambda and ECS artifacts from catalog.objectBuckets",
    "ECS: clusters, services, task definitions, capacity providers; service and cluster changes only on tagged ones (no RunTask, StartTask or ExecuteCommand)",
    "ECR: create repositories; their policies, lifecycle and scanning settings and deletion only on repositories tagged keyless-scope=terraform (no image push or pull)",
    "iam:PassRole to ec2, lambda and ecs-tasks, for roles under the managed IAM path only",
    "the planning read set of EC2, Auto Scaling, ELB, Lambda, ECS and ECR",
  ],
  notGranted: [
    "changes to instances, launch templates, load balancers, ECS services, ECR repositories and Lambda functions that do not carry the scope tag",
    "ec2:GetPasswordData and ec2:GetConsoleOutput (they read secrets and instance output; also denied)",
    "lambda:InvokeFunction, ecs:ExecuteCommand, ecs:RunTask (running workloads is not infrastructure management)",
    LAMBDA_NOT_GRANTED,
    "security groups and network interfaces (terraform-networking), EBS snapshots (terraform-storage)",
  ],
  denies: [...COMMON_DENIALS],
  cannotPrevent: [
    "another team's Auto Scaling groups in the same account: a group can be pointed at the holder's launch template or attached to another team's target group (Auto Scaling's tag-on-create carries no key that tells creation from later tagging). New instances still get only roles under the managed path. Closes with: one account per team.",
    "a repository policy on the set's own repositories that lets another account push or pull (policy content has no key). Closes with: the RCP that denies ECR access to principals outside the organization.",
    "an event source mapping that feeds a queue or stream into another team's function (CreateEventSourceMapping has no function resource).",
    "what the holder's own workloads do: code on a new function, instance or task runs with a role under the managed path, capped only by the permissions boundary.",
  ],
  parameters: GUARDRAIL_PARAMETERS,
  render(p) {
    return assemble(
      [
        allow("Compute", [
          ...readActions("compute"),
          ...EC2_LAUNCH,
          ...AUTOSCALING,
          "elasticloadbalancing:CreateLoadBalancer",
          "elasticloadbalancing:CreateTargetGroup",
          "elasticloadbalancing:*Tags",
          ...LAMBDA_MANAGE,
          ...ECS_AND_ECR,
        ]),
        onTagged("ComputeOfManaged", [
          ...EC2_OF_MANAGED,
          ...LB_OF_MANAGED,
          ...LAMBDA_OF_MANAGED,
          ...ECS_OF_MANAGED,
          ...ECR_OF_MANAGED,
        ]),
        allow("NewVolumes", ["ec2:CreateVolume"], "arn:aws:ec2:*:*:volume/*"),
        lambdaPermissions(),
        kmsViaService("EbsKeysViaEc2", ["ec2"]),
        ...objectReads(p),
        passRole(iamPathOf(p), ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]),
        serviceLinkedRoles([
          "autoscaling.amazonaws.com",
          "ecs.amazonaws.com",
          "elasticloadbalancing.amazonaws.com",
        ]),
      ],
      p,
      [...commonNotes(p), ...objectBucketNote(p)],
    );
  },
};
