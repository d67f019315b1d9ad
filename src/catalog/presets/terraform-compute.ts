/** terraform-compute: EC2 instances and their launch setup, Auto Scaling, load balancers, Lambda, ECS, ECR. */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { LAMBDA_GRANT, lambdaStatements } from "../lambda-actions.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow, passRole, serviceLinkedRoles } from "../statements.ts";
import type { Preset } from "../types.ts";

export const terraformCompute: Preset = {
  name: "terraform-compute",
  shortName: "compute",
  purpose:
    "EC2 instances, launch templates, Auto Scaling and load balancers, Lambda functions, ECS and ECR repositories",
  services: ["EC2 (instances)", "Auto Scaling", "Elastic Load Balancing", "Lambda", "ECS", "ECR"],
  grants: [
    "EC2 instances: run, start, stop, reboot, terminate, modify; launch templates; key pairs; placement groups; instance profile association; tags",
    "Auto Scaling groups, policies, hooks, warm pools and instance refresh",
    "Elastic Load Balancing: load balancers, listeners, rules, target groups and their registration",
    LAMBDA_GRANT,
    "ECS clusters, services, task definitions, capacity providers (no RunTask, StartTask or ExecuteCommand)",
    "ECR repositories, their policies, lifecycle and scanning settings (no image push or pull)",
    "iam:PassRole to ec2, lambda and ecs-tasks, for roles under the managed IAM path only",
    "the planning read set of EC2, Auto Scaling, ELB, Lambda, ECS and ECR",
  ],
  notGranted: [
    "ec2:GetPasswordData and ec2:GetConsoleOutput (they read secrets and instance output)",
    "lambda:InvokeFunction, ecs:ExecuteCommand, ecs:RunTask (running workloads is not infrastructure management)",
    "security groups and network interfaces (terraform-networking), EBS volumes (terraform-storage)",
  ],
  denies: [...COMMON_DENIALS],
  parameters: ["iamPath", "allowedRegions", "stateBucket"],
  render(p) {
    return assemble(
      [
        allow("PlanningRead", readActions("compute")),
        allow("Ec2Instances", [
          "ec2:RunInstances",
          "ec2:StartInstances",
          "ec2:StopInstances",
          "ec2:RebootInstances",
          "ec2:TerminateInstances",
          "ec2:ModifyInstance*",
          "ec2:MonitorInstances",
          "ec2:UnmonitorInstances",
          "ec2:*LaunchTemplate*",
          "ec2:CreateKeyPair",
          "ec2:ImportKeyPair",
          "ec2:DeleteKeyPair",
          "ec2:*PlacementGroup",
          "ec2:AssociateIamInstanceProfile",
          "ec2:DisassociateIamInstanceProfile",
          "ec2:ReplaceIamInstanceProfileAssociation",
          "ec2:CreateTags",
          "ec2:DeleteTags",
        ]),
        allow("AutoScalingAndLoadBalancing", [
          "autoscaling:Create*",
          "autoscaling:Update*",
          "autoscaling:Delete*",
          "autoscaling:Put*",
          "autoscaling:Attach*",
          "autoscaling:Detach*",
          "autoscaling:Set*",
          "autoscaling:*Processes",
          "autoscaling:*MetricsCollection",
          "autoscaling:*InstanceRefresh",
          "elasticloadbalancing:Create*",
          "elasticloadbalancing:Delete*",
          "elasticloadbalancing:Modify*",
          "elasticloadbalancing:Register*",
          "elasticloadbalancing:Deregister*",
          "elasticloadbalancing:Set*",
          "elasticloadbalancing:Add*",
          "elasticloadbalancing:Remove*",
        ]),
        ...lambdaStatements(),
        allow("EcsAndEcr", [
          "ecs:Create*",
          "ecs:Update*",
          "ecs:Delete*",
          "ecs:RegisterTaskDefinition",
          "ecs:DeregisterTaskDefinition",
          "ecs:PutClusterCapacityProviders",
          "ecs:PutAccountSetting*",
          "ecs:TagResource",
          "ecs:UntagResource",
          "ecr:CreateRepository",
          "ecr:DeleteRepository",
          "ecr:*RepositoryPolicy",
          "ecr:*LifecyclePolicy",
          "ecr:PutImageTagMutability",
          "ecr:PutImageScanningConfiguration",
          "ecr:TagResource",
          "ecr:UntagResource",
        ]),
        passRole(iamPathOf(p), ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]),
        serviceLinkedRoles([
          "autoscaling.amazonaws.com",
          "ecs.amazonaws.com",
          "elasticloadbalancing.amazonaws.com",
        ]),
      ],
      p,
      commonNotes(p),
    );
  },
};
