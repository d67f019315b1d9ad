/** Redirecting traffic and names, and taking over what fronts other teams' services. */
import { A, ec2, elb, R } from "./arns.ts";
import type { AbuseCase } from "./types.ts";

const net = (id: string, action: string, resource: string, title: string): AbuseCase => ({
  id,
  class: "redirecting traffic or names",
  title,
  request: { action, resource },
  guard: false,
});
const front = (id: string, action: string, resource: string, title: string): AbuseCase => ({
  id,
  class: "taking over what fronts other teams",
  title,
  request: { action, resource },
  guard: false,
});

export const NETWORK_CASES: AbuseCase[] = [
  net(
    "N01",
    "route53:ChangeResourceRecordSets",
    "arn:aws:route53:::hostedzone/Z0123456789PAYMENTS",
    "point another team's DNS name at the holder's endpoint",
  ),
  net(
    "N02",
    "ec2:ReplaceRoute",
    ec2("route-table", "rtb-0payments"),
    "send another team's default route through the holder's instance",
  ),
  net(
    "N03",
    "ec2:CreateRoute",
    ec2("route-table", "rtb-0payments"),
    "add a more specific route in another team's route table",
  ),
  net(
    "N04",
    "ec2:AssociateDhcpOptions",
    ec2("vpc", "vpc-0payments"),
    "give another team's VPC the holder's DNS servers",
  ),
  net(
    "N05",
    "ec2:AssociateAddress",
    ec2("elastic-ip", "eipalloc-0payments"),
    "move another team's Elastic IP to the holder's instance",
  ),
  net(
    "N06",
    "ec2:AuthorizeSecurityGroupIngress",
    ec2("security-group", "sg-0payments"),
    "open another team's database to 0.0.0.0/0",
  ),
  net(
    "N07",
    "ec2:ModifyVpcEndpoint",
    ec2("vpc-endpoint", "vpce-0payments"),
    "replace another team's endpoint policy",
  ),
  net(
    "N08",
    "ec2:ReplaceNetworkAclEntry",
    ec2("network-acl", "acl-0payments"),
    "open another team's network ACL",
  ),
  net(
    "N09",
    "ec2:CreateVpcEndpoint",
    ec2("route-table", "rtb-0payments"),
    "a gateway endpoint in another team's route tables (its S3 traffic through the holder's policy)",
  ),
  net(
    "N10",
    "ec2:ModifyNetworkInterfaceAttribute",
    ec2("network-interface", "eni-0payments"),
    "swap the security groups of another team's interface",
  ),
  net(
    "N11",
    "cloudfront:UpdateDistribution",
    `arn:aws:cloudfront::${A}:distribution/E0PAYMENTS`,
    "point another team's CDN at the holder's origin",
  ),
  net(
    "N12",
    "ec2:DeleteRouteTable",
    ec2("route-table", "rtb-0payments"),
    "delete another team's route table",
  ),
  front(
    "L01",
    "elasticloadbalancing:ModifyListener",
    elb("listener/app", "payments/0123456789abcdef/fedcba9876543210"),
    "forward another team's listener to the holder's target group",
  ),
  front(
    "L02",
    "elasticloadbalancing:CreateRule",
    elb("listener/app", "payments/0123456789abcdef/fedcba9876543210"),
    "a higher-priority rule on another team's listener",
  ),
  front(
    "L03",
    "elasticloadbalancing:RegisterTargets",
    elb("targetgroup", "payments/0123456789abcdef"),
    "register the holder's instance in another team's target group",
  ),
  front(
    "L04",
    "elasticloadbalancing:DeleteLoadBalancer",
    elb("loadbalancer/app", "payments/0123456789abcdef"),
    "delete another team's load balancer",
  ),
  front(
    "L05",
    "ecs:UpdateService",
    `arn:aws:ecs:${R}:${A}:service/payments/api`,
    "run the holder's task definition in another team's ECS service",
  ),
  front("L06", "ecs:CreateTaskSet", "*", "a task set with the holder's code behind another team's service"),
  front(
    "L07",
    "lambda:UpdateAlias",
    `arn:aws:lambda:${R}:${A}:function:payments-api`,
    "point another team's live alias at an old, vulnerable version",
  ),
  front(
    "L08",
    "lambda:PutFunctionConcurrency",
    `arn:aws:lambda:${R}:${A}:function:payments-api`,
    "throttle another team's function to zero",
  ),
  {
    id: "M01",
    class: "taking over what fronts other teams",
    title: "an alarm that terminates another team's instances",
    request: {
      action: "cloudwatch:PutMetricAlarm",
      resource: `arn:aws:cloudwatch:${R}:${A}:alarm:cpu`,
      context: { "cloudwatch:AlarmActions": [`arn:aws:automate:${R}:ec2:terminate`] },
    },
    guard: false,
  },
  {
    id: "G01",
    class: "region",
    title: "build in a region the organisation does not use",
    request: { action: "ec2:RunInstances", resource: `arn:aws:ec2:us-west-2:${A}:instance/*` },
    guard: true,
  },
];
