/**
 * What keyless.yaml's CI roles mean in one account: the target accounts of each role (OUs expanded
 * with the accounts read at plan time), the role keyless assumes there, and the role's comparable
 * content in that account (its trust policy names the account's OIDC provider). Pure.
 */
import { CI_ROLE_PATH } from "../ci/providers.ts";
import { oidcProviderArn, trustPolicy } from "../ci/trust-policy.ts";
import type {
  AccountId,
  CiAccessRole,
  CiRoleSpec,
  DesiredCi,
  DesiredCiProvider,
  DesiredCiRole,
} from "./model.ts";

/** The name of the one inline policy keyless writes on a CI role. */
export const CI_INLINE_POLICY_NAME = "keyless";

/** Account id → the roles targeting it, by name order. Accounts sorted. */
export function ciRolesByAccount(
  ci: DesiredCi,
  ouAccounts: Readonly<Record<string, AccountId[]>>,
): Map<AccountId, DesiredCiRole[]> {
  const out = new Map<AccountId, DesiredCiRole[]>();
  for (const role of ci.roles) {
    const accounts = new Set<AccountId>();
    for (const t of role.targets) {
      if (t.kind === "account") accounts.add(t.accountId);
      else
        for (const a of Object.hasOwn(ouAccounts, t.ouId) ? (ouAccounts[t.ouId] ?? []) : []) accounts.add(a);
    }
    for (const a of accounts) out.set(a, [...(out.get(a) ?? []), role]);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The role keyless assumes in `accountId` (the per-account setting, else the default). */
export function accessRoleFor(ci: DesiredCi, accountId: AccountId): CiAccessRole {
  return ci.access.accounts[accountId] ?? ci.access.default;
}

export function accessRoleArn(role: CiAccessRole, accountId: AccountId, partition: string): string {
  return `arn:${partition}:iam::${accountId}:role/${role.roleName}`;
}

export function providerFor(ci: DesiredCi, role: DesiredCiRole): DesiredCiProvider {
  const p = ci.providers.find((x) => x.kind === role.provider);
  if (!p) throw new Error(`internal: CI role ${role.name} names undeclared provider ${role.provider}`);
  return p;
}

export function ciProviderArn(provider: DesiredCiProvider, accountId: AccountId, partition: string): string {
  return oidcProviderArn(provider, accountId, partition);
}

/** Seconds of a normalised `PT…H…M…S` duration (the loader has checked it); 3600 if it is not one. */
function durationSeconds(text: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(text);
  if (!m) return 3600;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** The role as keyless writes it in `accountId`. */
export function desiredCiRoleSpec(
  role: DesiredCiRole,
  provider: DesiredCiProvider,
  accountId: AccountId,
  partition: string,
): CiRoleSpec {
  const b = role.permissionsBoundary;
  return {
    name: role.name,
    path: CI_ROLE_PATH,
    description: role.description,
    maxSessionDuration: durationSeconds(role.sessionDuration),
    trustPolicy: JSON.stringify(trustPolicy(role, provider, accountId, partition)),
    inlinePolicies: role.inlinePolicy === "" ? {} : { [CI_INLINE_POLICY_NAME]: role.inlinePolicy },
    managedPolicies: [...role.managedPolicies],
    permissionsBoundary:
      b === null
        ? null
        : b.kind === "managed"
          ? b.arn
          : `arn:${partition}:iam::${accountId}:policy${b.path}${b.name}`,
    tags: { ...role.tags },
  };
}
