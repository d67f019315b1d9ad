/**
 * Known privilege-escalation grants: actions that let a principal give itself (or a role it can use)
 * more permissions than it has. Allowed without any Condition they are warnings; a wildcard that
 * covers them (`iam:*`, `iam:Put*`, `*`, an Allow with NotAction) counts as allowing them. Every code
 * starts with `escalation/` so tests can require "zero escalation warnings" of a preset.
 */
import { patternGrants } from "./actions.ts";
import { warning } from "./finding.ts";
import type { Statement } from "./statement.ts";
import type { LintFinding } from "./types.ts";

interface Rule {
  action: string;
  /** "unconditioned": any Allow without Condition; "any-resource": only with Resource "*" (and no Condition). */
  when: "unconditioned" | "any-resource";
  why: string;
}

/** Sources: Rhino Security Labs' IAM escalation methods and AWS's own guidance on delegation. */
export const ESCALATION_RULES: Rule[] = [
  {
    action: "iam:CreatePolicyVersion",
    when: "unconditioned",
    why: "can rewrite a managed policy, including its own",
  },
  {
    action: "iam:SetDefaultPolicyVersion",
    when: "unconditioned",
    why: "can switch a policy to a broader version",
  },
  { action: "iam:AttachUserPolicy", when: "unconditioned", why: "can attach AdministratorAccess to a user" },
  { action: "iam:AttachRolePolicy", when: "unconditioned", why: "can attach AdministratorAccess to a role" },
  {
    action: "iam:AttachGroupPolicy",
    when: "unconditioned",
    why: "can attach AdministratorAccess to a group",
  },
  { action: "iam:PutUserPolicy", when: "unconditioned", why: "can write any inline policy on a user" },
  { action: "iam:PutRolePolicy", when: "unconditioned", why: "can write any inline policy on a role" },
  { action: "iam:PutGroupPolicy", when: "unconditioned", why: "can write any inline policy on a group" },
  {
    action: "iam:CreateAccessKey",
    when: "unconditioned",
    why: "can mint static credentials for another user",
  },
  {
    action: "iam:CreateLoginProfile",
    when: "unconditioned",
    why: "can set a console password for another user",
  },
  {
    action: "iam:UpdateLoginProfile",
    when: "unconditioned",
    why: "can reset another user's console password",
  },
  { action: "iam:UpdateAssumeRolePolicy", when: "unconditioned", why: "can let itself assume any role" },
  { action: "iam:AddUserToGroup", when: "unconditioned", why: "can join a more privileged group" },
  {
    action: "iam:DeleteRolePermissionsBoundary",
    when: "unconditioned",
    why: "can lift the permissions boundary off a role",
  },
  {
    action: "iam:PutRolePermissionsBoundary",
    when: "unconditioned",
    why: "can replace a role's permissions boundary with a broader one",
  },
  {
    action: "iam:DeleteUserPermissionsBoundary",
    when: "unconditioned",
    why: "can lift the permissions boundary off a user",
  },
  {
    action: "iam:PutUserPermissionsBoundary",
    when: "unconditioned",
    why: "can replace a user's permissions boundary with a broader one",
  },
  {
    action: "iam:PassRole",
    when: "unconditioned",
    why: "can hand a role to a service (Lambda, EC2, Glue, CloudFormation) and act with its permissions; add an iam:PassedToService condition",
  },
  { action: "sts:AssumeRole", when: "any-resource", why: "can assume every role that trusts the account" },
  {
    action: "lambda:UpdateFunctionCode",
    when: "any-resource",
    why: "can run its own code with the permissions of any function's role",
  },
];

const isAnyResource = (st: Statement): boolean =>
  st.resource === undefined ||
  st.resource.name === "NotResource" ||
  st.resource.values.some((r) => r.value === "*");

/** Kebab-case code of an action: iam:CreatePolicyVersion → escalation/iam-create-policy-version. */
export function escalationCode(action: string): string {
  const [svc, name = ""] = action.split(":");
  return `escalation/${svc}-${name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()}`;
}

export function checkEscalation(st: Statement): LintFinding[] {
  if (st.effect !== "Allow" || !st.action) return [];
  const conditioned = st.condition !== undefined && Object.keys(st.condition).length > 0;
  const anyResource = isAnyResource(st);
  const findings: LintFinding[] = [];

  // iam:PassRole on every role is risky even with conditions: any role may be handed on.
  const passRoleBy = grantingValue(st, "iam:PassRole");
  if (passRoleBy && anyResource) {
    findings.push(
      warning(
        `${escalationCode("iam:PassRole")}-any-resource`,
        passRoleBy.path,
        'iam:PassRole on Resource "*" can hand any role (including admin roles) to a service; list the roles it may pass',
      ),
    );
  }
  if (conditioned) return findings;

  const granted = ESCALATION_RULES.filter((rule) => {
    if (rule.when === "any-resource" && !anyResource) return false;
    if (rule.action === "iam:PassRole" && anyResource) return false; // reported above
    return grantingValue(st, rule.action) !== undefined;
  });
  if (granted.length === 0) return findings;

  if (st.action.name === "NotAction") {
    findings.push(
      warning(
        "escalation/not-action",
        [...st.path, "NotAction"],
        `Allow with NotAction also allows privilege escalation: ${granted.map((r) => r.action).join(", ")}`,
      ),
    );
    return findings;
  }
  const star = st.action.values.find((v) => v.value === "*" || v.value === "*:*");
  if (star) {
    findings.push(
      warning(
        "escalation/all-actions",
        star.path,
        `"${star.value}" also allows every privilege-escalation action (${granted.length} known, e.g. iam:PutRolePolicy, iam:PassRole)`,
      ),
    );
    return findings;
  }
  for (const rule of granted) {
    const by = grantingValue(st, rule.action)!;
    const via = by.value.toLowerCase() === rule.action.toLowerCase() ? "" : ` (via "${by.value}")`;
    findings.push(
      warning(
        escalationCode(rule.action),
        by.path,
        `${rule.action}${via} allowed${rule.when === "any-resource" ? ' on Resource "*"' : ""} without a Condition: ${rule.why}`,
      ),
    );
  }
  return findings;
}

/** The Action value that grants `action` (or the NotAction element when it does not exclude it). */
function grantingValue(
  st: Statement,
  action: string,
): { value: string; path: Statement["path"] } | undefined {
  if (!st.action) return undefined;
  if (st.action.name === "NotAction") {
    const excluded = st.action.values.some((v) => patternGrants(v.value, action));
    return excluded ? undefined : { value: "NotAction", path: [...st.path, "NotAction"] };
  }
  return st.action.values.find((v) => patternGrants(v.value, action));
}
