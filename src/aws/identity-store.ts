/**
 * Identity-store reads for a plan, at any store size. A store of 50,000 users is not listed whole on
 * every plan when the file names 30: listing goes page by page while the read planner says it pays
 * (read-planner.ts, createListingBudget); named users and groups not seen by then are looked up by
 * name (GetUserId / GetGroupId on the unique attribute, then DescribeUser / DescribeGroup), and ids
 * met later (members of managed groups, principals of assignments) are described one by one.
 *
 * A kind listed to its end is complete: it holds every user (group) of the store, so unmanaged ones
 * can be counted. A kind that is not complete holds only what was named or met by id.
 */
import type { ActualGroup, ActualUser } from "../engine/model.ts";
import type { AwsClients } from "./clients.ts";
import { isAwsError } from "./errors.ts";
import { sortedUnique } from "./normalise.ts";
import { allPages } from "./paging.ts";
import { type ListingBudget, MAX_RESULTS, type PrincipalKind } from "./read-planner.ts";

export interface IdentityStoreReader {
  clients: Pick<AwsClients, "identityStore">;
  identityStoreId: string;
  /** Concurrency gate shared with the other reads of the plan. */
  limit: <T>(fn: () => Promise<T>) => Promise<T>;
}

export interface IdentityStoreSnapshot {
  /** By user id. */
  users: Map<string, ActualUser>;
  /** By group id. */
  groups: Map<string, ActualGroup>;
  /** Which kinds were listed to their end (then they hold every user / group of the store). */
  complete: Record<PrincipalKind, boolean>;
}

interface SdkUser {
  UserId?: string | undefined;
  UserName?: string | undefined;
  DisplayName?: string | undefined;
  Name?: { GivenName?: string | undefined; FamilyName?: string | undefined } | undefined;
  Emails?: { Value?: string | undefined; Primary?: boolean | undefined }[] | undefined;
}

interface SdkGroup {
  GroupId?: string | undefined;
  DisplayName?: string | undefined;
  Description?: string | undefined;
}

function toUser(u: SdkUser & { UserId: string }): ActualUser {
  const email = u.Emails?.find((e) => e.Primary) ?? u.Emails?.[0];
  return {
    userId: u.UserId,
    userName: u.UserName ?? "",
    displayName: u.DisplayName ?? "",
    givenName: u.Name?.GivenName ?? "",
    familyName: u.Name?.FamilyName ?? "",
    email: email?.Value ?? "",
  };
}

function toGroup(g: SdkGroup & { GroupId: string }): ActualGroup {
  return { groupId: g.GroupId, name: g.DisplayName ?? "", description: g.Description ?? "" };
}

/** Lists `kind` page by page while the budget says so; every item seen is passed to `keep`. */
async function listWhileBudget<T>(
  kind: PrincipalKind,
  budget: ListingBudget,
  fetchPage: (token: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
  nameOf: (item: T) => string,
  keep: (item: T) => void,
): Promise<void> {
  if (!budget.start(kind)) return;
  let token: string | undefined;
  for (;;) {
    const page = await fetchPage(token);
    for (const item of page.items) keep(item);
    token = page.next || undefined;
    if (!budget.page(kind, page.items.map(nameOf), token !== undefined)) return;
  }
}

export async function readIdentityStore(
  r: IdentityStoreReader,
  named: Record<PrincipalKind, readonly string[]>,
  budget: ListingBudget,
): Promise<IdentityStoreSnapshot> {
  const IdentityStoreId = r.identityStoreId;
  const store = r.clients.identityStore;
  const listedUsers = new Map<string, ActualUser>();
  const listedGroups = new Map<string, ActualGroup>();
  // Groups first: usually far fewer than users, and per-principal needs both whole.
  await listWhileBudget(
    "groups",
    budget,
    async (NextToken) => {
      const p = await r.limit(() =>
        store.listGroups({ IdentityStoreId, MaxResults: MAX_RESULTS, NextToken }),
      );
      return { items: p.Groups ?? [], next: p.NextToken };
    },
    (g) => g.DisplayName ?? "",
    (g) => {
      if (g.GroupId) listedGroups.set(g.GroupId, toGroup({ ...g, GroupId: g.GroupId }));
    },
  );
  await listWhileBudget(
    "users",
    budget,
    async (NextToken) => {
      const p = await r.limit(() => store.listUsers({ IdentityStoreId, MaxResults: MAX_RESULTS, NextToken }));
      return { items: p.Users ?? [], next: p.NextToken };
    },
    (u) => u.UserName ?? "",
    (u) => {
      if (u.UserId) listedUsers.set(u.UserId, toUser({ ...u, UserId: u.UserId }));
    },
  );
  const complete = { users: budget.complete("users"), groups: budget.complete("groups") };
  const users = complete.users ? listedUsers : keepNamed(listedUsers, named.users, (u) => u.userName);
  const groups = complete.groups ? listedGroups : keepNamed(listedGroups, named.groups, (g) => g.name);
  const seenUserNames = new Set([...users.values()].map((u) => u.userName));
  const seenGroupNames = new Set([...groups.values()].map((g) => g.name));
  const [foundUsers, foundGroups] = await Promise.all([
    complete.users
      ? []
      : Promise.all(
          sortedUnique(named.users.filter((n) => !seenUserNames.has(n))).map((n) => lookUpUser(r, n)),
        ),
    complete.groups
      ? []
      : Promise.all(
          sortedUnique(named.groups.filter((n) => !seenGroupNames.has(n))).map((n) => lookUpGroup(r, n)),
        ),
  ]);
  for (const u of foundUsers) if (u) users.set(u.userId, u);
  for (const g of foundGroups) if (g) groups.set(g.groupId, g);
  return { users, groups, complete };
}

/** Of a partial listing, only what the file names is kept: the rest was seen by chance. */
function keepNamed<T>(
  items: Map<string, T>,
  names: readonly string[],
  nameOf: (t: T) => string,
): Map<string, T> {
  const wanted = new Set(names);
  return new Map([...items].filter(([, t]) => wanted.has(nameOf(t))));
}

async function lookUpUser(r: IdentityStoreReader, userName: string): Promise<ActualUser | undefined> {
  const id = await notFoundAsUndefined(() =>
    r.limit(() =>
      r.clients.identityStore.getUserId({
        IdentityStoreId: r.identityStoreId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: userName } },
      }),
    ),
  );
  return id?.UserId ? describeUser(r, id.UserId) : undefined;
}

async function lookUpGroup(r: IdentityStoreReader, displayName: string): Promise<ActualGroup | undefined> {
  const id = await notFoundAsUndefined(() =>
    r.limit(() =>
      r.clients.identityStore.getGroupId({
        IdentityStoreId: r.identityStoreId,
        AlternateIdentifier: {
          UniqueAttribute: { AttributePath: "displayName", AttributeValue: displayName },
        },
      }),
    ),
  );
  return id?.GroupId ? describeGroup(r, id.GroupId) : undefined;
}

async function describeUser(r: IdentityStoreReader, userId: string): Promise<ActualUser | undefined> {
  const u = await notFoundAsUndefined(() =>
    r.limit(() =>
      r.clients.identityStore.describeUser({ IdentityStoreId: r.identityStoreId, UserId: userId }),
    ),
  );
  return u ? toUser({ ...u, UserId: u.UserId ?? userId }) : undefined;
}

async function describeGroup(r: IdentityStoreReader, groupId: string): Promise<ActualGroup | undefined> {
  const g = await notFoundAsUndefined(() =>
    r.limit(() =>
      r.clients.identityStore.describeGroup({ IdentityStoreId: r.identityStoreId, GroupId: groupId }),
    ),
  );
  return g ? toGroup({ ...g, GroupId: g.GroupId ?? groupId }) : undefined;
}

/** A user or group deleted meanwhile (or never there) is simply absent. */
async function notFoundAsUndefined<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (isAwsError(err, "ResourceNotFoundException")) return undefined;
    throw err;
  }
}

/**
 * Names for ids met after the listing (members of managed groups, principals of assignments), for
 * kinds that were not listed whole; an id of a complete kind that is not in it no longer exists.
 * Returns the number of ids described.
 */
export async function describeUnknownIds(
  r: IdentityStoreReader,
  snap: IdentityStoreSnapshot,
  ids: { users: Iterable<string>; groups: Iterable<string> },
): Promise<number> {
  const userIds = snap.complete.users ? [] : sortedUnique(ids.users).filter((id) => !snap.users.has(id));
  const groupIds = snap.complete.groups ? [] : sortedUnique(ids.groups).filter((id) => !snap.groups.has(id));
  const [users, groups] = await Promise.all([
    Promise.all(userIds.map((id) => describeUser(r, id))),
    Promise.all(groupIds.map((id) => describeGroup(r, id))),
  ]);
  for (const u of users) if (u) snap.users.set(u.userId, u);
  for (const g of groups) if (g) snap.groups.set(g.groupId, g);
  return userIds.length + groupIds.length;
}

export async function readMemberUserIds(r: IdentityStoreReader, groupId: string): Promise<string[]> {
  const raw = await allPages(
    (NextToken) =>
      r.limit(() =>
        r.clients.identityStore.listGroupMemberships({
          IdentityStoreId: r.identityStoreId,
          GroupId: groupId,
          MaxResults: MAX_RESULTS,
          NextToken,
        }),
      ),
    (p) => p.GroupMemberships,
  );
  return sortedUnique(raw.flatMap((m) => (m.MemberId?.UserId ? [m.MemberId.UserId] : [])));
}
