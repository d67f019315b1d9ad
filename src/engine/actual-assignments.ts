/**
 * Actual assignments in natural terms: ids mapped back to names where the identity store / instance
 * knows them. An id that cannot be resolved stays in place of the name (`user:<id>` in the address),
 * so a deletion of an orphaned assignment is still addressable and executable.
 */
import { addressOf } from "./addresses.ts";
import type { PlanContext } from "./context.ts";
import type { ActualAssignment, PrincipalRef } from "./model.ts";
import type { AssignmentChange } from "./plan-types.ts";

export function principalOfActual(ctx: PlanContext, a: ActualAssignment): PrincipalRef {
  const name =
    a.principalType === "USER"
      ? ctx.users.byId.get(a.principalId)?.userName
      : ctx.groups.byId.get(a.principalId)?.name;
  return { type: a.principalType, name: name ?? a.principalId };
}

export function permissionSetNameOf(ctx: PlanContext, arn: string): string {
  return ctx.permissionSets.byArn.get(arn)?.name ?? arn;
}

export function assignmentDelete(ctx: PlanContext, a: ActualAssignment, reason: string): AssignmentChange {
  const principal = principalOfActual(ctx, a);
  const permissionSet = permissionSetNameOf(ctx, a.permissionSetArn);
  return {
    kind: "assignment",
    action: "delete",
    address: addressOf.assignment(principal, permissionSet, a.accountId),
    broadensAccess: false,
    reason,
    principal,
    permissionSet,
    accountId: a.accountId,
    principalId: a.principalId,
    permissionSetArn: a.permissionSetArn,
  };
}
