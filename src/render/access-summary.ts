/**
 * "Who gets what where", at the top of a plan: the assignments and group memberships it creates and
 * deletes, folded per principal, so a reviewer sees `group platform-engineers gets 8 permission sets
 * on dev` before reading a block per assignment. Lines carry words, not `+`/`-`, so only change lines
 * start like change lines.
 */
import type { Desired } from "../engine/model.ts";
import type { AssignmentChange, Change, MembershipChange } from "../engine/plan-types.ts";
import { shortList } from "./format.ts";
import { type Colors, safe } from "./style.ts";

/** Account id → name from keyless.yaml `accounts`, for the summary's account labels. */
export function accountNames(desired: Desired): Record<string, string> {
  return Object.fromEntries(Object.entries(desired.accounts).map(([name, id]) => [id, name]));
}

/** At most this many permission set names on a line; more are counted. */
const NAMES_SHOWN = 3;

export interface AccessSummaryOptions {
  /** Account id → name, from keyless.yaml. */
  accountNames?: Record<string, string>;
  verbose: boolean;
}

export function accessSummaryLines(
  changes: readonly Change[],
  c: Colors,
  opts: AccessSummaryOptions,
): string[] {
  const lines: string[] = [];
  for (const action of ["create", "delete"] as const) {
    const verb = action === "create" ? c.green("gets") : c.red("loses");
    const assignments = changes.filter(
      (ch): ch is AssignmentChange => ch.kind === "assignment" && ch.action === action,
    );
    for (const [principal, byAccount] of foldAssignments(assignments, opts.accountNames)) {
      for (const [sets, accounts] of byPermissionSets(byAccount)) {
        const what =
          sets.length <= NAMES_SHOWN ? sets.map(safe).join(", ") : `${sets.length} permission sets`;
        lines.push(`  ${principal} ${verb} ${what} on ${shortList(accounts.map(safe), opts.verbose)}`);
      }
    }
    const memberships = changes.filter(
      (ch): ch is MembershipChange => ch.kind === "membership" && ch.action === action,
    );
    for (const m of memberships) {
      const joins = action === "create" ? c.green("joins") : c.red("leaves");
      lines.push(`  user ${safe(m.userName)} ${joins} group ${safe(m.group)}`);
    }
  }
  if (lines.length === 0) return [];
  return ["Who gets what where:", ...lines];
}

/** principal label → account label → permission set names, in plan order. */
function foldAssignments(
  assignments: readonly AssignmentChange[],
  names: Record<string, string> = {},
): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const a of assignments) {
    const principal = `${a.principal.type === "USER" ? "user" : "group"} ${safe(a.principal.name)}`;
    const viaName = a.via?.startsWith("account:") ? a.via.slice("account:".length) : undefined;
    const account =
      (Object.hasOwn(names, a.accountId) ? names[a.accountId] : undefined) ?? viaName ?? a.accountId;
    const byAccount = out.get(principal) ?? new Map<string, string[]>();
    byAccount.set(account, [...(byAccount.get(account) ?? []), a.permissionSet]);
    out.set(principal, byAccount);
  }
  return out;
}

/** Accounts that get the same permission sets share a line: sets (sorted) → accounts. */
function byPermissionSets(byAccount: Map<string, string[]>): Array<[string[], string[]]> {
  const groups = new Map<string, [string[], string[]]>();
  for (const [account, sets] of byAccount) {
    const sorted = [...new Set(sets)].sort();
    const key = JSON.stringify(sorted);
    const entry = groups.get(key) ?? [sorted, []];
    entry[1].push(account);
    groups.set(key, entry);
  }
  return [...groups.values()].map(([sets, accounts]) => [sets, accounts.sort()]);
}
