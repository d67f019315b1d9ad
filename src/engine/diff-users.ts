/**
 * Users, matched by userName. Managed users are created / updated; `external` users are only
 * looked up; `remove: true` is the one way keyless deletes a user, and it is explicit (not
 * prune-gated): the user's memberships and assignments are deleted with it, first.
 */
import { assignmentDelete } from "./actual-assignments.ts";
import { addressOf } from "./addresses.ts";
import type { PlanContext } from "./context.ts";
import { type DiffResult, emptyResult } from "./diff-types.ts";
import type { ActualUser, DesiredUser, UserSpec } from "./model.ts";
import type { MembershipChange, UserChange } from "./plan-types.ts";

const USER_FIELDS = ["displayName", "givenName", "familyName", "email"] as const;

function specOf(u: UserSpec): UserSpec {
  return {
    userName: u.userName,
    displayName: u.displayName,
    givenName: u.givenName,
    familyName: u.familyName,
    email: u.email,
  };
}

export function diffUsers(ctx: PlanContext): DiffResult {
  const out = emptyResult();
  const storeId = ctx.actual.identityStoreId;
  for (const desired of ctx.desiredUsers.values()) {
    const actual = ctx.users.byName.get(desired.userName);
    if (desired.external) {
      if (desired.remove)
        out.problems.push(
          `user ${desired.userName} is marked both external and remove; keyless never writes external users`,
        );
      if (!actual)
        out.problems.push(
          `user ${desired.userName} is marked external but does not exist in identity store ${storeId}`,
        );
      continue;
    }
    if (desired.remove) {
      if (actual) removeUser(ctx, desired, actual, out);
      continue;
    }
    if (!actual) {
      out.changes.push(userChange(desired, "create", { after: specOf(desired), broadensAccess: false }));
      continue;
    }
    const changed = USER_FIELDS.filter((f) => desired[f] !== actual[f]);
    if (changed.length > 0) {
      out.changes.push(
        userChange(desired, "update", {
          after: specOf(desired),
          before: specOf(actual),
          userId: actual.userId,
          broadensAccess: false,
          reason: `changed: ${changed.join(", ")}`,
        }),
      );
    }
  }
  // Users met only by id are not all of them: count only when the store was listed whole.
  if (ctx.actual.identityStoreComplete?.users !== false)
    out.unmanaged.users = ctx.actual.users.filter((u) => !ctx.desiredUsers.has(u.userName)).length;
  return out;
}

function userChange(
  desired: DesiredUser,
  action: UserChange["action"],
  rest: Omit<UserChange, "kind" | "action" | "address" | "userName">,
): UserChange {
  return {
    kind: "user",
    action,
    address: addressOf.user(desired.userName),
    userName: desired.userName,
    ...rest,
  };
}

/** The user, every membership and every assignment it has (whatever group / permission set). */
function removeUser(ctx: PlanContext, desired: DesiredUser, actual: ActualUser, out: DiffResult): void {
  const reason = `user ${desired.userName} is marked remove`;
  out.changes.push(
    userChange(desired, "delete", {
      before: specOf(actual),
      userId: actual.userId,
      broadensAccess: false,
      reason,
    }),
  );
  for (const group of ctx.actual.groups) {
    if (!group.memberUserIds?.includes(actual.userId)) continue;
    const m: MembershipChange = {
      kind: "membership",
      action: "delete",
      address: addressOf.membership(group.name, desired.userName),
      broadensAccess: false,
      reason,
      group: group.name,
      userName: desired.userName,
      userId: actual.userId,
      groupId: group.groupId,
    };
    out.changes.push(m);
  }
  for (const a of ctx.actual.assignments) {
    if (a.principalType === "USER" && a.principalId === actual.userId)
      out.changes.push(assignmentDelete(ctx, a, reason));
  }
}
