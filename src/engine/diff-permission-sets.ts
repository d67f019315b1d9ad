/**
 * Permission sets, matched by name. Missing → create; different → update with the changed fields,
 * re-provisioned to every account it is provisioned to unless only tags changed (tags are not part of
 * the role, so a tag-only update needs no ProvisionPermissionSet). A permission set not in the file is deleted
 * only when its name is in prune.permissionSets, after all its assignments (all prune-gated).
 */
import { assignmentDelete } from "./actual-assignments.ts";
import { addressOf } from "./addresses.ts";
import { ownEntry, type PlanContext } from "./context.ts";
import { type DiffResult, emptyResult } from "./diff-types.ts";
import { changedFields, changesRole, permissionSetBroadens, updatedSpec } from "./permission-set-compare.ts";

export function diffPermissionSets(ctx: PlanContext): DiffResult {
  const out = emptyResult();
  for (const desired of ctx.desiredPermissionSets.values()) {
    const actual = ctx.permissionSets.byName.get(desired.name);
    const address = addressOf.permissionSet(desired.name);
    if (!actual) {
      out.changes.push({
        kind: "permission_set",
        action: "create",
        address,
        name: desired.name,
        after: desired,
        broadensAccess: true,
        changedFields: [],
        reprovisionAccounts: [],
      });
      continue;
    }
    if (!actual.spec) {
      out.problems.push(
        `permission set ${desired.name} (${actual.arn}) exists but its details were not read, so it cannot be compared`,
      );
      continue;
    }
    const fields = changedFields(desired, actual.spec);
    if (fields.length === 0) continue;
    const after = updatedSpec(desired, actual.spec);
    out.changes.push({
      kind: "permission_set",
      action: "update",
      address,
      name: desired.name,
      before: actual.spec,
      after,
      arn: actual.arn,
      changedFields: fields,
      reprovisionAccounts: changesRole(fields) ? ownEntry(ctx.actual.provisionedAccounts, desired.name) : [],
      broadensAccess: permissionSetBroadens(actual.spec, after),
      reason: `changed: ${fields.join(", ")}`,
    });
  }

  let unmanaged = 0;
  for (const ps of ctx.actual.permissionSets) {
    if (ctx.desiredPermissionSets.has(ps.name)) continue;
    if (!ctx.prunedPermissionSetArns.has(ps.arn)) {
      unmanaged++;
      continue;
    }
    const reason = `permission set ${ps.name} is not in the file and matches prune.permissionSets`;
    out.prunable.push({
      kind: "permission_set",
      action: "delete",
      address: addressOf.permissionSet(ps.name),
      name: ps.name,
      ...(ps.spec ? { before: ps.spec } : {}),
      arn: ps.arn,
      changedFields: [],
      reprovisionAccounts: [],
      broadensAccess: false,
      reason,
    });
    for (const a of ctx.actual.assignments) {
      if (a.permissionSetArn === ps.arn) out.prunable.push(assignmentDelete(ctx, a, reason));
    }
  }
  out.unmanaged.permissionSets = unmanaged;
  return out;
}
