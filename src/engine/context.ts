/**
 * Indexes shared by the per-kind differs, built once per plan. The Actual is first put in a
 * canonical order (sorted, de-duplicated sets) so that every later "first match" is the same no
 * matter in which order AWS returned things: that is what makes plan() deterministic.
 */
import { canonicalJson, compareStrings } from "./canonical-json.ts";
import type {
  AccountId,
  Actual,
  ActualAssignment,
  ActualGroup,
  ActualPermissionSet,
  ActualUser,
  Desired,
  DesiredGroup,
  DesiredUser,
  PermissionSetSpec,
} from "./model.ts";
import { matchesAny } from "./prune-scope.ts";

export interface PlanContext {
  desired: Desired;
  /** The Actual in canonical order. */
  actual: Actual;
  users: { byName: Map<string, ActualUser>; byId: Map<string, ActualUser> };
  groups: { byName: Map<string, ActualGroup>; byId: Map<string, ActualGroup> };
  permissionSets: { byName: Map<string, ActualPermissionSet>; byArn: Map<string, ActualPermissionSet> };
  /** Desired entries by natural key; the first one wins if the file model ever held duplicates. */
  desiredUsers: Map<string, DesiredUser>;
  desiredGroups: Map<string, DesiredGroup>;
  desiredPermissionSets: Map<string, PermissionSetSpec>;
  /** Ids of users declared `remove: true` that still exist: their deletion is explicit, not pruning. */
  removedUserIds: Set<string>;
  /** Ids of groups not in the file whose name is in prune.groups. */
  prunedGroupIds: Set<string>;
  /** ARNs of permission sets not in the file whose name is in prune.permissionSets. */
  prunedPermissionSetArns: Set<string>;
}

function sortBy<T>(items: readonly T[], ...keys: ((t: T) => string)[]): T[] {
  const decorated = items.map((item) => ({
    item,
    keys: [...keys.map((k) => k(item)), canonicalJson(item, { sortArrays: true })],
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < a.keys.length; i++) {
      const c = compareStrings(a.keys[i] ?? "", b.keys[i] ?? "");
      if (c !== 0) return c;
    }
    return 0;
  });
  return decorated.map((d) => d.item);
}

export function uniqueSorted(items: readonly string[] | undefined): string[] {
  return [...new Set(items ?? [])].sort(compareStrings);
}

function normaliseRecord(rec: Record<string, AccountId[]>): Record<string, AccountId[]> {
  return Object.fromEntries(
    Object.keys(rec)
      .sort(compareStrings)
      .map((key) => [key, uniqueSorted(rec[key])]),
  );
}

/** `rec[key]` for own keys only: a permission set named "constructor" must not find Object's. */
export function ownEntry(rec: Readonly<Record<string, AccountId[]>>, key: string): AccountId[] {
  return Object.hasOwn(rec, key) ? (rec[key] ?? []) : [];
}

function dedupeAssignments(items: readonly ActualAssignment[]): ActualAssignment[] {
  const seen = new Set<string>();
  const out: ActualAssignment[] = [];
  for (const a of items) {
    const key = canonicalJson(a, { sortArrays: false });
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/** List fields of a permission set are sets: sorted and de-duplicated, as the model documents. */
function normaliseSpec(spec: PermissionSetSpec): PermissionSetSpec {
  const cmp = new Map(spec.customerManagedPolicies.map((c) => [`${c.path}\u0000${c.name}`, c]));
  return {
    ...spec,
    managedPolicies: uniqueSorted(spec.managedPolicies),
    customerManagedPolicies: [...cmp.keys()].sort(compareStrings).map((k) => cmp.get(k)!),
  };
}

/** The Actual with every set in a canonical order. */
export function normaliseActual(actual: Actual): Actual {
  return {
    instanceArn: actual.instanceArn,
    identityStoreId: actual.identityStoreId,
    users: sortBy(
      actual.users,
      (u) => u.userName,
      (u) => u.userId,
    ),
    groups: sortBy(
      actual.groups.map((g) =>
        g.memberUserIds === undefined ? { ...g } : { ...g, memberUserIds: uniqueSorted(g.memberUserIds) },
      ),
      (g) => g.name,
      (g) => g.groupId,
    ),
    permissionSets: sortBy(
      actual.permissionSets.map((p) => (p.spec ? { ...p, spec: normaliseSpec(p.spec) } : p)),
      (p) => p.name,
      (p) => p.arn,
    ),
    ...(actual.identityStoreComplete ? { identityStoreComplete: { ...actual.identityStoreComplete } } : {}),
    assignments: sortBy(dedupeAssignments(actual.assignments)),
    staleProvisioning: normaliseRecord(actual.staleProvisioning),
    provisionedAccounts: normaliseRecord(actual.provisionedAccounts),
    ouAccounts: normaliseRecord(actual.ouAccounts),
  };
}

function indexFirst<T>(items: readonly T[], key: (t: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

export function buildContext(desired: Desired, rawActual: Actual): PlanContext {
  const actual = normaliseActual(rawActual);
  const desiredUsers = indexFirst(desired.users, (u) => u.userName);
  const desiredGroups = indexFirst(desired.groups, (g) => g.name);
  const desiredPermissionSets = indexFirst(desired.permissionSets, (p) => p.name);
  const users = {
    byName: indexFirst(actual.users, (u) => u.userName),
    byId: indexFirst(actual.users, (u) => u.userId),
  };
  const groups = {
    byName: indexFirst(actual.groups, (g) => g.name),
    byId: indexFirst(actual.groups, (g) => g.groupId),
  };
  const permissionSets = {
    byName: indexFirst(actual.permissionSets, (p) => p.name),
    byArn: indexFirst(actual.permissionSets, (p) => p.arn),
  };

  const removedUserIds = new Set<string>();
  for (const u of desiredUsers.values()) {
    const existing = users.byName.get(u.userName);
    if (u.remove && !u.external && existing) removedUserIds.add(existing.userId);
  }
  const prunedGroupIds = new Set(
    actual.groups
      .filter((g) => !desiredGroups.has(g.name) && matchesAny(g.name, desired.prune.groups))
      .map((g) => g.groupId),
  );
  const prunedPermissionSetArns = new Set(
    actual.permissionSets
      .filter((p) => !desiredPermissionSets.has(p.name) && matchesAny(p.name, desired.prune.permissionSets))
      .map((p) => p.arn),
  );

  return {
    desired,
    actual,
    users,
    groups,
    permissionSets,
    desiredUsers,
    desiredGroups,
    desiredPermissionSets,
    removedUserIds,
    prunedGroupIds,
    prunedPermissionSetArns,
  };
}
