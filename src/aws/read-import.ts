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
import type { ActualAssignment, PermissionSetSpec, PrincipalType } from "../engine/model.ts";
import type { ImportGroup, ImportPermissionSet, ImportUser } from "../import/snapshot.ts";
import type { AwsClients } from "./clients.ts";
import { withAwsErrors } from "./errors.ts";
import type { InstanceRef } from "./instance.ts";
import { sortedUnique } from "./normalise.ts";
import { allPages } from "./paging.ts";
import { type PermissionSetReader, readPermissionSetNames, readSpec } from "./read-permission-sets.ts";

type Limit = ReturnType<typeof pLimit>;

/** Import reads permission sets exactly as plan does (same calls, same normalised content). */
function reader(clients: AwsClients, inst: InstanceRef, limit: Limit): PermissionSetReader {
  return { clients, inst, limit, described: new Map() };
}

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
      readPermissionSetNames(reader(clients, inst, limit)),
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
    const r = reader(clients, inst, limit);
    const specs = new Map<string, PermissionSetSpec>();
    const members = new Map<string, string[]>();
    await Promise.all([
      ...want.permissionSets.map(async (ps) => {
        specs.set(ps.arn, await readSpec(r, ps.arn, ps.name));
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
