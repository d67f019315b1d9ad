/**
 * Reads what each target account has for CI roles (Actual.ci), reaching it through member-accounts.ts.
 * Per account, with as few calls as IAM allows (it has no bulk read that returns a role's tags,
 * boundary, session and policies together, short of GetAccountAuthorizationDetails over every role
 * of the account):
 *
 * - ListOpenIDConnectProviders (1), and GetOpenIDConnectProvider only for the issuers keyless.yaml
 *   uses there (the ARN names the issuer);
 * - ListRoles under /keyless/ci/ (1 per 1000 roles): names, trust policies, sessions, descriptions;
 * - per role found: GetRole (tags and boundary, which ListRoles leaves out), ListRolePolicies,
 *   GetRolePolicy per inline policy, ListAttachedRolePolicies;
 * - per role keyless.yaml names that is not under /keyless/ci/: GetRole, to tell "absent" (create it)
 *   from "exists elsewhere" (not keyless's): only until it is created.
 */
import type { IAM, Role } from "@aws-sdk/client-iam";
import pLimit from "p-limit";
import { CI_ROLE_PATH, issuerHost } from "../ci/providers.ts";
import { ciRolesByAccount, providerFor } from "../engine/ci-roles.ts";
import type {
  AccountId,
  ActualCiAccount,
  ActualCiRole,
  ActualOidcProvider,
  DesiredCi,
} from "../engine/model.ts";
import { isAwsError, operationOfError, withAwsErrors } from "./errors.ts";
import { type MemberAccess, serviceError } from "./member-accounts.ts";

/** IAM returns policy documents URL-encoded; compact JSON, as the config loader writes them. */
export function decodePolicy(text: string | undefined): string {
  if (!text) return "";
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // already plain text
  }
  try {
    return JSON.stringify(JSON.parse(decoded));
  } catch {
    return decoded;
  }
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export async function readCi(
  access: MemberAccess,
  ci: DesiredCi,
  ouAccounts: Readonly<Record<string, AccountId[]>>,
  onProgress: (message: string) => void = () => {},
): Promise<{ accounts: Record<AccountId, ActualCiAccount> }> {
  const targets = ciRolesByAccount(ci, ouAccounts);
  onProgress(`Reading CI roles in ${targets.size} account${targets.size === 1 ? "" : "s"}`);
  const limit = pLimit(10);
  const entries = await withAwsErrors(() =>
    Promise.all(
      [...targets].map(async ([accountId, roles]): Promise<readonly [AccountId, ActualCiAccount]> => {
        const r = await access.reach(accountId);
        if (!r.reached) return [accountId, { reached: false, via: r.via, error: r.error }] as const;
        try {
          const hosts = new Set(roles.map((role) => issuerHost(providerFor(ci, role).url)));
          const [providers, found] = await Promise.all([
            readProviders(r.iam, hosts, limit),
            readRoles(r.iam, limit),
          ]);
          const under = new Set(found.map((x) => x.name));
          const elsewhere: Record<string, string> = {};
          await Promise.all(
            roles
              .filter((role) => !under.has(role.name))
              .map((role) =>
                limit(async () => {
                  const arn = await roleArnIfExists(r.iam, role.name);
                  if (arn !== undefined) elsewhere[role.name] = arn;
                }),
              ),
          );
          const account: ActualCiAccount = {
            reached: true,
            via: r.via,
            partition: r.partition,
            providers,
            roles: found.sort(byName),
            elsewhere: Object.fromEntries(Object.entries(elsewhere).sort(([a], [b]) => (a < b ? -1 : 1))),
          };
          return [accountId, account] as const;
        } catch (err) {
          // The role was assumed but may not read IAM there: a problem of this account, not a crash.
          const error = serviceError(err);
          if (!error) throw err;
          const operation = operationOfError(err) ?? "iam";
          return [accountId, { reached: false, via: r.via, error: { ...error, operation } }] as const;
        }
      }),
    ),
  );
  return { accounts: Object.fromEntries(entries) };
}

async function readProviders(
  iam: IAM,
  hosts: ReadonlySet<string>,
  limit: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<ActualOidcProvider[]> {
  const list = await limit(() => iam.listOpenIDConnectProviders({}));
  const wanted = (list.OpenIDConnectProviderList ?? [])
    .map((p) => p.Arn ?? "")
    .filter((arn) => hosts.has(arn.replace(/^arn:[^:]+:iam::\d+:oidc-provider\//, "")));
  const out = await Promise.all(
    wanted.map((arn) =>
      limit(async () => {
        const p = await iam.getOpenIDConnectProvider({ OpenIDConnectProviderArn: arn });
        return {
          arn,
          host: (p.Url ?? "").replace(/^https:\/\//, ""),
          clientIds: [...(p.ClientIDList ?? [])].sort(),
        };
      }),
    ),
  );
  return out.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

async function readRoles(iam: IAM, limit: <T>(fn: () => Promise<T>) => Promise<T>): Promise<ActualCiRole[]> {
  const listed: Role[] = [];
  let marker: string | undefined;
  do {
    const page = await limit(() =>
      iam.listRoles({ PathPrefix: CI_ROLE_PATH, MaxItems: 1000, ...(marker && { Marker: marker }) }),
    );
    listed.push(...(page.Roles ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return Promise.all(
    listed
      .filter((r) => r.Path === CI_ROLE_PATH && r.RoleName)
      .map(async (r) => {
        const RoleName = r.RoleName as string;
        const [got, inline, attached] = await Promise.all([
          limit(() => iam.getRole({ RoleName })),
          limit(() => allInline(iam, RoleName)),
          limit(() => allAttached(iam, RoleName)),
        ]);
        const policies = await Promise.all(
          inline.map((PolicyName) =>
            limit(async () => {
              const p = await iam.getRolePolicy({ RoleName, PolicyName });
              return [PolicyName, decodePolicy(p.PolicyDocument)] as const;
            }),
          ),
        );
        const role = got.Role;
        return {
          arn: r.Arn ?? "",
          name: RoleName,
          path: r.Path ?? "",
          description: role?.Description ?? r.Description ?? "",
          maxSessionDuration: role?.MaxSessionDuration ?? r.MaxSessionDuration ?? 3600,
          trustPolicy: decodePolicy(role?.AssumeRolePolicyDocument ?? r.AssumeRolePolicyDocument),
          inlinePolicies: Object.fromEntries(policies.sort(([a], [b]) => (a < b ? -1 : 1))),
          managedPolicies: attached.sort(),
          permissionsBoundary: role?.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
          tags: Object.fromEntries(
            (role?.Tags ?? [])
              .map((t) => [t.Key ?? "", t.Value ?? ""] as const)
              .sort(([a], [b]) => (a < b ? -1 : 1)),
          ),
        };
      }),
  );
}

async function allInline(iam: IAM, RoleName: string): Promise<string[]> {
  const out: string[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.listRolePolicies({ RoleName, ...(marker && { Marker: marker }) });
    out.push(...(page.PolicyNames ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}

async function allAttached(iam: IAM, RoleName: string): Promise<string[]> {
  const out: string[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.listAttachedRolePolicies({ RoleName, ...(marker && { Marker: marker }) });
    out.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ""));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}

/** The role's ARN, or undefined when no role has this name in the account. */
export async function roleArnIfExists(iam: IAM, RoleName: string): Promise<string | undefined> {
  try {
    return (await iam.getRole({ RoleName })).Role?.Arn ?? "";
  } catch (err) {
    if (isAwsError(err, "NoSuchEntityException") || isAwsError(err, "NoSuchEntity")) return undefined;
    throw err;
  }
}
