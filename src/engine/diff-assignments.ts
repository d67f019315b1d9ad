/**
 * Account assignments by natural key (principal name, permission set name, account id). Desired
 * ones missing in AWS are created (that broadens access). Assignments of managed permission sets
 * that the file does not declare are deleted when prune.assignments is on (prune-gated); those of
 * unmanaged permission sets are left alone and counted. Assignments already deleted by another
 * differ (removed user, pruned group, pruned permission set) are skipped here.
 */
import { assignmentDelete, principalOfActual } from "./actual-assignments.ts";
import { addressOf, principalKey } from "./addresses.ts";
import type { PlanContext } from "./context.ts";
import { type DiffResult, emptyResult } from "./diff-types.ts";
import { assignmentKey, expandAssignmentRules } from "./expand-assignments.ts";
import type { DesiredAssignment, PrincipalRef } from "./model.ts";

type Resolution = { ok: true; id?: string } | { ok: false; problem: string };

/** Whether the principal exists or is created by this plan; its id when it exists. */
function resolvePrincipal(ctx: PlanContext, p: PrincipalRef): Resolution {
  const label = principalKey(p);
  const store = ctx.actual.identityStoreId;
  if (p.type === "USER") {
    const declared = ctx.desiredUsers.get(p.name);
    const existing = ctx.users.byName.get(p.name);
    if (declared?.remove && !declared.external)
      return { ok: false, problem: `assignments reference ${label}, which is marked remove` };
    if (existing) return { ok: true, id: existing.userId };
    if (declared && !declared.external) return { ok: true };
    return {
      ok: false,
      problem: declared
        ? `assignments to ${label} cannot be planned: the user is marked external but does not exist in identity store ${store}`
        : `assignments reference ${label}, which is neither in the file nor in identity store ${store}`,
    };
  }
  const declared = ctx.desiredGroups.get(p.name);
  const existing = ctx.groups.byName.get(p.name);
  if (existing && ctx.prunedGroupIds.has(existing.groupId))
    return {
      ok: false,
      problem: `assignments reference ${label}, which is not in the file and matches prune.groups`,
    };
  if (existing) return { ok: true, id: existing.groupId };
  if (declared && !declared.external) return { ok: true };
  return {
    ok: false,
    problem: declared
      ? `assignments to ${label} cannot be planned: the group is marked external but does not exist in identity store ${store}`
      : `assignments reference ${label}, which is neither in the file nor in identity store ${store}`,
  };
}

interface Resolved {
  assignment: DesiredAssignment;
  principalId?: string;
  permissionSetArn?: string;
}

export function diffAssignments(ctx: PlanContext): DiffResult {
  const out = emptyResult();
  const problems = new Set<string>();
  const expansion = expandAssignmentRules(ctx.desired.assignmentRules, ctx.actual.ouAccounts);
  for (const p of expansion.problems) problems.add(p);

  const desired = new Map<string, Resolved>();
  for (const assignment of expansion.assignments) {
    const principal = resolvePrincipal(ctx, assignment.principal);
    if (!principal.ok) problems.add(principal.problem);
    if (!ctx.desiredPermissionSets.has(assignment.permissionSet))
      problems.add(
        `assignments reference permission set ${assignment.permissionSet}, which is not in the file`,
      );
    if (!principal.ok || !ctx.desiredPermissionSets.has(assignment.permissionSet)) continue;
    const arn = ctx.permissionSets.byName.get(assignment.permissionSet)?.arn;
    desired.set(assignmentKey(assignment), {
      assignment,
      ...(principal.id !== undefined ? { principalId: principal.id } : {}),
      ...(arn !== undefined ? { permissionSetArn: arn } : {}),
    });
  }

  const matched = new Set<string>();
  let unmanaged = 0;
  for (const a of ctx.actual.assignments) {
    if (a.principalType === "USER" && ctx.removedUserIds.has(a.principalId)) continue;
    if (a.principalType === "GROUP" && ctx.prunedGroupIds.has(a.principalId)) continue;
    if (ctx.prunedPermissionSetArns.has(a.permissionSetArn)) continue;
    const permissionSet = ctx.permissionSets.byArn.get(a.permissionSetArn)?.name;
    const key = assignmentKey({
      principal: principalOfActual(ctx, a),
      permissionSet: permissionSet ?? a.permissionSetArn,
      accountId: a.accountId,
    });
    if (desired.has(key)) {
      matched.add(key);
      continue;
    }
    const managed = permissionSet !== undefined && ctx.desiredPermissionSets.has(permissionSet);
    if (managed && ctx.desired.prune.assignmentsOfManagedPermissionSets) {
      out.prunable.push(assignmentDelete(ctx, a, `not in the file; ${permissionSet} is managed by keyless`));
    } else {
      unmanaged++;
    }
  }

  for (const [key, r] of desired) {
    if (matched.has(key)) continue;
    const { principal, permissionSet, accountId, via } = r.assignment;
    out.changes.push({
      kind: "assignment",
      action: "create",
      address: addressOf.assignment(principal, permissionSet, accountId),
      broadensAccess: true,
      principal,
      permissionSet,
      accountId,
      via,
      ...(r.principalId !== undefined ? { principalId: r.principalId } : {}),
      ...(r.permissionSetArn !== undefined ? { permissionSetArn: r.permissionSetArn } : {}),
    });
  }
  out.problems.push(...problems);
  out.unmanaged.assignments = unmanaged;
  return out;
}
