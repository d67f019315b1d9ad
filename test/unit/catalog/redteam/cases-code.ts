/**
 * Code that runs with somebody else's role (findings 3 and 4), and the tag hops that would bring
 * somebody else's resource into the scope tag's fence.
 */
import { SCOPE_TAG } from "../../../../src/catalog/defaults.ts";
import { apiTags, ec2, ecr, elb, fn, iamPolicy, OUTSIDE, TAGGED } from "./arns.ts";
import type { AbuseCase } from "./types.ts";

const addScope = { "aws:TagKeys": [SCOPE_TAG.key], [`aws:RequestTag/${SCOPE_TAG.key}`]: SCOPE_TAG.value };
const removeScope = { "aws:TagKeys": [SCOPE_TAG.key] };

export const CODE_CASES: AbuseCase[] = [
  {
    id: "X01",
    class: "code execution",
    title: "finding 3: new code on another team's function (runs with its role)",
    finding: 3,
    request: { action: "lambda:UpdateFunctionCode", resource: fn("payments-api") },
    guard: false,
  },
  {
    id: "X02",
    class: "code execution",
    title: "finding 3: a layer plus AWS_LAMBDA_EXEC_WRAPPER on another team's function",
    finding: 3,
    request: {
      action: "lambda:UpdateFunctionConfiguration",
      resource: fn("payments-api"),
      context: { "lambda:Layer": [`arn:aws:lambda:eu-central-1:${OUTSIDE}:layer:wrapper:1`] },
    },
    guard: false,
  },
  {
    id: "X03",
    class: "code execution",
    title: "finding 3: a public function URL on another team's function",
    finding: 3,
    request: {
      action: "lambda:CreateFunctionUrlConfig",
      resource: fn("payments-api"),
      context: { "lambda:FunctionUrlAuthType": "NONE" },
    },
    guard: false,
  },
  {
    id: "X04",
    class: "sharing with another account",
    title: "finding 3: let another account invoke a function (resource policy)",
    finding: 3,
    request: {
      action: "lambda:AddPermission",
      resource: fn("payments-api"),
      context: { "lambda:Principal": OUTSIDE },
    },
    guard: false,
  },
  {
    id: "X05",
    class: "sharing with another account",
    title: "make even a Terraform-managed function invocable by everyone (Principal *)",
    request: {
      action: "lambda:AddPermission",
      resource: fn("own-api"),
      context: { ...TAGGED, "lambda:Principal": "*" },
    },
    guard: false,
  },
  {
    id: "X06",
    class: "code execution",
    title: "finding 4: new user data on another team's instance (runs as its role at the next start)",
    finding: 4,
    request: {
      action: "ec2:ModifyInstanceAttribute",
      resource: ec2("instance", "i-0payments"),
      context: { "ec2:Attribute": "userData" },
    },
    guard: false,
  },
  {
    id: "X07",
    class: "code execution",
    title: "finding 4: stop and start another team's instance to run the new user data",
    finding: 4,
    request: { action: "ec2:StartInstances", resource: ec2("instance", "i-0payments") },
    guard: false,
  },
  {
    id: "X08",
    class: "code execution",
    title: "finding 4: a new launch template version for another team's Auto Scaling group",
    finding: 4,
    request: { action: "ec2:CreateLaunchTemplateVersion", resource: ec2("launch-template", "lt-0payments") },
    guard: false,
  },
  {
    id: "X09",
    class: "code execution",
    title: "finding 4: switch another team's instance back to IMDSv1 (credential theft by SSRF)",
    finding: 4,
    request: { action: "ec2:ModifyInstanceMetadataOptions", resource: ec2("instance", "i-0payments") },
    guard: false,
  },
  {
    id: "X10",
    class: "code execution",
    title: "swap the instance profile of another team's instance",
    request: { action: "ec2:ReplaceIamInstanceProfileAssociation", resource: ec2("instance", "i-0payments") },
    guard: false,
  },
  {
    id: "T01",
    class: "tag hop",
    title: "finding 3: tag another team's function into scope, then update its code",
    finding: 3,
    request: { action: "lambda:TagResource", resource: fn("payments-api"), context: addScope },
    guard: true,
  },
  {
    id: "T02",
    class: "tag hop",
    title: "remove the scope tag from a managed function",
    request: {
      action: "lambda:UntagResource",
      resource: fn("own-api"),
      context: { ...TAGGED, ...removeScope },
    },
    guard: true,
  },
  {
    id: "T03",
    class: "tag hop",
    title: "tag another team's instance into scope (no ec2:CreateAction: not a creation)",
    finding: 4,
    request: { action: "ec2:CreateTags", resource: ec2("instance", "i-0payments"), context: addScope },
    guard: true,
  },
  {
    id: "T04",
    class: "tag hop",
    title: "remove the scope tag from a managed instance",
    request: { action: "ec2:DeleteTags", resource: ec2("instance", "i-0own"), context: removeScope },
    guard: true,
  },
  {
    id: "T05",
    class: "tag hop",
    title: "tag any resource into scope through the Resource Groups Tagging API",
    request: { action: "tag:TagResources", resource: "*", context: addScope },
    guard: true,
  },
  {
    id: "T06",
    class: "tag hop",
    title: "tag another team's load balancer into scope",
    request: {
      action: "elasticloadbalancing:AddTags",
      resource: elb("loadbalancer/app", "payments/0123456789abcdef"),
      context: addScope,
    },
    guard: true,
  },
  {
    id: "T07",
    class: "tag hop",
    title: "tag a policy under the path into scope, then rewrite it",
    request: { action: "iam:TagPolicy", resource: iamPolicy("terraform/legacy"), context: addScope },
    guard: true,
    // terraform-iam creates policies, whose tags IAM shows only as request tags: its copy of the
    // guardrail allows this (src/catalog/accepted-reach.ts, tag-hop/iam-tag-policy).
    presets: ["core", "storage", "compute", "networking", "database", "serverless", "monitoring"],
  },
  {
    id: "T08",
    class: "tag hop",
    title: "change a managed function's scope tag to another value (takes it out of the fence's audit)",
    request: {
      action: "lambda:TagResource",
      resource: fn("own-api"),
      context: { ...TAGGED, "aws:TagKeys": [SCOPE_TAG.key], [`aws:RequestTag/${SCOPE_TAG.key}`]: "other" },
    },
    guard: true,
  },
  {
    id: "T09",
    class: "tag hop",
    title: "tag another team's ECR repository into scope, then open its repository policy",
    finding: 5,
    request: { action: "ecr:TagResource", resource: ecr("payments"), context: addScope },
    guard: true,
  },
  {
    id: "T10",
    class: "tag hop",
    title: "tag another team's REST API into scope (PUT /tags), then rewrite its resource policy",
    finding: 5,
    request: { action: "apigateway:PUT", resource: apiTags("payments1"), context: addScope },
    guard: true,
  },
  {
    id: "T11",
    class: "tag hop",
    title: "remove the scope tag from a managed REST API",
    request: { action: "apigateway:DELETE", resource: apiTags("own1"), context: removeScope },
    guard: true,
  },
];
