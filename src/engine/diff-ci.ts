/**
 * CI roles and their OIDC providers in each target account (docs/ci.md): keyless.yaml's roles against
 * what each account has under /keyless/ci/. Pure.
 *
 * - An account that could not be reached is a problem naming the account, the role ARN, AWS's error
 *   code and the fix; its roles are not planned (apply refuses a plan with problems).
 * - The OIDC provider is created, or given the missing audience; never deleted.
 * - A role is keyless's only under /keyless/ci/ and tagged managed-by: keyless. One with the same
 *   name that is not (another path, or untagged) is a problem: keyless never writes it.
 * - A role keyless owns is updated field by field: trust policy, inline policies (an extra one is
 *   removed), attached policies (an extra one is detached), boundary, tags, session, description.
 * - Owned roles keyless.yaml no longer places in an account are deleted only when their name matches
 *   prune.ciRoles, and only with pruning; the others, and roles under the path not tagged as keyless's,
 *   are left alone and counted (the plan's "left alone" line).
 */
import { CI_OWNER_TAG, issuerHost } from "../ci/providers.ts";
import { compareStrings } from "./canonical-json.ts";
import { ciProviderArn, ciRolesByAccount, desiredCiRoleSpec, providerFor } from "./ci-roles.ts";
import type { AccountId, Actual, ActualCiRole, CiRoleSpec, Desired, DesiredCiProvider } from "./model.ts";
import type { CiAccountAccess, CiProviderChange, CiRoleChange, CiRoleField } from "./plan-types.ts";
import { policiesEqual, policyBroadens } from "./policy-compare.ts";
import { matchesAny } from "./prune-scope.ts";

export interface CiDiff {
  changes: (CiProviderChange | CiRoleChange)[];
  prunable: CiRoleChange[];
  problems: string[];
  access: CiAccountAccess[];
  /** Roles under /keyless/ci/ left alone (see UnmanagedCounts.ciRoles). */
  unmanaged: number;
}

const address = (kind: string, accountId: string, key: string) =>
  `${kind}[${JSON.stringify(accountId)}, ${JSON.stringify(key)}]`;
export const ciAddress = {
  provider: (accountId: string, host: string) => address("ci_oidc_provider", accountId, host),
  role: (accountId: string, name: string) => address("ci_role", accountId, name),
};

export function diffCi(desired: Desired, actual: Actual): CiDiff {
  const out: CiDiff = { changes: [], prunable: [], problems: [], access: [], unmanaged: 0 };
  const ci = desired.ci;
  if (!ci || ci.roles.length === 0) return out;
  const names = accountNamesById(desired);
  const label = (id: string) => (names[id] ? `${names[id]} (${id})` : id);
  for (const [accountId, roles] of ciRolesByAccount(ci, actual.ouAccounts)) {
    const account = actual.ci?.accounts[accountId];
    if (!account) {
      out.problems.push(
        `ci: account ${label(accountId)} was not read for its CI roles; run keyless plan again`,
      );
      continue;
    }
    out.access.push({ accountId, ...account.via, reached: account.reached });
    if (!account.reached) {
      out.problems.push(unreachable(label(accountId), accountId, account.via.roleArn, account.error, names));
      continue;
    }
    const { partition } = account;
    const providers = new Map<string, DesiredCiProvider>();
    for (const r of roles) {
      const p = providerFor(ci, r);
      providers.set(p.kind, p);
    }
    for (const p of [...providers.values()].sort((a, b) => compareStrings(a.kind, b.kind))) {
      const change = providerChange(p, accountId, partition, account.providers);
      if (change) out.changes.push(change);
    }
    const owned = new Map(account.roles.filter(isOwned).map((r) => [r.name, r]));
    const wanted = new Set(roles.map((r) => r.name));
    for (const role of roles) {
      const after = desiredCiRoleSpec(role, providerFor(ci, role), accountId, partition);
      const at = `ci.roles.${role.name}: in account ${label(accountId)}`;
      const elsewhere = account.elsewhere[role.name];
      const unowned = account.roles.find((r) => r.name === role.name && !isOwned(r));
      if (elsewhere !== undefined || unowned) {
        out.problems.push(notOurs(at, elsewhere ?? unowned?.arn ?? role.name, role.name));
        continue;
      }
      const before = owned.get(role.name);
      const change = roleChange(accountId, after, before);
      if (change) out.changes.push(change);
    }
    // Not keyless's and not a declared name (that one is a problem above): left alone, counted.
    out.unmanaged += account.roles.filter((r) => !isOwned(r) && !wanted.has(r.name)).length;
    for (const r of owned.values()) {
      if (wanted.has(r.name)) continue;
      if (!matchesAny(r.name, desired.prune.ciRoles ?? [])) {
        out.unmanaged++;
        continue;
      }
      out.prunable.push({
        kind: "ci_role",
        address: ciAddress.role(accountId, r.name),
        action: "delete",
        broadensAccess: false,
        accountId,
        name: r.name,
        before: specOf(r),
        changedFields: [],
        reason: "not in keyless.yaml for this account; in prune.ciRoles",
      });
    }
  }
  return out;
}

const isOwned = (r: ActualCiRole): boolean => r.tags[CI_OWNER_TAG.key] === CI_OWNER_TAG.value;

function specOf(r: ActualCiRole): CiRoleSpec {
  const { arn: _arn, ...spec } = r;
  return spec;
}

function accountNamesById(desired: Desired): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, id] of Object.entries(desired.accounts)) out[id] ??= name;
  return out;
}

function unreachable(
  label: string,
  accountId: AccountId,
  roleArn: string | null,
  error: { code: string; message: string; operation?: string },
  names: Record<string, string>,
): string {
  const key = names[accountId] ?? accountId;
  const role = roleArn ?? "(the credentials in use)";
  if (error.operation !== undefined) {
    const action = error.operation.replace(".", ":");
    return (
      `ci: cannot read account ${label} for its CI roles: ${action} with ${role} failed with ` +
      `${error.code}: ${error.message}. Fix: allow that role to read and write IAM roles and OIDC providers ` +
      `(iam:ListRoles, iam:GetRole, iam:ListOpenIDConnectProviders, iam:CreateRole, ...), or set ` +
      `ci.accessRoles.${key} in keyless.yaml to a role that may`
    );
  }
  return (
    `ci: cannot reach account ${label} to plan its CI roles: sts:AssumeRole on ${roleArn ?? "(the credentials in use)"} ` +
    `failed with ${error.code}: ${error.message}. Fix: let the credentials keyless runs with assume that role ` +
    `(the role must exist and its trust policy must admit them), or set ci.accessRoles.${key} in keyless.yaml ` +
    "to a role they can assume (with externalId when its trust policy requires sts:ExternalId)"
  );
}

function notOurs(at: string, arn: string, name: string): string {
  return (
    `${at}: role ${arn} exists and is not keyless's (keyless owns only roles under /keyless/ci/ tagged ` +
    `managed-by=keyless); keyless leaves it alone. Rename the role in keyless.yaml, or adopt it: delete it ` +
    `so keyless creates ${name} under /keyless/ci/, or (if it is under /keyless/ci/) tag it managed-by=keyless`
  );
}

function providerChange(
  p: DesiredCiProvider,
  accountId: AccountId,
  partition: string,
  present: readonly { host: string; clientIds: string[] }[],
): CiProviderChange | undefined {
  const host = issuerHost(p.url);
  const base = {
    kind: "ci_oidc_provider" as const,
    address: ciAddress.provider(accountId, host),
    accountId,
    url: `https://${host}`,
    arn: ciProviderArn(p, accountId, partition),
  };
  const found = present.find((x) => x.host === host);
  if (!found) return { ...base, action: "create", broadensAccess: false, clientIds: [p.audience] };
  if (found.clientIds.includes(p.audience)) return undefined;
  return {
    ...base,
    action: "update",
    broadensAccess: true,
    clientIds: [p.audience],
    before: [...found.clientIds],
    reason: `the provider does not accept audience ${p.audience}`,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The fields of `before` that differ from `after` (tags: only the keys keyless sets). */
export function ciRoleChangedFields(after: CiRoleSpec, before: CiRoleSpec): CiRoleField[] {
  const fields: CiRoleField[] = [];
  if (!policiesEqual(before.trustPolicy, after.trustPolicy)) fields.push("trustPolicy");
  const inlineNames = new Set([...Object.keys(before.inlinePolicies), ...Object.keys(after.inlinePolicies)]);
  if (
    [...inlineNames].some((n) => {
      const b = before.inlinePolicies[n];
      const a = after.inlinePolicies[n];
      return b === undefined || a === undefined || !policiesEqual(b, a);
    })
  ) {
    fields.push("inlinePolicies");
  }
  if (!sameList([...before.managedPolicies].sort(), [...after.managedPolicies].sort()))
    fields.push("managedPolicies");
  if (before.permissionsBoundary !== after.permissionsBoundary) fields.push("permissionsBoundary");
  if (Object.entries(after.tags).some(([k, v]) => before.tags[k] !== v)) fields.push("tags");
  if (before.maxSessionDuration !== after.maxSessionDuration) fields.push("maxSessionDuration");
  if (before.description !== after.description) fields.push("description");
  return fields;
}

function roleChange(accountId: AccountId, after: CiRoleSpec, found?: ActualCiRole): CiRoleChange | undefined {
  const base = { kind: "ci_role" as const, address: ciAddress.role(accountId, after.name), accountId };
  if (!found) {
    return { ...base, action: "create", broadensAccess: true, name: after.name, after, changedFields: [] };
  }
  const before = specOf(found);
  const changedFields = ciRoleChangedFields(after, before);
  if (changedFields.length === 0) return undefined;
  return {
    ...base,
    action: "update",
    broadensAccess: broadens(before, after, changedFields),
    name: after.name,
    before,
    after,
    changedFields,
    ...(changedFields.includes("trustPolicy") && {
      reason: "AWS differs from keyless.yaml: apply restores the trust policy it declares",
    }),
  };
}

/** Heuristic, as for permission sets: a new Allow, a new attached policy, a boundary removed, a longer session. */
function broadens(before: CiRoleSpec, after: CiRoleSpec, fields: CiRoleField[]): boolean {
  if (fields.includes("trustPolicy") && policyBroadens(before.trustPolicy, after.trustPolicy)) return true;
  if (
    fields.includes("inlinePolicies") &&
    Object.entries(after.inlinePolicies).some(([n, a]) => policyBroadens(before.inlinePolicies[n] ?? "", a))
  ) {
    return true;
  }
  if (after.managedPolicies.some((m) => !before.managedPolicies.includes(m))) return true;
  if (before.permissionsBoundary !== null && after.permissionsBoundary === null) return true;
  return after.maxSessionDuration > before.maxSessionDuration;
}
