/**
 * terraform-iam: roles, instance profiles and policies under one IAM path, built so the holder
 * cannot get more than the permissions boundary allows: every role it creates or changes must carry
 * the boundary, the boundary policy itself is off limits, the boundary cannot be removed, and roles
 * can be passed only to named services.
 */
import { boundaryArn, boundaryNameOf, iamArn, iamPathOf, SCOPE_TAG, scopeTagCondition } from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow, passRole, serviceLinkedRoles } from "../statements.ts";
import type { PolicyStatement, Preset, PresetParams } from "../types.ts";

/** Role changes that can widen what a role may do: all need the boundary on the role. */
const BOUNDED_ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:PutRolePermissionsBoundary",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:DeleteRole",
];

/** Services the other presets pass roles to, and the service-linked roles Terraform stacks create. */
const SERVICE_LINKED = [
  "autoscaling.amazonaws.com",
  "ecs.amazonaws.com",
  "elasticloadbalancing.amazonaws.com",
  "rds.amazonaws.com",
  "elasticache.amazonaws.com",
  "elasticfilesystem.amazonaws.com",
  "dynamodb.application-autoscaling.amazonaws.com",
  "ops.apigateway.amazonaws.com",
];

function iamStatements(p: PresetParams): PolicyStatement[] {
  const path = iamPathOf(p);
  const role = iamArn("role", path);
  const policy = iamArn("policy", path);
  return [
    allow("PlanningRead", readActions("iam")),
    {
      ...allow("ManagedRolesWithBoundary", BOUNDED_ROLE_ACTIONS, role),
      Condition: { ArnLike: { "iam:PermissionsBoundary": boundaryArn(p) } },
    },
    allow("ManagedRoleTags", ["iam:TagRole", "iam:UntagRole"], role),
    allow(
      "ManagedInstanceProfiles",
      [
        "iam:CreateInstanceProfile",
        "iam:DeleteInstanceProfile",
        "iam:AddRoleToInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:TagInstanceProfile",
        "iam:UntagInstanceProfile",
      ],
      iamArn("instance-profile", path),
    ),
    // A policy under the path may be attached to something unbounded by someone else: rewriting
    // it is limited to policies tagged as Terraform-managed, and new policies must carry the tag.
    {
      ...allow("CreateManagedPolicies", ["iam:CreatePolicy"], policy),
      Condition: scopeTagCondition("Request"),
    },
    allow("ManagedPolicyTags", ["iam:TagPolicy", "iam:UntagPolicy"], policy),
    {
      ...allow(
        "ChangeManagedPolicies",
        [
          "iam:CreatePolicyVersion",
          "iam:DeletePolicyVersion",
          "iam:SetDefaultPolicyVersion",
          "iam:DeletePolicy",
        ],
        policy,
      ),
      Condition: scopeTagCondition("Resource"),
    },
    // AddRoleToInstanceProfile requires iam:PassRole on the role (to EC2).
    passRole(path, ["ec2.amazonaws.com"]),
    serviceLinkedRoles(SERVICE_LINKED),
    {
      Sid: "DenyBoundaryPolicyChanges",
      Effect: "Deny",
      Action: [
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        "iam:TagPolicy",
        "iam:UntagPolicy",
      ],
      Resource: boundaryArn(p),
    },
    {
      Sid: "DenyBoundaryRemoval",
      Effect: "Deny",
      Action: ["iam:DeleteRolePermissionsBoundary"],
      Resource: "*",
    },
    {
      Sid: "DenyIdentityCenterRoleChanges",
      Effect: "Deny",
      Action: [
        "iam:Attach*",
        "iam:Detach*",
        "iam:Put*",
        "iam:Delete*",
        "iam:Update*",
        "iam:Tag*",
        "iam:Untag*",
        "iam:PassRole",
      ],
      Resource: ["arn:aws:iam::*:role/aws-reserved/*", "arn:aws:iam::*:role/AWSReservedSSO_*"],
    },
  ];
}

export const terraformIam: Preset = {
  name: "terraform-iam",
  shortName: "iam",
  purpose:
    "IAM roles, instance profiles and policies under a dedicated path, fenced by a permissions boundary so it cannot escalate",
  services: ["IAM"],
  grants: [
    "roles under the managed IAM path (default /terraform/): create, change trust and policies, delete, only while the role carries the permissions boundary (iam:PermissionsBoundary condition)",
    "tagging of those roles; instance profiles under the same path",
    `customer-managed policies under the same path: create (only with the tag ${SCOPE_TAG.key}=${SCOPE_TAG.value}), new versions and delete (only of policies carrying that tag), tags`,
    "iam:PassRole to ec2.amazonaws.com for roles under the managed path (adding a role to an instance profile needs it)",
    "service-linked roles for the services the other presets use (iam:AWSServiceName condition)",
    "the planning read set of IAM (iam:Get*, iam:List*)",
  ],
  notGranted: [
    "IAM users, groups, access keys, login profiles (also denied by the guardrails)",
    "OIDC and SAML identity providers (a new trust anchor for the account; add deliberately if needed)",
    "roles, policies or instance profiles outside the managed path",
  ],
  denies: [
    {
      what: "changes to the boundary policy (new versions, default version, delete, tags)",
      why: "whoever can edit the boundary can lift it from every role it fences",
    },
    {
      what: "iam:DeleteRolePermissionsBoundary on any role",
      why: "removing the boundary from a role would leave it bounded only by its own policies",
    },
    {
      what: "any change to Identity Center roles (AWSReservedSSO_*, path /aws-reserved/), including PassRole",
      why: "those roles are how people sign in; Identity Center alone manages them",
    },
    ...COMMON_DENIALS,
  ],
  parameters: ["iamPath", "permissionsBoundaryName", "allowedRegions", "stateBucket"],
  render(p) {
    const notes = commonNotes(p);
    notes.push(
      `roles created by this set must carry the permissions boundary arn:aws:iam::<account>:policy/${boundaryNameOf(p)}; that policy must exist in each target account`,
    );
    if (iamPathOf(p) === "/") {
      notes.push(
        "iamPath is /: every role and policy outside /aws-reserved/ is in scope; a dedicated path is safer",
      );
    }
    return assemble(iamStatements(p), p, notes);
  },
};
