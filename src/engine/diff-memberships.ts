/**
 * Memberships of managed groups are authoritative: members in the file and not in AWS are added
 * (that broadens access), members in AWS and not in the file are removed (prune-gated). Members of
 * external groups are never touched. Memberships of users declared `remove` are deleted by
 * diff-users (explicitly), so they are skipped here.
 */
import { addressOf } from "./addresses.ts";
import type { PlanContext } from "./context.ts";
import { type DiffResult, emptyResult } from "./diff-types.ts";

export function diffMemberships(ctx: PlanContext): DiffResult {
  const out = emptyResult();
  const storeId = ctx.actual.identityStoreId;
  for (const desired of ctx.desiredGroups.values()) {
    if (desired.external) continue;
    const group = ctx.groups.byName.get(desired.name);
    const actualIds = new Set(group?.memberUserIds ?? []);
    const wanted = new Set<string>();

    for (const userName of desired.members) {
      if (wanted.has(userName)) continue;
      wanted.add(userName);
      const declared = ctx.desiredUsers.get(userName);
      const user = ctx.users.byName.get(userName);
      if (declared?.remove && !declared.external) {
        out.problems.push(`group ${desired.name} lists member ${userName}, who is marked remove`);
        continue;
      }
      if (!user) {
        // A managed user is created in the same apply; an external one must exist (reported by diff-users).
        if (declared?.external) continue;
        if (!declared) {
          out.problems.push(
            `group ${desired.name} lists member ${userName}, who is neither in the file nor in identity store ${storeId}`,
          );
          continue;
        }
      }
      if (user && actualIds.has(user.userId)) continue;
      out.changes.push({
        kind: "membership",
        action: "create",
        address: addressOf.membership(desired.name, userName),
        broadensAccess: true,
        group: desired.name,
        userName,
        ...(user ? { userId: user.userId } : {}),
        ...(group ? { groupId: group.groupId } : {}),
      });
    }

    if (!group) continue;
    for (const userId of actualIds) {
      if (ctx.removedUserIds.has(userId)) continue;
      const userName = ctx.users.byId.get(userId)?.userName;
      if (userName !== undefined && wanted.has(userName)) continue;
      out.prunable.push({
        kind: "membership",
        action: "delete",
        address: addressOf.membership(desired.name, userName ?? userId),
        broadensAccess: false,
        reason: `${userName ?? `user id ${userId}`} is not a member of ${desired.name} in the file`,
        group: desired.name,
        userName: userName ?? userId,
        userId,
        groupId: group.groupId,
      });
    }
  }
  return out;
}
