/**
 * Reads a whole Identity Center instance for `keyless import`, in two phases, never writing:
 *
 * 1. `readInventory`: users and groups (with their ExternalIds, which mark what an external identity
 *    provider owns), permission set names, and every account assignment. Assignments are read per
 *    principal (ListAccountAssignmentsForPrincipal, one call per user and group plus pages): that is
 *    complete whatever the provisioning state, and it is what the selection of an import needs first.
 * 2. `readDetails`: the full content of the permission sets and the members of the groups the import
 *    writes, once the command knows which ones.
 *
 * The permission set content is normalised with the same helpers as read-actual.ts, so what import
 * writes compares equal in the next plan.
 */
import pLimit from "p-limit";
import type {
  ActualAssignment,
  PermissionSetSpec,
  PermissionsBoundary,
  PrincipalType,
} from "../engine/model.ts";
import type { ImportGroup, ImportPermissionSet, ImportUser } from "../import/snapshot.ts";
import type { AwsClients } from "./clients.ts";
import { isAwsError, withAwsErrors } from "./errors.ts";
import type { InstanceRef } from "./instance.ts";
import { canonicalPolicy, sortedCustomerRefs, sortedUnique } from "./normalise.ts";
import { allPages } from "./paging.ts";

type Limit = ReturnType<typeof pLimit>;

export interface Inventory {
  users: ImportUser[];
  groups: ImportGroup[];
  permissionSets: ImportPermissionSet[];
  assignments: ActualAssignment[];
}

export interface ReadOptions {
  onProgress?(message: string): void;
  /** Concurrent requests (the clients' global rate limit still applies). Default 10. */
  concurrency?: number;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function readInventory(
  clients: AwsClients,
  inst: InstanceRef,
  opts: ReadOptions = {},
): Promise<Inventory> {
  const limit = pLimit(opts.concurrency ?? 10);
  const progress = opts.onProgress ?? (() => {});
  return withAwsErrors(async () => {
    progress("Reading users, groups and permission sets");
    const [users, groups, permissionSets] = await Promise.all([
      readUsers(clients, inst, limit),
      readGroups(clients, inst, limit),
      readPermissionSetNames(clients, inst, limit),
    ]);
    progress(
      `Read ${users.length} users, ${groups.length} groups, ${permissionSets.length} permission sets; ` +
        `reading the assignments of each user and group`,
    );
    const principals = [
      ...users.map((u) => ({ type: "USER" as const, id: u.userId })),
      ...groups.map((g) => ({ type: "GROUP" as const, id: g.groupId })),
    ];
    const assignments = await readAssignments(clients, inst, limit, principals);
    progress(`Read ${assignments.length} account assignments`);
    return { users, groups, permissionSets, assignments };
  });
}

export interface Details {
  /** Permission set arn → its content. */
  specs: Map<string, PermissionSetSpec>;
  /** Group id → member user ids. */
  members: Map<string, string[]>;
}

export async function readDetails(
  clients: AwsClients,
  inst: InstanceRef,
  want: { permissionSets: ImportPermissionSet[]; groupIds: string[] },
  opts: ReadOptions = {},
): Promise<Details> {
  const limit = pLimit(opts.concurrency ?? 10);
  const progress = opts.onProgress ?? (() => {});
  return withAwsErrors(async () => {
    progress(
      `Reading ${want.permissionSets.length} permission sets in full and the members of ${want.groupIds.length} groups`,
    );
    const specs = new Map<string, PermissionSetSpec>();
    const members = new Map<string, string[]>();
    await Promise.all([
      ...want.permissionSets.map(async (ps) => {
        specs.set(ps.arn, await readSpec(clients, inst, limit, ps.arn, ps.name));
      }),
      ...want.groupIds.map(async (id) => {
        members.set(id, await readMembers(clients, inst, limit, id));
      }),
    ]);
    return { specs, members };
  });
}

function hasExternalIds(item: { ExternalIds?: unknown[] | undefined }): boolean {
  return Array.isArray(item.ExternalIds) && item.ExternalIds.length > 0;
}

async function readUsers(clients: AwsClients, inst: InstanceRef, limit: Limit): Promise<ImportUser[]> {
  const raw = await allPages(
    (NextToken) =>
      limit(() => clients.identityStore.listUsers({ IdentityStoreId: inst.identityStoreId, NextToken })),
    (p) => p.Users,
  );
  return raw
    .filter((u) => u.UserId)
    .map((u) => {
      // The same e-mail choice as read-actual.ts: the primary one, else the first.
      const email = u.Emails?.find((e) => e.Primary) ?? u.Emails?.[0];
      return {
        userId: u.UserId!,
        userName: u.UserName ?? "",
        displayName: u.DisplayName ?? "",
        givenName: u.Name?.GivenName ?? "",
        familyName: u.Name?.FamilyName ?? "",
        email: email?.Value ?? "",
        external: hasExternalIds(u),
      };
    })
    .sort((a, b) => cmp(a.userName, b.userName));
}

async function readGroups(clients: AwsClients, inst: InstanceRef, limit: Limit): Promise<ImportGroup[]> {
  const raw = await allPages(
    (NextToken) =>
      limit(() => clients.identityStore.listGroups({ IdentityStoreId: inst.identityStoreId, NextToken })),
    (p) => p.Groups,
  );
  return raw
    .filter((g) => g.GroupId)
    .map((g) => ({
      groupId: g.GroupId!,
      name: g.DisplayName ?? "",
      description: g.Description ?? "",
      external: hasExternalIds(g),
    }))
    .sort((a, b) => cmp(a.name, b.name));
}

async function readMembers(
  clients: AwsClients,
  inst: InstanceRef,
  limit: Limit,
  groupId: string,
): Promise<string[]> {
  const raw = await allPages(
    (NextToken) =>
      limit(() =>
        clients.identityStore.listGroupMemberships({
          IdentityStoreId: inst.identityStoreId,
          GroupId: groupId,
          NextToken,
        }),
      ),
    (p) => p.GroupMemberships,
  );
  return sortedUnique(raw.flatMap((m) => (m.MemberId?.UserId ? [m.MemberId.UserId] : [])));
}

async function readPermissionSetNames(
  clients: AwsClients,
  inst: InstanceRef,
  limit: Limit,
): Promise<ImportPermissionSet[]> {
  const InstanceArn = inst.instanceArn;
  const arns = await allPages(
    (NextToken) => limit(() => clients.ssoAdmin.listPermissionSets({ InstanceArn, NextToken })),
    (p) => p.PermissionSets,
  );
  const named = await Promise.all(
    arns.map((arn) =>
      limit(async () => {
        const res = await clients.ssoAdmin.describePermissionSet({ InstanceArn, PermissionSetArn: arn });
        return { arn, name: res.PermissionSet?.Name ?? "" };
      }),
    ),
  );
  return named.sort((a, b) => cmp(a.name, b.name));
}

async function readAssignments(
  clients: AwsClients,
  inst: InstanceRef,
  limit: Limit,
  principals: { type: PrincipalType; id: string }[],
): Promise<ActualAssignment[]> {
  const pages = await Promise.all(
    principals.map((p) =>
      allPages(
        (NextToken) =>
          limit(() =>
            clients.ssoAdmin.listAccountAssignmentsForPrincipal({
              InstanceArn: inst.instanceArn,
              PrincipalId: p.id,
              PrincipalType: p.type,
              NextToken,
            }),
          ),
        (page) => page.AccountAssignments,
      ),
    ),
  );
  const seen = new Map<string, ActualAssignment>();
  for (const a of pages.flat()) {
    if (!a.AccountId || !a.PermissionSetArn || !a.PrincipalId || !a.PrincipalType) continue;
    const item: ActualAssignment = {
      principalType: a.PrincipalType as PrincipalType,
      principalId: a.PrincipalId,
      permissionSetArn: a.PermissionSetArn,
      accountId: a.AccountId,
    };
    seen.set(`${item.principalType}|${item.principalId}|${item.permissionSetArn}|${item.accountId}`, item);
  }
  return [...seen.entries()].sort(([a], [b]) => cmp(a, b)).map(([, v]) => v);
}

async function readSpec(
  clients: AwsClients,
  inst: InstanceRef,
  limit: Limit,
  arn: string,
  name: string,
): Promise<PermissionSetSpec> {
  const { ssoAdmin } = clients;
  const base = { InstanceArn: inst.instanceArn, PermissionSetArn: arn };
  const [described, inline, managed, customer, boundary, tags] = await Promise.all([
    limit(() => ssoAdmin.describePermissionSet(base)),
    limit(() => ssoAdmin.getInlinePolicyForPermissionSet(base)),
    allPages(
      (NextToken) => limit(() => ssoAdmin.listManagedPoliciesInPermissionSet({ ...base, NextToken })),
      (p) => p.AttachedManagedPolicies,
    ),
    allPages(
      (NextToken) =>
        limit(() => ssoAdmin.listCustomerManagedPolicyReferencesInPermissionSet({ ...base, NextToken })),
      (p) => p.CustomerManagedPolicyReferences,
    ),
    limit(() => readBoundary(clients, base)),
    allPages(
      (NextToken) =>
        limit(() =>
          ssoAdmin.listTagsForResource({ InstanceArn: inst.instanceArn, ResourceArn: arn, NextToken }),
        ),
      (p) => p.Tags,
    ),
  ]);
  const ps = described.PermissionSet;
  return {
    name,
    description: ps?.Description ?? "",
    sessionDuration: ps?.SessionDuration ?? "PT1H",
    relayState: ps?.RelayState ?? "",
    inlinePolicy: canonicalPolicy(inline.InlinePolicy),
    managedPolicies: sortedUnique(managed.flatMap((m) => (m.Arn ? [m.Arn] : []))),
    customerManagedPolicies: sortedCustomerRefs(customer.map((c) => ({ name: c.Name, path: c.Path }))),
    permissionsBoundary: boundary,
    tags: Object.fromEntries(
      tags
        .flatMap((t) => (t.Key !== undefined ? [[t.Key, t.Value ?? ""] as const] : []))
        .sort(([a], [b]) => cmp(a, b)),
    ),
  };
}

/** AWS answers ResourceNotFoundException when a permission set has no boundary. */
async function readBoundary(
  clients: AwsClients,
  base: { InstanceArn: string; PermissionSetArn: string },
): Promise<PermissionsBoundary | null> {
  try {
    const res = await clients.ssoAdmin.getPermissionsBoundaryForPermissionSet(base);
    const b = res.PermissionsBoundary;
    if (b?.ManagedPolicyArn) return { kind: "managed", arn: b.ManagedPolicyArn };
    const ref = b?.CustomerManagedPolicyReference;
    if (ref?.Name) return { kind: "customer", name: ref.Name, path: ref.Path || "/" };
    return null;
  } catch (err) {
    if (isAwsError(err, "ResourceNotFoundException")) return null;
    throw err;
  }
}
