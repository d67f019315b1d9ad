/**
 * Builds the Desired model from a file that passed every check: defaults applied, lists sorted, ids
 * resolved, so the planner compares like with like and two spellings of the same file plan alike.
 */

import type { PresetAttachments } from "../catalog/config-preset.ts";
import type {
  AssignmentRule,
  CustomerManagedPolicyRef,
  Desired,
  DesiredGroup,
  DesiredUser,
  PermissionSetSpec,
  PermissionsBoundary,
  PrincipalRef,
  TargetRef,
} from "../engine/model.ts";
import { toDesiredCi } from "./ci-normalise.ts";
import type { CiRolePolicy } from "./ci-semantic.ts";
import { DEFAULT_SESSION_DURATION, normaliseSessionDuration } from "./duration.ts";
import { MANAGED_BY_TAG, PRINCIPAL, TARGET } from "./patterns.ts";
import type { ConfigFile, PermissionSetFile } from "./schema.ts";
import { toDesiredStateBackend } from "./state-backend.ts";

/** Plain code-point order: stable across machines and locales. */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort(byCodePoint);

/**
 * `inlinePolicies`: permission set name → compact policy JSON, as loaded by semantic.ts (rendered
 * presets included); `presetAttachments`: the policies a set's preset attaches, merged with its own.
 */
export function toDesired(
  file: ConfigFile,
  inlinePolicies: ReadonlyMap<string, string>,
  presetAttachments: ReadonlyMap<string, PresetAttachments> = new Map(),
  ciPolicies: ReadonlyMap<string, CiRolePolicy> = new Map(),
): Desired {
  const ic = file.identityCenter;
  return {
    identityCenter: {
      region: ic.region,
      ...(ic.instanceArn !== undefined && { instanceArn: ic.instanceArn }),
      ...(ic.identityStoreId !== undefined && { identityStoreId: ic.identityStoreId }),
    },
    accounts: { ...file.accounts },
    organizationalUnits: { ...file.organizationalUnits },
    users: Object.entries(file.users ?? {})
      .map(
        ([userName, u]): DesiredUser => ({
          userName,
          displayName: u.displayName ?? "",
          givenName: u.givenName ?? "",
          familyName: u.familyName ?? "",
          email: u.email ?? "",
          remove: u.remove === true,
          external: u.external === true,
        }),
      )
      .sort((a, b) => byCodePoint(a.userName, b.userName)),
    groups: Object.entries(file.groups ?? {})
      .map(
        ([name, g]): DesiredGroup => ({
          name,
          description: g.description ?? "",
          members: sortedUnique(g.members ?? []),
          external: g.external === true,
        }),
      )
      .sort((a, b) => byCodePoint(a.name, b.name)),
    permissionSets: Object.entries(file.permissionSets ?? {})
      .map(([name, ps]) =>
        permissionSet(name, ps, inlinePolicies.get(name) ?? "", presetAttachments.get(name)),
      )
      .sort((a, b) => byCodePoint(a.name, b.name)),
    assignmentRules: (file.assignments ?? []).map((a) => assignmentRule(a, file)),
    prune: {
      permissionSets: [...(file.prune?.permissionSets ?? [])],
      groups: [...(file.prune?.groups ?? [])],
      assignmentsOfManagedPermissionSets: file.prune?.assignments ?? true,
      enabled: file.prune?.enabled ?? false,
      ...(file.prune?.ciRoles !== undefined && { ciRoles: [...file.prune.ciRoles] }),
    },
    ...(file.stateBackend && {
      stateBackend: toDesiredStateBackend(file.stateBackend, { ...file.accounts }),
    }),
    ...(file.ci && { ci: toDesiredCi(file.ci, file, ciPolicies) }),
  };
}

function permissionSet(
  name: string,
  ps: PermissionSetFile,
  inlinePolicy: string,
  preset?: PresetAttachments,
): PermissionSetSpec {
  return {
    name,
    description: ps.description ?? "",
    sessionDuration: normaliseSessionDuration(ps.sessionDuration ?? DEFAULT_SESSION_DURATION),
    relayState: ps.relayState ?? "",
    inlinePolicy,
    managedPolicies: sortedUnique([...(preset?.managedPolicies ?? []), ...(ps.managedPolicies ?? [])]),
    customerManagedPolicies: customerPolicies([
      ...(preset?.customerManagedPolicies ?? []),
      ...(ps.customerManagedPolicies ?? []),
    ]),
    permissionsBoundary: boundary(ps.permissionsBoundary),
    tags: tags(ps.tags ?? {}),
  };
}

function customerPolicies(
  items: NonNullable<PermissionSetFile["customerManagedPolicies"]>,
): CustomerManagedPolicyRef[] {
  const byKey = new Map<string, CustomerManagedPolicyRef>();
  for (const item of items) {
    const ref =
      typeof item === "string" ? { name: item, path: "/" } : { name: item.name, path: item.path ?? "/" };
    byKey.set(`${ref.path}${ref.name}`, ref);
  }
  return [...byKey.entries()].sort(([a], [b]) => byCodePoint(a, b)).map(([, ref]) => ref);
}

function boundary(b: PermissionSetFile["permissionsBoundary"]): PermissionsBoundary | null {
  if (b?.managedPolicyArn !== undefined) return { kind: "managed", arn: b.managedPolicyArn };
  if (b?.customerManagedPolicy !== undefined) {
    return {
      kind: "customer",
      name: b.customerManagedPolicy.name,
      path: b.customerManagedPolicy.path ?? "/",
    };
  }
  return null;
}

/** The user's tags plus keyless's ownership tag, keys sorted. */
function tags(given: Record<string, string>): Record<string, string> {
  const all: Record<string, string> = { ...given, [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value };
  return Object.fromEntries(
    Object.keys(all)
      .sort(byCodePoint)
      .map((k) => [k, all[k]!]),
  );
}

/** Principals and targets resolved; every name was checked by references.ts. Order as written. */
function assignmentRule(a: NonNullable<ConfigFile["assignments"]>[number], file: ConfigFile): AssignmentRule {
  const principals = a.principals.map((text): PrincipalRef => {
    const [, kind, name = ""] = PRINCIPAL.exec(text) ?? [];
    return { type: kind === "user" ? "USER" : "GROUP", name };
  });
  const targets = a.targets.map((text): TargetRef => {
    const [, prefix, name = ""] = TARGET.exec(text) ?? [];
    if (prefix === "ou") return { kind: "ou", name, ouId: lookup(file.organizationalUnits, name, text) };
    return { kind: "account", name, accountId: lookup(file.accounts, name, text) };
  });
  return { principals, permissionSets: [...a.permissionSets], targets };
}

function lookup(names: Record<string, string> | undefined, name: string, text: string): string {
  const id = names?.[name];
  if (id === undefined) throw new Error(`internal: unresolved target ${text} passed validation`);
  return id;
}
