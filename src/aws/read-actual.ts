/**
 * Reads what Identity Center has now, in bulk, for one plan. Reading never writes.
 *
 * Cost model (calls, which is what AWS throttles): users and groups are listed whole; memberships are
 * read only for managed groups; every permission set is described (names are needed to detect
 * collisions and prune scope) but only managed ones (named in the file or in prune scope) are read in
 * full; assignments are read per managed principal and per (managed permission set × provisioned
 * account), so assignments of managed permission sets to principals keyless does not manage are seen.
 */
import pLimit from "p-limit";
import type {
  AccountId,
  Actual,
  ActualAssignment,
  ActualGroup,
  ActualPermissionSet,
  ActualUser,
  Desired,
  PermissionSetSpec,
  PermissionsBoundary,
  PrincipalType,
} from "../engine/model.ts";
import type { AwsClients } from "./clients.ts";
import { isAwsError, withAwsErrors } from "./errors.ts";
import { discoverInstance, type InstanceRef } from "./instance.ts";
import { canonicalPolicy, matchesAny, sortedCustomerRefs, sortedUnique } from "./normalise.ts";
import { readOuAccounts } from "./organizations.ts";
import { allPages } from "./paging.ts";

export interface ReadActualOptions {
  onProgress?(message: string): void;
  /** Concurrent requests while reading (the global rate limiter still applies). Default 10. */
  concurrency?: number;
}

type Limit = ReturnType<typeof pLimit>;

interface Ctx {
  clients: AwsClients;
  inst: InstanceRef;
  limit: Limit;
  /** DescribePermissionSet answers from the names phase, reused by readSpec (one call per set, not two). */
  described: Map<string, DescribedPermissionSet>;
}

interface DescribedPermissionSet {
  Description?: string | undefined;
  SessionDuration?: string | undefined;
  RelayState?: string | undefined;
}

export async function readActual(
  clients: AwsClients,
  desired: Desired,
  opts: ReadActualOptions = {},
): Promise<Actual> {
  const progress = opts.onProgress ?? (() => {});
  return withAwsErrors(async () => {
    const inst = await discoverInstance(clients, desired.identityCenter);
    const ctx: Ctx = { clients, inst, limit: pLimit(opts.concurrency ?? 10), described: new Map() };
    progress("Reading users, groups, permission sets and organizational units");
    const ouIds = Object.values(desired.organizationalUnits);
    const [users, groups, permissionSets, ouAccounts] = await Promise.all([
      readUsers(ctx),
      readGroups(ctx),
      readPermissionSetNames(ctx),
      ouIds.length > 0 ? readOuAccounts(clients, ouIds) : Promise.resolve({}),
    ]);
    progress(`Read ${users.length} users, ${groups.length} groups, ${permissionSets.length} permission sets`);

    const managedGroupNames = new Set(desired.groups.filter((g) => !g.external).map((g) => g.name));
    await Promise.all(
      groups
        .filter((g) => managedGroupNames.has(g.name))
        .map(async (g) => {
          g.memberUserIds = await readMemberUserIds(ctx, g.groupId);
        }),
    );

    const desiredPsNames = new Set(desired.permissionSets.map((p) => p.name));
    const managedPs = permissionSets.filter(
      (p) => desiredPsNames.has(p.name) || matchesAny(p.name, desired.prune.permissionSets),
    );
    progress(`Reading ${managedPs.length} managed permission sets in full`);
    const provisionedAccounts: Record<string, AccountId[]> = {};
    const staleProvisioning: Record<string, AccountId[]> = {};
    await Promise.all(
      managedPs.map(async (ps) => {
        const [spec, provisioned, stale] = await Promise.all([
          readSpec(ctx, ps.arn, ps.name),
          readProvisionedAccounts(ctx, ps.arn),
          readProvisionedAccounts(ctx, ps.arn, "LATEST_PERMISSION_SET_NOT_PROVISIONED"),
        ]);
        ps.spec = spec;
        provisionedAccounts[ps.name] = provisioned;
        if (stale.length > 0) staleProvisioning[ps.name] = stale;
      }),
    );

    const assignments = await readAssignments(ctx, desired, users, groups, managedPs, provisionedAccounts);
    progress(`Read ${assignments.length} account assignments`);
    return {
      instanceArn: inst.instanceArn,
      identityStoreId: inst.identityStoreId,
      users,
      groups,
      permissionSets,
      assignments,
      staleProvisioning: sortRecord(staleProvisioning),
      provisionedAccounts: sortRecord(provisionedAccounts),
      ouAccounts,
    };
  });
}

async function readUsers(ctx: Ctx): Promise<ActualUser[]> {
  const raw = await allPages(
    (NextToken) =>
      ctx.limit(() =>
        ctx.clients.identityStore.listUsers({ IdentityStoreId: ctx.inst.identityStoreId, NextToken }),
      ),
    (p) => p.Users,
  );
  return raw
    .filter((u) => u.UserId)
    .map((u) => {
      const email = u.Emails?.find((e) => e.Primary) ?? u.Emails?.[0];
      return {
        userId: u.UserId!,
        userName: u.UserName ?? "",
        displayName: u.DisplayName ?? "",
        givenName: u.Name?.GivenName ?? "",
        familyName: u.Name?.FamilyName ?? "",
        email: email?.Value ?? "",
      };
    })
    .sort((a, b) => cmp(a.userName, b.userName));
}

async function readGroups(ctx: Ctx): Promise<ActualGroup[]> {
  const raw = await allPages(
    (NextToken) =>
      ctx.limit(() =>
        ctx.clients.identityStore.listGroups({ IdentityStoreId: ctx.inst.identityStoreId, NextToken }),
      ),
    (p) => p.Groups,
  );
  return raw
    .filter((g) => g.GroupId)
    .map((g) => ({ groupId: g.GroupId!, name: g.DisplayName ?? "", description: g.Description ?? "" }))
    .sort((a, b) => cmp(a.name, b.name));
}

async function readMemberUserIds(ctx: Ctx, groupId: string): Promise<string[]> {
  const raw = await allPages(
    (NextToken) =>
      ctx.limit(() =>
        ctx.clients.identityStore.listGroupMemberships({
          IdentityStoreId: ctx.inst.identityStoreId,
          GroupId: groupId,
          NextToken,
        }),
      ),
    (p) => p.GroupMemberships,
  );
  return sortedUnique(raw.flatMap((m) => (m.MemberId?.UserId ? [m.MemberId.UserId] : [])));
}

async function readPermissionSetNames(ctx: Ctx): Promise<ActualPermissionSet[]> {
  const { ssoAdmin } = ctx.clients;
  const InstanceArn = ctx.inst.instanceArn;
  const arns = await allPages(
    (NextToken) => ctx.limit(() => ssoAdmin.listPermissionSets({ InstanceArn, NextToken })),
    (p) => p.PermissionSets,
  );
  const described = await Promise.all(
    arns.map((arn) =>
      ctx.limit(async () => {
        const res = await ssoAdmin.describePermissionSet({ InstanceArn, PermissionSetArn: arn });
        if (res.PermissionSet) ctx.described.set(arn, res.PermissionSet);
        return { arn, name: res.PermissionSet?.Name ?? "" };
      }),
    ),
  );
  return described.sort((a, b) => cmp(a.name, b.name));
}

/** Reads the comparable content of one permission set (5 calls; the description comes from the names phase). */
async function readSpec(ctx: Ctx, arn: string, name: string): Promise<PermissionSetSpec> {
  const { ssoAdmin } = ctx.clients;
  const base = { InstanceArn: ctx.inst.instanceArn, PermissionSetArn: arn };
  const known = ctx.described.get(arn);
  const [described, inline, managed, customer, boundary, tags] = await Promise.all([
    known ? Promise.resolve({ PermissionSet: known }) : ctx.limit(() => ssoAdmin.describePermissionSet(base)),
    ctx.limit(() => ssoAdmin.getInlinePolicyForPermissionSet(base)),
    allPages(
      (NextToken) => ctx.limit(() => ssoAdmin.listManagedPoliciesInPermissionSet({ ...base, NextToken })),
      (p) => p.AttachedManagedPolicies,
    ),
    allPages(
      (NextToken) =>
        ctx.limit(() => ssoAdmin.listCustomerManagedPolicyReferencesInPermissionSet({ ...base, NextToken })),
      (p) => p.CustomerManagedPolicyReferences,
    ),
    ctx.limit(() => readBoundary(ctx, arn)),
    allPages(
      (NextToken) =>
        ctx.limit(() =>
          ssoAdmin.listTagsForResource({ InstanceArn: ctx.inst.instanceArn, ResourceArn: arn, NextToken }),
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
async function readBoundary(ctx: Ctx, arn: string): Promise<PermissionsBoundary | null> {
  try {
    const res = await ctx.clients.ssoAdmin.getPermissionsBoundaryForPermissionSet({
      InstanceArn: ctx.inst.instanceArn,
      PermissionSetArn: arn,
    });
    const b = res.PermissionsBoundary;
    if (b?.ManagedPolicyArn) return { kind: "managed", arn: b.ManagedPolicyArn };
    if (b?.CustomerManagedPolicyReference?.Name) {
      const ref = b.CustomerManagedPolicyReference;
      return { kind: "customer", name: ref.Name!, path: ref.Path || "/" };
    }
    return null;
  } catch (err) {
    if (isAwsError(err, "ResourceNotFoundException")) return null;
    throw err;
  }
}

async function readProvisionedAccounts(
  ctx: Ctx,
  arn: string,
  status?: "LATEST_PERMISSION_SET_NOT_PROVISIONED",
): Promise<AccountId[]> {
  const ids = await allPages(
    (NextToken) =>
      ctx.limit(() =>
        ctx.clients.ssoAdmin.listAccountsForProvisionedPermissionSet({
          InstanceArn: ctx.inst.instanceArn,
          PermissionSetArn: arn,
          ...(status ? { ProvisioningStatus: status } : {}),
          NextToken,
        }),
      ),
    (p) => p.AccountIds,
  );
  return sortedUnique(ids);
}

async function readAssignments(
  ctx: Ctx,
  desired: Desired,
  users: ActualUser[],
  groups: ActualGroup[],
  managedPs: ActualPermissionSet[],
  provisionedAccounts: Record<string, AccountId[]>,
): Promise<ActualAssignment[]> {
  const { ssoAdmin } = ctx.clients;
  const InstanceArn = ctx.inst.instanceArn;
  const fileUsers = new Set(desired.users.map((u) => u.userName));
  const fileGroups = new Set(desired.groups.map((g) => g.name));
  const principals: { type: PrincipalType; id: string }[] = [
    ...users.filter((u) => fileUsers.has(u.userName)).map((u) => ({ type: "USER" as const, id: u.userId })),
    ...groups
      .filter((g) => fileGroups.has(g.name) || matchesAny(g.name, desired.prune.groups))
      .map((g) => ({ type: "GROUP" as const, id: g.groupId })),
  ];
  const byPrincipal = principals.map((p) =>
    allPages(
      (NextToken) =>
        ctx.limit(() =>
          ssoAdmin.listAccountAssignmentsForPrincipal({
            InstanceArn,
            PrincipalId: p.id,
            PrincipalType: p.type,
            NextToken,
          }),
        ),
      (page) => page.AccountAssignments,
    ),
  );
  const byPermissionSet = managedPs.flatMap((ps) =>
    (provisionedAccounts[ps.name] ?? []).map((accountId) =>
      allPages(
        (NextToken) =>
          ctx.limit(() =>
            ssoAdmin.listAccountAssignments({
              InstanceArn,
              AccountId: accountId,
              PermissionSetArn: ps.arn,
              NextToken,
            }),
          ),
        (page) => page.AccountAssignments,
      ),
    ),
  );
  const all = (await Promise.all([...byPrincipal, ...byPermissionSet])).flat();
  const seen = new Map<string, ActualAssignment>();
  for (const a of all) {
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

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => cmp(a, b)));
}
