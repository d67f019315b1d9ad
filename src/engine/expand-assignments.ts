/**
 * Expands assignment rules (principals × permission sets × targets) into single assignments. OU
 * targets are expanded with the OU → accounts map read at plan time (nested OUs included), so
 * accounts added to an OU later are picked up by the next plan. Duplicates (the same assignment
 * produced by two rules or targets) are kept once, with the `via` of the first.
 */
import { principalKey } from "./addresses.ts";
import type { AccountId, AssignmentKey, AssignmentRule, DesiredAssignment } from "./model.ts";

export function assignmentKey(a: AssignmentKey): string {
  return JSON.stringify([principalKey(a.principal), a.permissionSet, a.accountId]);
}

export interface Expansion {
  assignments: DesiredAssignment[];
  problems: string[];
}

export function expandAssignmentRules(
  rules: readonly AssignmentRule[],
  ouAccounts: Readonly<Record<string, AccountId[]>>,
): Expansion {
  const byKey = new Map<string, DesiredAssignment>();
  const problems = new Set<string>();
  for (const rule of rules) {
    const targets: { accountId: AccountId; via: string }[] = [];
    for (const t of rule.targets) {
      if (t.kind === "account") {
        targets.push({ accountId: t.accountId, via: `account:${t.name}` });
        continue;
      }
      const accounts = Object.hasOwn(ouAccounts, t.ouId) ? ouAccounts[t.ouId] : undefined;
      if (!accounts) {
        problems.add(`OU ${t.name} (${t.ouId}) was not found in the organization`);
        continue;
      }
      for (const accountId of accounts) targets.push({ accountId, via: `ou:${t.name} (${t.ouId})` });
    }
    for (const principal of rule.principals)
      for (const permissionSet of rule.permissionSets)
        for (const { accountId, via } of targets) {
          const a: DesiredAssignment = { principal, permissionSet, accountId, via };
          const key = assignmentKey(a);
          if (!byKey.has(key)) byKey.set(key, a);
        }
  }
  return { assignments: [...byKey.values()], problems: [...problems] };
}
