/**
 * Groups, matched by display name. Managed groups are created / updated (description); external
 * groups are only looked up. A group not in the file is deleted only when its name is in
 * prune.groups, together with its assignments (both prune-gated); otherwise it is unmanaged.
 */
import { assignmentDelete } from "./actual-assignments.ts";
import { addressOf } from "./addresses.ts";
import type { PlanContext } from "./context.ts";
import { type DiffResult, emptyResult } from "./diff-types.ts";

export function diffGroups(ctx: PlanContext): DiffResult {
  const out = emptyResult();
  for (const desired of ctx.desiredGroups.values()) {
    const actual = ctx.groups.byName.get(desired.name);
    const address = addressOf.group(desired.name);
    if (desired.external) {
      if (!actual)
        out.problems.push(
          `group ${desired.name} is marked external but does not exist in identity store ${ctx.actual.identityStoreId}`,
        );
      continue;
    }
    if (!actual) {
      out.changes.push({
        kind: "group",
        action: "create",
        address,
        name: desired.name,
        after: { description: desired.description },
        broadensAccess: false,
      });
    } else if (actual.description !== desired.description) {
      out.changes.push({
        kind: "group",
        action: "update",
        address,
        name: desired.name,
        before: { description: actual.description },
        after: { description: desired.description },
        groupId: actual.groupId,
        broadensAccess: false,
        reason: "changed: description",
      });
    }
  }

  let unmanaged = 0;
  for (const group of ctx.actual.groups) {
    if (ctx.desiredGroups.has(group.name)) continue;
    if (!ctx.prunedGroupIds.has(group.groupId)) {
      unmanaged++;
      continue;
    }
    const reason = `group ${group.name} is not in the file and matches prune.groups`;
    out.prunable.push({
      kind: "group",
      action: "delete",
      address: addressOf.group(group.name),
      name: group.name,
      before: { description: group.description },
      groupId: group.groupId,
      broadensAccess: false,
      reason,
    });
    for (const a of ctx.actual.assignments) {
      if (a.principalType === "GROUP" && a.principalId === group.groupId)
        out.prunable.push(assignmentDelete(ctx, a, reason));
    }
  }
  if (ctx.actual.identityStoreComplete?.groups !== false) out.unmanaged.groups = unmanaged;
  return out;
}
