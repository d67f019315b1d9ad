/**
 * Prune patterns (`prune.permissionSets`, `prune.groups`) that can never match a name AWS accepts.
 * Such a pattern is almost always a typo (a space in a permission set name, a pattern longer than any
 * name), and a prune scope that silently matches nothing hides the mistake until something is not
 * deleted. Pattern syntax (engine/prune-scope.ts): `*` matches any run of characters, everything else
 * is literal, and the whole name must match; so every literal character must be one the name may
 * contain, and the literal characters alone must fit in the longest name.
 */
import { describeCharacter, firstBadCharacter } from "./characters.ts";
import {
  type CharClass,
  GROUP_NAME_CHARS,
  IDENTITY_TEXT_MAX,
  PERMISSION_SET_NAME_CHARS,
  PERMISSION_SET_NAME_MAX,
} from "./patterns.ts";

interface NameRules {
  what: string;
  chars: CharClass;
  max: number;
}

const RULES: Record<"permissionSets" | "groups" | "ciRoles", NameRules> = {
  permissionSets: {
    what: "permission set names",
    chars: PERMISSION_SET_NAME_CHARS,
    max: PERMISSION_SET_NAME_MAX,
  },
  groups: { what: "group names", chars: GROUP_NAME_CHARS, max: IDENTITY_TEXT_MAX },
  // IAM role names: [\w+=,.@-]{1,64}, the same characters as permission set names.
  ciRoles: { what: "IAM role names", chars: PERMISSION_SET_NAME_CHARS, max: 64 },
};

/** Why `pattern` can never match a valid name of this kind; undefined when it can. */
export function prunePatternProblem(pattern: string, kind: keyof typeof RULES): string | undefined {
  const rules = RULES[kind];
  const shown = JSON.stringify(pattern);
  const literal = pattern.replaceAll("*", "");
  const bad = firstBadCharacter(pattern.replaceAll("*", "a"), rules.chars);
  if (bad) {
    return `pattern ${shown} can never match: ${rules.what} cannot contain ${describeCharacter(bad.char)} (character ${bad.position}); they may hold only ${rules.chars.allowed}`;
  }
  if (literal.length > rules.max) {
    return `pattern ${shown} can never match: it needs ${literal.length} characters besides "*", and ${rules.what} have at most ${rules.max}`;
  }
  return undefined;
}
