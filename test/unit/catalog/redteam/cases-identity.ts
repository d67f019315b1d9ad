/** Static credentials, new ways in, classic IAM escalation paths, Identity Center and Organizations. */
import { SCOPE_TAG } from "../../../../src/catalog/defaults.ts";
import { A, iamPolicy, iamRole, iamUser, SSO_ADMIN_ROLE } from "./arns.ts";
import type { AbuseCase } from "./types.ts";

const cred = (id: string, action: string, resource: string, title: string): AbuseCase => ({
  id,
  class: "static credentials",
  title,
  finding: 6,
  request: { action, resource },
  guard: true,
});

export const IDENTITY_CASES: AbuseCase[] = [
  cred(
    "C01",
    "iam:CreateUser",
    iamUser("backdoor"),
    "create an IAM user that outlives removal from Identity Center",
  ),
  cred("C02", "iam:CreateAccessKey", iamUser("ci"), "mint an access key for an existing user"),
  cred("C03", "iam:UpdateAccessKey", iamUser("ci"), "reactivate an old, inactive access key"),
  cred("C04", "iam:CreateLoginProfile", iamUser("ci"), "give an existing user a console password"),
  cred("C05", "iam:UpdateLoginProfile", iamUser("ci"), "reset an existing user's console password"),
  cred("C06", "iam:UploadSSHPublicKey", iamUser("ci"), "add an SSH key (CodeCommit) to a user"),
  cred("C07", "iam:CreateServiceSpecificCredential", iamUser("ci"), "mint a service-specific credential"),
  cred("C08", "iam:ResetServiceSpecificCredential", iamUser("ci"), "reset a service-specific credential"),
  cred("C09", "iam:UploadSigningCertificate", iamUser("ci"), "upload a signing certificate for a user"),
  cred(
    "C10",
    "iam:CreateOpenIDConnectProvider",
    `arn:aws:iam::${A}:oidc-provider/token.attacker.example`,
    "trust a new OIDC identity provider the holder controls",
  ),
  cred(
    "C11",
    "iam:AddClientIDToOpenIDConnectProvider",
    `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`,
    "add the holder's client id to an existing OIDC provider",
  ),
  cred(
    "C12",
    "iam:CreateSAMLProvider",
    `arn:aws:iam::${A}:saml-provider/attacker`,
    "trust a new SAML identity provider",
  ),
  cred(
    "C13",
    "rolesanywhere:CreateTrustAnchor",
    "*",
    "create a Roles Anywhere trust anchor for the holder's own CA",
  ),
  cred(
    "C14",
    "iam:AttachUserPolicy",
    iamUser("ci"),
    "attach AdministratorAccess to a user whose keys the holder has",
  ),
  cred(
    "C15",
    "iam:AddUserToGroup",
    `arn:aws:iam::${A}:group/admins`,
    "add a user the holder controls to an admin group",
  ),
  cred(
    "C16",
    "iam:PutGroupPolicy",
    `arn:aws:iam::${A}:group/developers`,
    "write an inline admin policy into a group",
  ),
  {
    id: "E01",
    class: "privilege escalation",
    title:
      "finding 2: assume the role/terraform/* role the holder created with AdministratorAccess and a trust on its own SSO role",
    finding: 2,
    request: { action: "sts:AssumeRole", resource: iamRole("terraform/escalate") },
    guard: true,
  },
  {
    id: "E02",
    class: "privilege escalation",
    title: "pass an admin role outside the managed path to a new EC2 instance",
    request: {
      action: "iam:PassRole",
      resource: iamRole("Admin"),
      context: { "iam:PassedToService": "ec2.amazonaws.com" },
    },
    guard: false,
  },
  {
    id: "E03",
    class: "privilege escalation",
    title: "pass a managed-path role to a service no preset names (Glue job with the role)",
    request: {
      action: "iam:PassRole",
      resource: iamRole("terraform/app"),
      context: { "iam:PassedToService": "glue.amazonaws.com" },
    },
    guard: false,
  },
  {
    id: "E04",
    class: "privilege escalation",
    title: "new default version of a policy outside the managed path (policy versions)",
    request: { action: "iam:CreatePolicyVersion", resource: iamPolicy("AdminPolicy") },
    guard: false,
  },
  {
    id: "E05",
    class: "privilege escalation",
    title: "new version of an untagged policy under the path that someone attached elsewhere",
    request: { action: "iam:CreatePolicyVersion", resource: iamPolicy("terraform/legacy") },
    guard: false,
  },
  {
    id: "E06",
    class: "privilege escalation",
    title: "lift the permissions boundary itself (new default version of TerraformBoundary)",
    request: {
      action: "iam:SetDefaultPolicyVersion",
      resource: iamPolicy("TerraformBoundary"),
      context: { [`aws:ResourceTag/${SCOPE_TAG.key}`]: SCOPE_TAG.value },
    },
    guard: false,
  },
  {
    id: "E07",
    class: "privilege escalation",
    title: "remove the boundary from a role under the path",
    request: { action: "iam:DeleteRolePermissionsBoundary", resource: iamRole("terraform/app") },
    guard: false,
  },
  {
    id: "E08",
    class: "privilege escalation",
    title: "create a role under the path without the boundary",
    request: { action: "iam:CreateRole", resource: iamRole("terraform/free") },
    guard: false,
  },
  {
    id: "E09",
    class: "privilege escalation",
    title: "create a bounded role outside the managed path",
    request: {
      action: "iam:CreateRole",
      resource: iamRole("Escalate"),
      context: { "iam:PermissionsBoundary": iamPolicy("TerraformBoundary") },
    },
    guard: false,
  },
  {
    id: "E10",
    class: "privilege escalation",
    title: "trust-policy edit: make an admin role outside the path trust the holder",
    request: {
      action: "iam:UpdateAssumeRolePolicy",
      resource: iamRole("Admin"),
      context: { "iam:PermissionsBoundary": iamPolicy("TerraformBoundary") },
    },
    guard: false,
  },
  {
    id: "E11",
    class: "privilege escalation",
    title: "attach AdministratorAccess to another Identity Center role",
    request: {
      action: "iam:AttachRolePolicy",
      resource: SSO_ADMIN_ROLE,
      context: {
        "iam:PermissionsBoundary": iamPolicy("TerraformBoundary"),
        "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess",
      },
    },
    guard: false,
  },
  {
    id: "E12",
    class: "privilege escalation",
    title: "inline admin policy on a role outside the managed path",
    request: { action: "iam:PutRolePolicy", resource: iamRole("ops/deployer") },
    guard: false,
  },
  {
    id: "I01",
    class: "identity",
    title: "give oneself another permission set (Identity Center assignment)",
    request: {
      action: "sso:CreateAccountAssignment",
      resource: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
    },
    guard: true,
  },
  {
    id: "I02",
    class: "identity",
    title: "take the account out of the organization (and its SCPs)",
    request: { action: "organizations:LeaveOrganization", resource: "*" },
    guard: true,
  },
  {
    id: "I03",
    class: "identity",
    title: "add oneself to a privileged Identity Center group",
    request: {
      action: "identitystore:CreateGroupMembership",
      resource: `arn:aws:identitystore::${A}:identitystore/d-1234567890`,
    },
    guard: true,
  },
];
