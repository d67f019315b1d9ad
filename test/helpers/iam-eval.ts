/**
 * A real IAM policy evaluator for the tests: one request (action, resource ARN, caller, request
 * context) against the caller's identity policies (a permission set's inline policy plus its attached
 * managed policies), an optional permissions boundary, an optional resource policy (bucket policy,
 * KMS key policy, trust policy) and optional SCPs/RCPs, evaluated by @cloud-copilot/iam-simulate.
 *
 * iam-simulate is AGPL-3.0: it is a devDependency used by tests only and must never be imported from
 * src/ (test/unit/util/no-agpl-in-src.test.ts checks). This file is the only place that imports it,
 * so the rest of the tests speak this small API and the library can be swapped.
 *
 * The API is shared with other test suites (recorded Terraform calls, red-team cases): add options,
 * never change the meaning of existing ones.
 */
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";

/** Account ids and the organization the tests use. */
export const MGMT_ACCOUNT = "111111111111";
export const MEMBER_ACCOUNT = "222222222222";
export const OUTSIDE_ACCOUNT = "999999999999";
export const ORG_ID = "o-exampleorg1";
export const DEFAULT_REGION = "eu-central-1";

/** The AWS-managed AdministratorAccess policy document (policy version v1, unchanged since 2015). */
export const ADMINISTRATOR_ACCESS = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
export const ADMINISTRATOR_ACCESS_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";

/** A policy with a name (shown in the matched statements). A bare document gets a generated name. */
export interface NamedPolicy {
  name: string;
  policy: unknown;
}

export type Decision = "allowed" | "explicit-deny" | "implicit-deny";

export type PolicyKind = "identity" | "boundary" | "resource" | "scp" | "rcp";

/** A statement that decided (or took part in) the result. */
export interface MatchedStatement {
  kind: PolicyKind;
  /** The policy's name (identity, boundary, SCP/RCP) or "resource". */
  policy: string;
  /** The statement's Sid, or its index in the policy when it has none. */
  sid: string;
  effect: "Allow" | "Deny";
}

export interface EvalRequest {
  /** `service:Action`, e.g. `s3:ListBucket`. Unknown actions throw. */
  action: string;
  /** The resource ARN, or `*` for actions without resource types. Give concrete ARNs, not patterns. */
  resource: string;
  /**
   * The calling IAM role (not the session). Default: the Identity Center role of permission set
   * `terraform-core` in MGMT_ACCOUNT. Use ssoRoleArn() for others. A user/role ARN of any account works.
   */
  principal?: string;
  /**
   * The account that owns the resource. Default: the account in the resource ARN, else the
   * principal's account (S3 and `*` ARNs carry no account).
   */
  resourceAccount?: string;
  /**
   * Request context keys (`s3:prefix`, `aws:RequestTag/k`, `aws:TagKeys`, `aws:ResourceTag/k`,
   * `iam:PassedToService`, `kms:ViaService`...). Overrides the defaults: aws:PrincipalArn,
   * aws:PrincipalAccount, aws:PrincipalOrgID (when the principal's org is known), aws:RequestedRegion
   * (from the resource ARN, else DEFAULT_REGION), aws:SecureTransport=true, kms:CallerAccount for kms
   * actions. Set a key to `null` to leave it out of the request.
   */
  context?: Record<string, string | string[] | null>;
  /**
   * The organization of the principal (aws:PrincipalOrgID). Default ORG_ID for MGMT_ACCOUNT and
   * MEMBER_ACCOUNT principals, none for others. `null`: no organization.
   */
  principalOrgId?: string | null;
}

export interface EvalPolicies {
  /** Identity policies: the inline policy and every attached managed policy. */
  identity: Array<NamedPolicy | object>;
  /** The permissions boundary of the caller's role, if any. */
  boundary?: NamedPolicy | object;
  /** The resource's own policy (bucket policy, key policy, role trust policy), if any. */
  resourcePolicy?: object;
  /** Service control policies, root first (each level is a list of policies). */
  scps?: Array<Array<NamedPolicy | object>>;
  /** Resource control policies, root first. */
  rcps?: Array<Array<NamedPolicy | object>>;
}

export interface EvalResult {
  decision: Decision;
  /** Allow statements that matched (identity, boundary, resource). */
  allowedBy: MatchedStatement[];
  /** Deny statements that matched. */
  deniedBy: MatchedStatement[];
  /** Policy types that blocked an otherwise allowed request (iam-simulate's `blockedBy`). */
  blockedBy: string[];
  /** Context keys dropped because they do not apply to this action and resource type. */
  ignoredContextKeys: string[];
}

/** `arn:aws:iam::<acct>:role/aws-reserved/sso.amazonaws.com/<region>/AWSReservedSSO_<set>_<suffix>` */
export function ssoRoleArn(
  permissionSet: string,
  account = MGMT_ACCOUNT,
  region = DEFAULT_REGION,
  suffix = "0123456789abcdef",
): string {
  return `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${region}/AWSReservedSSO_${permissionSet}_${suffix}`;
}

const accountOf = (arn: string): string | undefined => {
  const parts = arn.split(":");
  return parts[0] === "arn" && /^\d{12}$/.test(parts[4] ?? "") ? parts[4] : undefined;
};

const regionOf = (arn: string): string | undefined => {
  const parts = arn.split(":");
  return parts[0] === "arn" && parts[3] ? parts[3] : undefined;
};

/** The STS session ARN for a role ARN (what the request is signed as); users stay as they are. */
function sessionArn(principal: string): string {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principal);
  return m ? `arn:aws:sts::${m[1]}:assumed-role/${m[2]}/engineer@example.com` : principal;
}

const named = (p: NamedPolicy | object, fallback: string): NamedPolicy =>
  "name" in p && "policy" in p ? (p as NamedPolicy) : { name: fallback, policy: p };

/** Evaluates one request. Throws when iam-simulate rejects the input (unknown action, bad policy). */
export async function evaluate(policies: EvalPolicies, request: EvalRequest): Promise<EvalResult> {
  const principal = request.principal ?? ssoRoleArn("terraform-core");
  const principalAccount = accountOf(principal) ?? MGMT_ACCOUNT;
  const resourceAccount = request.resourceAccount ?? accountOf(request.resource) ?? principalAccount;
  const orgId =
    request.principalOrgId === undefined
      ? [MGMT_ACCOUNT, MEMBER_ACCOUNT].includes(principalAccount)
        ? ORG_ID
        : null
      : request.principalOrgId;
  const defaults: Record<string, string | string[]> = {
    "aws:PrincipalArn": principal,
    "aws:PrincipalAccount": principalAccount,
    "aws:RequestedRegion": regionOf(request.resource) ?? DEFAULT_REGION,
    "aws:SecureTransport": "true",
  };
  if (orgId !== null) defaults["aws:PrincipalOrgID"] = orgId;
  if (request.action.toLowerCase().startsWith("kms:")) defaults["kms:CallerAccount"] = principalAccount;
  const context: Record<string, string | string[]> = { ...defaults };
  for (const [k, v] of Object.entries(request.context ?? {})) {
    if (v === null) delete context[k];
    else context[k] = v;
  }
  const org = (levels: Array<Array<NamedPolicy | object>> | undefined, kind: string) =>
    (levels ?? []).map((level, i) => ({
      orgIdentifier: i === 0 ? "r-root" : `ou-level-${i}`,
      policies: level.map((p, j) => named(p, `${kind}${i}.${j}`)),
    }));
  const simulation: Simulation = {
    request: {
      principal: sessionArn(principal),
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount },
      contextVariables: context,
    },
    identityPolicies: policies.identity.map((p, i) => named(p, `identity${i}`)),
    serviceControlPolicies: org(policies.scps, "scp"),
    resourceControlPolicies: org(policies.rcps, "rcp"),
    resourcePolicy: policies.resourcePolicy,
    permissionBoundaryPolicies: policies.boundary ? [named(policies.boundary, "boundary")] : undefined,
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === "error") {
    throw new Error(
      `iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`,
    );
  }
  const results = response.resultType === "single" ? [response.result] : response.results;
  const out: EvalResult = {
    decision: DECISIONS[response.overallResult],
    allowedBy: [],
    deniedBy: [],
    blockedBy: [],
    ignoredContextKeys: [],
  };
  for (const r of results) {
    const a = r.analysis;
    const collect = (kind: PolicyKind, policy: (s: StatementLike) => string, list?: StatementLike[]) =>
      (list ?? []).map((s) => matched(kind, policy(s), s));
    out.allowedBy.push(
      ...collect("identity", (s) => s.policyId, a.identityAnalysis?.allowStatements),
      ...collect("boundary", (s) => s.policyId, a.permissionBoundaryAnalysis?.allowStatements),
      ...collect("resource", () => "resource", a.resourceAnalysis?.allowStatements),
    );
    out.deniedBy.push(
      ...collect("identity", (s) => s.policyId, a.identityAnalysis?.denyStatements),
      ...collect("boundary", (s) => s.policyId, a.permissionBoundaryAnalysis?.denyStatements),
      ...collect("resource", () => "resource", a.resourceAnalysis?.denyStatements),
      ...(a.scpAnalysis?.ouAnalysis ?? []).flatMap((ou) =>
        collect("scp", (s) => s.policyId ?? ou.orgIdentifier, ou.denyStatements),
      ),
      ...(a.rcpAnalysis?.ouAnalysis ?? []).flatMap((ou) =>
        collect("rcp", (s) => s.policyId ?? ou.orgIdentifier, ou.denyStatements),
      ),
    );
    out.blockedBy.push(...(a.blockedBy ?? []));
    out.ignoredContextKeys.push(...(r.ignoredContextKeys ?? []));
  }
  out.blockedBy = [...new Set(out.blockedBy)];
  out.ignoredContextKeys = [...new Set(out.ignoredContextKeys)];
  return out;
}

const DECISIONS: Record<"Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied", Decision> = {
  Allowed: "allowed",
  ExplicitlyDenied: "explicit-deny",
  ImplicitlyDenied: "implicit-deny",
};

interface StatementLike {
  policyId: string;
  statement: { sid(): string | undefined; index(): number; effect(): string };
}

function matched(kind: PolicyKind, policy: string, s: StatementLike): MatchedStatement {
  return {
    kind,
    policy,
    sid: s.statement.sid() ?? `#${s.statement.index()}`,
    effect: s.statement.effect() === "Deny" ? "Deny" : "Allow",
  };
}

/** Shorthand: the decision only. */
export async function decision(policies: EvalPolicies, request: EvalRequest): Promise<Decision> {
  return (await evaluate(policies, request)).decision;
}

/**
 * The identity policies of a permission set: its inline policy and its attached managed policies,
 * given as documents keyed by ARN (AWS-managed) or `path+name` (customer-managed). Pass
 * `{ [ADMINISTRATOR_ACCESS_ARN]: ADMINISTRATOR_ACCESS }` to evaluate a set with admin attached.
 */
export function permissionSetPolicies(
  inlinePolicy: object | undefined,
  attached: Record<string, object> = {},
): NamedPolicy[] {
  const out: NamedPolicy[] = [];
  if (inlinePolicy) out.push({ name: "inline", policy: inlinePolicy });
  for (const [name, policy] of Object.entries(attached)) out.push({ name, policy });
  return out;
}

/** A web identity (OIDC) token's claims, as the context keys IAM gives the trust policy: `HOST:sub`, ... */
export interface WebIdentityRequest {
  /** The IAM OIDC provider the token was issued by (`arn:aws:iam::ACCOUNT:oidc-provider/HOST`). */
  provider: string;
  /** The role being assumed. */
  role: string;
  /** Context keys, e.g. `{ "token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main" }`. */
  claims: Record<string, string>;
}

/**
 * sts:AssumeRoleWithWebIdentity against a role's trust policy, evaluated by iam-simulate's engine.
 *
 * Why not runSimulation (evaluate() above): it keeps only the context keys the IAM catalog lists for
 * the action, and the catalog (the Service Authorization Reference) lists `...:job_workflow_ref`,
 * `...:environment` and others for sts:AssumeRoleWithWebIdentity but not `HOST:sub` and `HOST:aud`,
 * the two keys AWS documents for OIDC trust policies. Those would be dropped and every request
 * implicitly denied. So the policy is first checked by runSimulation (shape and validation, which
 * throws on a malformed trust policy), then decided by runUnsafeSimulation, the same engine without
 * the context-key filter. runUnsafeSimulation loads the resource policy without a name and then reads
 * it; it is given as a validated policy (iam-policy's ValidatedPolicy shape) carrying one.
 */
export async function webIdentityDecision(
  trustPolicy: object,
  request: WebIdentityRequest,
): Promise<Decision> {
  const account = accountOf(request.role) ?? MEMBER_ACCOUNT;
  const base: Simulation = {
    request: {
      principal: request.provider,
      action: "sts:AssumeRoleWithWebIdentity",
      resource: { resource: request.role, accountId: account },
      contextVariables: request.claims,
    },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: trustPolicy,
  };
  const checked = await runSimulation(base, {});
  if (checked.resultType === "error") {
    throw new Error(`iam-simulate rejected the trust policy: ${JSON.stringify(checked.errors)}`);
  }
  const validated = {
    __validated: true,
    policyDocument: trustPolicy,
    metadata: { name: "trust" },
    errors: [],
  };
  const result = runUnsafeSimulation({ ...base, resourcePolicy: validated }, {});
  const decided = DECISIONS[result as keyof typeof DECISIONS];
  if (decided === undefined) throw new Error(`iam-simulate answered ${result} for a web identity request`);
  return decided;
}
