/**
 * terraform-iam: roles, instance profiles and policies under one IAM path, built so the holder
 * cannot get more than the permissions boundary allows: every role it creates or changes must carry
 * the boundary, the boundary policy itself is off limits, the boundary cannot be removed, roles can
 * be passed only to named services, and no preset may assume a role under the path (guardrails).
 * The boundary (boundary.ts, `keyless catalog boundary`) carries the same guardrails, so a role
 * built here with AdministratorAccess still cannot do what the guardrails forbid.
 *
 * Policies under the path can be attached only to roles under the path (which carry the boundary),
 * never to users or groups (guardrails), and `keyless validate` refuses a permission set's
 * customer-managed policy or boundary under the path (finding 7 of issue 10). Rewriting one is
 * still fenced by the scope tag, set only when the policy is created, for policies somebody else
 * attached elsewhere.
 */
import {
  boundaryArn,
  boundaryNameOf,
  iamArn,
  iamPathOf,
  SCOPE_TAG,
  SSO_ROLE_ARNS,
  scopeTagCondition,
} from "../defaults.ts";
import { COMMON_DENIALS } from "../guardrails.ts";
import { GUARDRAIL_PARAMETERS } from "../parameters.ts";
import { readActions } from "../read-sets.ts";
import { assemble, commonNotes } from "../render.ts";
import { allow, passRole, serviceLinkedRoles } from "../statements.ts";
import type { PolicyStatement, Preset, PresetParams, RenderedPreset } from "../types.ts";

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
    // A policy under the path may be attached to something unbounded by someone else: new policies
    // carry the scope tag from creation, and only tagged ones can be rewritten (the tag cannot be
    // added later: scope-tag.ts).
    {
      ...allow("CreateManagedPolicies", ["iam:CreatePolicy", "iam:TagPolicy", "iam:UntagPolicy"], policy),
      Condition: scopeTagCondition("Request"),
    },
    {
      ...allow(
        "ChangeManagedPolicies",
        [
          "iam:CreatePolicyVersion",
          "iam:DeletePolicyVersion",
          "iam:SetDefaultPolicyVersion",
          "iam:DeletePolicy",
          "iam:TagPolicy",
          "iam:UntagPolicy",
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
      Resource: SSO_ROLE_ARNS,
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
    `customer-managed policies under the same path: create (only with the tag ${SCOPE_TAG.key}=${SCOPE_TAG.value}), new versions, default version and delete (only of policies carrying that tag), tags`,
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
  cannotPrevent: [
    "the content of a trust policy (no condition key reads it): a role under the path can be made to trust an outside account, which keeps access after the holder leaves Identity Center, or any principal of the account. Presets deny Identity Center roles assuming roles under the path. Closes with: the RCP that denies sts:AssumeRole to principals outside the organization; IAM Access Analyzer external-access findings.",
    "whatever the boundary allows: a role under the path may get AdministratorAccess and is then capped only by the boundary. Keep the boundary rendered by `keyless catalog boundary` (its guardrails hold for every such role) and narrow its Allow if workloads need less.",
    "attaching a policy under the path to a role outside it by someone else (an administrator, other automation). Closes with: the SCP that denies attaching policies under the path to anything outside it.",
    `adding the scope tag to a policy under the path that lacks it (one created before keyless or by someone else), then rewriting it: IAM shows a new policy's tags only as request tags, so this set's copy of the scope-tag guardrail allows iam:TagPolicy (see the accepted reach findings). Closes with: the same SCP, which keeps policies under the path on roles that carry the boundary.`,
  ],
  parameters: [...GUARDRAIL_PARAMETERS, "permissionsBoundaryName"],
  render(p) {
    const notes = commonNotes(p);
    notes.push(
      `roles created by this set must carry the permissions boundary arn:aws:iam::<account>:policy/${boundaryNameOf(p)}; create it in each target account from \`keyless catalog boundary\``,
    );
    if (iamPathOf(p) === "/") {
      notes.push(
        "iamPath is /: every role and policy outside /aws-reserved/ is in scope; a dedicated path is safer",
      );
    }
    return withPolicyTagOnCreate(assemble(iamStatements(p), p, notes));
  },
};

/**
 * IAM shows the tags of a policy being created only as request tags, as it shows tags added to an
 * existing one (IAM's documented tag-on-create examples condition on aws:RequestTag and
 * aws:TagKeys): the common DenyScopeTagOnExisting would refuse every CreatePolicy that carries the
 * scope tag. This set creates policies, so its copy of that guardrail leaves iam:TagPolicy out; the
 * tag hop it opens on untagged policies under the path is an accepted residual (accepted-reach.ts).
 * Every other preset, and the boundary, keep the Deny.
 */
function withPolicyTagOnCreate(rendered: RenderedPreset): RenderedPreset {
  const Statement = rendered.inlinePolicy.Statement.map((st) =>
    st.Sid === "DenyScopeTagOnExisting"
      ? { ...st, Action: (st.Action ?? []).filter((a) => a !== "iam:TagPolicy") }
      : st,
  );
  return { ...rendered, inlinePolicy: { ...rendered.inlinePolicy, Statement } };
}
