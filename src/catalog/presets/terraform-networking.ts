/** terraform-networking: VPCs, subnets, security groups, route tables, gateways, endpoints. */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow, passRole } from "../statements.ts";
import type { Preset } from "../types.ts";

export const terraformNetworking: Preset = {
  name: "terraform-networking",
  shortName: "networking",
  purpose: "VPCs, subnets, security groups, route tables, gateways, VPC endpoints and network ACLs",
  services: ["VPC (EC2 networking)"],
  grants: [
    "VPCs, their CIDR blocks, endpoints and peering connections (ec2:*Vpc*)",
    "subnets, security groups and their rules, route tables and routes, network ACLs, DHCP options",
    "internet, egress-only, NAT, transit, VPN and customer gateways; VPN connections",
    "Elastic IPs (allocate, release, associate), managed prefix lists, network interfaces and their private IPs",
    "VPC flow logs, with iam:PassRole to vpc-flow-logs.amazonaws.com for roles under the managed IAM path only",
    "ec2:CreateTags/DeleteTags and the planning read set of EC2 networking",
  ],
  notGranted: [
    "Route 53 zones and records, load balancers (terraform-compute), CloudFront",
    "instances and volumes (terraform-compute, terraform-storage)",
  ],
  denies: [...COMMON_DENIALS],
  parameters: ["iamPath", "allowedRegions", "stateBucket"],
  render(p) {
    return assemble(
      [
        allow("PlanningRead", readActions("networking")),
        allow("VpcNetworking", [
          "ec2:*Vpc*",
          "ec2:*Subnet*",
          "ec2:*SecurityGroup*",
          "ec2:*Route*",
          "ec2:*Gateway*",
          "ec2:*NetworkAcl*",
          "ec2:*DhcpOptions*",
          "ec2:*VpnConnection*",
          "ec2:*ManagedPrefixList*",
          "ec2:*NetworkInterface*",
          "ec2:AllocateAddress",
          "ec2:ReleaseAddress",
          "ec2:AssociateAddress",
          "ec2:DisassociateAddress",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
          "ec2:AssignIpv6Addresses",
          "ec2:UnassignIpv6Addresses",
          "ec2:CreateFlowLogs",
          "ec2:DeleteFlowLogs",
          "ec2:CreateTags",
          "ec2:DeleteTags",
        ]),
        passRole(iamPathOf(p), ["vpc-flow-logs.amazonaws.com"]),
      ],
      p,
      commonNotes(p),
    );
  },
};
