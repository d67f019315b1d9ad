/**
 * What an import writes, from the filters (docs/import.md#filters):
 *
 * - no filter: everything;
 * - `--permission-sets PATTERN`: only the permission sets whose name matches, and the users and groups
 *   that hold them;
 * - `--groups PATTERN` and/or `--users` (principal filters): only those groups / all users, and only
 *   the permission sets assigned to them (narrowed further by `--permission-sets`).
 *
 * Assignments of an imported permission set are authoritative in keyless.yaml (prune.assignments), so
 * all of them are written, whoever holds them: a principal outside the filters is written as
 * `external: true` (looked up, never managed), and the next plan has nothing to add or delete.
 */
import type { ActualAssignment } from "../engine/model.ts";
import { matchesAny } from "../engine/prune-scope.ts";
import type { ImportSnapshot } from "./snapshot.ts";

export interface ImportFilters {
  /** Name patterns (`*` matches any run of characters); undefined: every permission set. */
  permissionSets?: string[];
  /** Group name patterns; given: only the matching groups. */
  groups?: string[];
  /** With `groups`: every user too. Alone: users only, no groups. */
  users?: boolean;
}

export interface Selection {
  /** Permission set arns imported (managed by the file). */
  permissionSetArns: Set<string>;
  /** Group ids imported in full (managed, or external when an identity provider owns them). */
  groupIds: Set<string>;
  /** User ids imported in full. */
  userIds: Set<string>;
  /** Every assignment of the imported permission sets. */
  assignments: ActualAssignment[];
  /** Patterns that match nothing in AWS (a typo, most likely). */
  unmatched: { flag: "--permission-sets" | "--groups"; pattern: string }[];
}

export function selectForImport(snapshot: ImportSnapshot, filters: ImportFilters): Selection {
  const principalFilter = filters.groups !== undefined || filters.users === true;
  const groupPatterns = filters.groups;
  const psPatterns = filters.permissionSets;
  const holders = (arns: Set<string>, type: "USER" | "GROUP") =>
    new Set(
      snapshot.assignments
        .filter((a) => a.principalType === type && arns.has(a.permissionSetArn))
        .map((a) => a.principalId),
    );

  let sets = snapshot.permissionSets.filter(
    (p) => psPatterns === undefined || matchesAny(p.name, psPatterns),
  );
  let groupIds: Set<string>;
  let userIds: Set<string>;
  if (principalFilter) {
    groupIds = new Set(
      snapshot.groups
        .filter((g) => groupPatterns !== undefined && matchesAny(g.name, groupPatterns))
        .map((g) => g.groupId),
    );
    userIds = new Set(filters.users ? snapshot.users.map((u) => u.userId) : []);
    const held = new Set(
      snapshot.assignments
        .filter((a) => (a.principalType === "GROUP" ? groupIds : userIds).has(a.principalId))
        .map((a) => a.permissionSetArn),
    );
    sets = sets.filter((p) => held.has(p.arn));
  } else if (psPatterns !== undefined) {
    // Only some permission sets: the principals that hold them.
    const arns = new Set(sets.map((p) => p.arn));
    groupIds = holders(arns, "GROUP");
    userIds = holders(arns, "USER");
  } else {
    groupIds = new Set(snapshot.groups.map((g) => g.groupId));
    userIds = new Set(snapshot.users.map((u) => u.userId));
  }
  const permissionSetArns = new Set(sets.map((p) => p.arn));

  const unmatched: Selection["unmatched"] = [];
  for (const pattern of psPatterns ?? [])
    if (!snapshot.permissionSets.some((p) => matchesAny(p.name, [pattern])))
      unmatched.push({ flag: "--permission-sets", pattern });
  for (const pattern of groupPatterns ?? [])
    if (!snapshot.groups.some((g) => matchesAny(g.name, [pattern])))
      unmatched.push({ flag: "--groups", pattern });

  return {
    permissionSetArns,
    groupIds,
    userIds,
    assignments: snapshot.assignments.filter((a) => permissionSetArns.has(a.permissionSetArn)),
    unmatched,
  };
}
