/**
 * terraform-networking: VPCs, subnets, security groups, route tables, gateways, endpoints, flow logs.
 *
 * Routes, security group rules, network ACLs, DHCP options, Elastic IPs and attachments decide
 * where other teams' traffic goes and who reaches their services. So a change to an existing
 * network resource (and creating something inside one, such as a subnet in a VPC or an endpoint in
 * a route table) needs the scope tag on that resource (set at creation only: scope-tag.ts); new
 * resources themselves are allowed by their own ARN type, statement by statement, so that one
 * action's new resource type never opens another action's parent. Peering and transit gateway
 * attachments from other accounts cannot be accepted.
 */
import { iamPathOf } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { GUARDRAIL_PARAMETERS } from "../parameters.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { onTagged } from "../scope-tag.ts";
import { allow, passRole } from "../statements.ts";
import type { Preset } from "../types.ts";

const ec2 = (...types: string[]): string[] => types.map((t) => `arn:aws:ec2:*:*:${t}/*`);

/**
 * Everything on existing network resources, and creating inside them (their parents are checked as
 * resources of the create call): only on tagged ones. Wildcards stay inside the networking nouns;
 * interface permissions (sharing an interface with another account) are left out. Peering and
 * transit gateway attachments from other accounts stay out of reach: their resources would need the
 * scope tag in this account, which only creation can set.
 */
const OF_MANAGED = [
  "ec2:*Vpc*",
  "ec2:*Subnet*",
  "ec2:*SecurityGroup*",
  "ec2:*Route*",
  "ec2:*InternetGateway*",
  "ec2:*NatGateway*",
  "ec2:*NetworkAcl*",
  "ec2:*DhcpOptions*",
  "ec2:*ManagedPrefixList*",
  "ec2:*NetworkInterface",
  "ec2:ModifyNetworkInterfaceAttribute",
  "ec2:*Address*",
  "ec2:*TransitGateway*",
  "ec2:*VpnGateway*",
  "ec2:*VpnConnection*",
  "ec2:*CustomerGateway*",
  "ec2:*FlowLogs",
];

export const terraformNetworking: Preset = {
  name: "terraform-networking",
  shortName: "networking",
  purpose: "VPCs, subnets, security groups, route tables, gateways, VPC endpoints and network ACLs",
  services: ["VPC (EC2 networking)", "CloudWatch Logs (flow log delivery)"],
  grants: [
    "new VPCs, internet, transit, VPN and customer gateways, DHCP options, prefix lists and Elastic IPs",
    "subnets, security groups, route tables, network ACLs, endpoints, NAT and egress-only gateways, interfaces, attachments and flow logs inside tagged VPCs, subnets and gateways",
    "changes to and deletion of tagged network resources: routes and associations, security group rules, ACL entries, DHCP association, endpoint settings, addresses, transit gateway routes, VPN connections",
    "flow log delivery to S3 and CloudWatch Logs (logs:CreateLogDelivery), with iam:PassRole to vpc-flow-logs.amazonaws.com for roles under the managed IAM path only",
    "ec2:CreateTags/DeleteTags (the scope tag only at creation) and the planning read set of EC2 networking",
  ],
  notGranted: [
    "changes to network resources without the scope tag: the default VPC, other teams' VPCs, route tables, security groups, Elastic IPs, and the main route table, default security group and default network ACL AWS creates with a VPC (untagged, and the tag cannot be added later: manage them with aws_route_table and aws_security_group of your own, or from a set with an extra statement)",
    "VPC peering, accepting transit gateway or endpoint connections, endpoint service permissions, network interface permissions, RAM shares (connecting to other accounts: add deliberately)",
    "Route 53 zones and records, load balancers (terraform-compute), CloudFront",
    "instances and volumes (terraform-compute, terraform-storage)",
  ],
  denies: [...COMMON_DENIALS],
  cannotPrevent: [
    "flow logs of a tagged VPC delivered to a bucket in another account (CreateFlowLogs has no key for the destination; the delivery is made by the log service, not the caller). Network metadata only. Closes with: review of aws_flow_log destinations; an SCP on ec2:CreateFlowLogs for accounts that must not export at all.",
    "a VPN connection from a tagged VPC to a customer gateway anywhere on the internet (no key for the gateway's IP). Closes with: an SCP denying ec2:CreateVpnConnection and ec2:CreateCustomerGateway outside the network account.",
  ],
  parameters: GUARDRAIL_PARAMETERS,
  render(p) {
    return assemble(
      [
        allow("Networking", [
          ...readActions("networking"),
          "ec2:CreateTags",
          "ec2:DeleteTags",
          "logs:CreateLogDelivery",
          "logs:DeleteLogDelivery",
        ]),
        allow(
          "NewNetworkRoots",
          [
            "ec2:CreateVpc",
            "ec2:CreateTransitGateway",
            "ec2:CreateCustomerGateway",
            "ec2:CreateVpnGateway",
            "ec2:AllocateAddress",
            "ec2:CreateInternetGateway",
            "ec2:CreateDhcpOptions",
            "ec2:CreateManagedPrefixList",
          ],
          ec2(
            "vpc",
            "transit-gateway",
            "customer-gateway",
            "vpn-gateway",
            "elastic-ip",
            "internet-gateway",
            "dhcp-options",
            "prefix-list",
          ),
        ),
        allow(
          "NewInVpc",
          ["ec2:CreateSubnet", "ec2:CreateSecurityGroup", "ec2:CreateRouteTable"],
          ec2("subnet", "security-group", "route-table"),
        ),
        allow("NewInterfaces", ["ec2:CreateNetworkInterface"], ec2("network-interface")),
        allow("NewFlowLogs", ["ec2:CreateFlowLogs"], ec2("vpc-flow-log")),
        allow(
          "NewAttachments",
          [
            "ec2:CreateNatGateway",
            "ec2:CreateNetworkAcl",
            "ec2:CreateVpcEndpoint",
            "ec2:CreateEgressOnlyInternetGateway",
            "ec2:CreateTransitGatewayRouteTable",
            "ec2:CreateTransitGatewayVpcAttachment",
            "ec2:CreateVpnConnection",
          ],
          ec2(
            "natgateway",
            "network-acl",
            "vpc-endpoint",
            "egress-only-internet-gateway",
            "transit-gateway-route-table",
            "transit-gateway-attachment",
            "vpn-connection",
          ),
        ),
        onTagged("NetworkOfManaged", OF_MANAGED),
        // A new rule is authorized on its security group (NetworkOfManaged: tagged groups only) and
        // on the new security-group-rule, which can carry request tags only.
        allow(
          "NewSecurityGroupRules",
          ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress"],
          ec2("security-group-rule"),
        ),
        passRole(iamPathOf(p), ["vpc-flow-logs.amazonaws.com"]),
      ],
      p,
      commonNotes(p),
    );
  },
};
