/**
 * The filters of `keyless import` from its flags, checked before AWS is read: each pattern must be
 * able to match a name AWS accepts (the same check as prune patterns in keyless.yaml), so a typo such
 * as a space in a permission set pattern fails fast (exit 64) instead of importing nothing.
 */
import { prunePatternProblem } from "../config/prune-patterns.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import type { ImportFilters } from "../import/select.ts";

function checked(patterns: string[] | undefined, flag: string, kind: "permissionSets" | "groups") {
  if (patterns === undefined) return undefined;
  for (const p of patterns) {
    if (p === "") {
      throw new KeylessError("USAGE", `${flag} needs a pattern, got an empty one`, {
        hint: `For example ${flag} 'platform-*' (* matches any run of characters).`,
      });
    }
    const problem = prunePatternProblem(p, kind);
    if (problem) {
      throw new KeylessError("USAGE", `${flag}: ${problem}`, {
        hint: `For example ${flag} 'platform-*' (* matches any run of characters; the whole name must match).`,
      });
    }
  }
  return patterns;
}

export function parseFilters(opts: {
  permissionSets?: string[];
  groups?: string[];
  users?: boolean;
}): ImportFilters {
  const permissionSets = checked(opts.permissionSets, "--permission-sets", "permissionSets");
  const groups = checked(opts.groups, "--groups", "groups");
  return {
    ...(permissionSets ? { permissionSets } : {}),
    ...(groups ? { groups } : {}),
    ...(opts.users ? { users: true } : {}),
  };
}
