/** Users, groups and memberships: synchronous identity-store writes. */
import type { GroupChange, MembershipChange, UserChange } from "../engine/plan-types.ts";
import { type ExecContext, required } from "./exec-context.ts";

export async function executeUser(change: UserChange, ctx: ExecContext): Promise<void> {
  const { writer, ids } = ctx;
  const { address, userName } = change;
  if (change.action === "create") {
    const userId = await writer.createUser(required(change.after, "after", address));
    ids.recordCreated("user", userName, userId);
    return;
  }
  const userId = change.userId ?? ids.require("user", userName, address);
  if (change.action === "update") await writer.updateUser(userId, required(change.after, "after", address));
  else await writer.deleteUser(userId);
}

export async function executeGroup(change: GroupChange, ctx: ExecContext): Promise<void> {
  const { writer, ids } = ctx;
  const { address, name } = change;
  if (change.action === "create") {
    const groupId = await writer.createGroup(name, change.after?.description ?? "");
    ids.recordCreated("group", name, groupId);
    return;
  }
  const groupId = change.groupId ?? ids.require("group", name, address);
  if (change.action === "update") {
    await writer.updateGroup(groupId, required(change.after, "after", address).description);
  } else await writer.deleteGroup(groupId);
}

export async function executeMembership(change: MembershipChange, ctx: ExecContext): Promise<void> {
  const { writer, ids } = ctx;
  const groupId = change.groupId ?? ids.require("group", change.group, change.address);
  const userId = change.userId ?? ids.require("user", change.userName, change.address);
  if (change.action === "create") await writer.addMember(groupId, userId);
  else await writer.removeMember(groupId, userId);
}
