/**
 * What keyless.yaml expects to find, as counts for the read planner: assignments per principal and
 * principals per (permission set, account). A no-change plan finds exactly these, so the planner's
 * prediction is exact then; otherwise they are estimates, and the read stays complete either way.
 */
import { expandAssignmentRules } from "../engine/expand-assignments.ts";
import type { AccountId, Desired } from "../engine/model.ts";
import type { PrincipalKind } from "./read-planner.ts";

export interface DesiredCounts {
  /** Expected assignments of a principal by name (0 when the file gives it none). */
  principal(kind: PrincipalKind, name: string): number;
  /** Expected principals per account of a permission set, one entry per account (empty: none). */
  principalsPerAccount(permissionSet: string): number[];
}

export function countDesired(
  desired: Desired,
  ouAccounts: Readonly<Record<string, AccountId[]>>,
): DesiredCounts {
  const byPrincipal = new Map<string, number>();
  const bySet = new Map<string, Map<AccountId, number>>();
  for (const a of expandAssignmentRules(desired.assignmentRules, ouAccounts).assignments) {
    const key = principalKey(a.principal.type === "USER" ? "users" : "groups", a.principal.name);
    byPrincipal.set(key, (byPrincipal.get(key) ?? 0) + 1);
    let accounts = bySet.get(a.permissionSet);
    if (!accounts) {
      accounts = new Map();
      bySet.set(a.permissionSet, accounts);
    }
    accounts.set(a.accountId, (accounts.get(a.accountId) ?? 0) + 1);
  }
  return {
    principal: (kind, name) => byPrincipal.get(principalKey(kind, name)) ?? 0,
    principalsPerAccount: (name) => [...(bySet.get(name)?.values() ?? [])],
  };
}

function principalKey(kind: PrincipalKind, name: string): string {
  return `${kind}\u0000${name}`;
}
