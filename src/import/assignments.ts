/**
 * Writes assignments compactly: one rule per principal over the accounts it holds a permission set
 * on, with the permission sets that share exactly the same targets together in one rule, and an OU
 * target (`ou:NAME`) wherever all the active accounts of an OU (nested OUs included, as plan expands
 * it) are among the assigned ones. The rules expand (engine/expand-assignments.ts) to exactly the
 * assignments given: nothing more, nothing less.
 *
 * An OU target is also a statement of intent: an account that joins the OU later gets the access at
 * the next apply. Import infers it only from OUs with at least two active accounts, never from the
 * root, and `--no-ou-targets` turns it off.
 */
import type { AccountId, PrincipalRef } from "../engine/model.ts";
import type { Organization } from "./snapshot.ts";

export interface ImportedAssignment {
  principal: PrincipalRef;
  permissionSet: string;
  accountId: AccountId;
}

export interface RuleDoc {
  principals: string[];
  permissionSets: string[];
  targets: string[];
}

export interface Targeting {
  /** Account id → its name in keyless.yaml. */
  accountNames: ReadonlyMap<AccountId, string>;
  /** OU id → its name in keyless.yaml (only OUs usable as targets). */
  ouNames: ReadonlyMap<string, string>;
  /** OU id → its active accounts, nested OUs included. */
  ouAccounts: Readonly<Record<string, AccountId[]>>;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** OU id → active accounts in it and its nested OUs, sorted. The root is left out. */
export function ouClosure(org: Organization): Record<string, AccountId[]> {
  const children = new Map<string, string[]>();
  for (const u of org.units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const direct = new Map<string, AccountId[]>();
  for (const a of org.accounts) {
    if (a.status !== "ACTIVE") continue;
    direct.set(a.parentId, [...(direct.get(a.parentId) ?? []), a.id]);
  }
  const out: Record<string, AccountId[]> = {};
  const collect = (id: string, seen: Set<string>): AccountId[] => {
    if (seen.has(id)) return [];
    seen.add(id);
    return [...(direct.get(id) ?? []), ...(children.get(id) ?? []).flatMap((c) => collect(c, seen))];
  };
  for (const u of org.units) out[u.id] = [...new Set(collect(u.id, new Set()))].sort(cmp);
  return out;
}

/** The OUs worth writing as targets: at least two active accounts. */
export function targetableOus(closure: Readonly<Record<string, AccountId[]>>): string[] {
  return Object.keys(closure)
    .filter((id) => (closure[id] ?? []).length >= 2)
    .sort(cmp);
}

/** Targets covering exactly `accounts`: the largest fitting OUs first, then the rest by account name. */
function targetsFor(accounts: ReadonlySet<AccountId>, t: Targeting): string[] {
  const fitting = [...t.ouNames.keys()]
    .map((id) => ({ id, accounts: t.ouAccounts[id] ?? [] }))
    .filter((ou) => ou.accounts.length > 0 && ou.accounts.every((a) => accounts.has(a)))
    .sort((a, b) => b.accounts.length - a.accounts.length || cmp(a.id, b.id));
  const covered = new Set<AccountId>();
  const ous: string[] = [];
  for (const ou of fitting) {
    // Nested OUs of a chosen one are covered already; sibling OUs never overlap.
    if (ou.accounts.some((a) => covered.has(a))) continue;
    for (const a of ou.accounts) covered.add(a);
    ous.push(`ou:${t.ouNames.get(ou.id)}`);
  }
  const rest = [...accounts]
    .filter((a) => !covered.has(a))
    .map((a) => `account:${t.accountNames.get(a) ?? a}`)
    .sort(cmp);
  return [...ous.sort(cmp), ...rest];
}

export function principalText(p: PrincipalRef): string {
  return `${p.type === "USER" ? "user" : "group"}:${p.name}`;
}

export function compactAssignments(assignments: readonly ImportedAssignment[], t: Targeting): RuleDoc[] {
  // principal → permission set → accounts
  const byPrincipal = new Map<string, { principal: PrincipalRef; sets: Map<string, Set<AccountId>> }>();
  for (const a of assignments) {
    const key = principalText(a.principal);
    const entry = byPrincipal.get(key) ?? { principal: a.principal, sets: new Map() };
    byPrincipal.set(key, entry);
    const accounts = entry.sets.get(a.permissionSet) ?? new Set<AccountId>();
    entry.sets.set(a.permissionSet, accounts);
    accounts.add(a.accountId);
  }
  const rules: RuleDoc[] = [];
  // Groups first, then users, each by name.
  const order = [...byPrincipal.entries()].sort(
    ([ka, a], [kb, b]) => cmp(a.principal.type, b.principal.type) || cmp(ka, kb),
  );
  for (const [key, { sets }] of order) {
    const byTargets = new Map<string, { targets: string[]; sets: string[] }>();
    for (const [set, accounts] of sets) {
      const targets = targetsFor(accounts, t);
      const tk = JSON.stringify(targets);
      const entry = byTargets.get(tk) ?? { targets, sets: [] };
      byTargets.set(tk, entry);
      entry.sets.push(set);
    }
    const own = [...byTargets.values()].map((e) => ({
      principals: [key],
      permissionSets: e.sets.sort(cmp),
      targets: e.targets,
    }));
    rules.push(...own.sort((a, b) => cmp(a.permissionSets[0] ?? "", b.permissionSets[0] ?? "")));
  }
  return rules;
}
