/**
 * Checks that names used in one part of keyless.yaml are defined in another: group members,
 * assignment principals, permission sets and targets. Works on the raw document, leniently: a name
 * counts as defined when its key exists, even if its value has problems of its own (those are
 * reported by the schema), so one round of fixing shows as many problems as possible.
 */
import type { Issue } from "./issues.ts";
import { PRINCIPAL, TARGET } from "./patterns.ts";
import { didYouMean } from "./suggest.ts";
import type { Path } from "./yaml-source.ts";

type Raw = Record<string, unknown>;

const isMapping = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);

/** The keys of a section; [] when absent, undefined when it is not a mapping (not checkable). */
function names(section: unknown): string[] | undefined {
  if (section === undefined || section === null) return [];
  return isMapping(section) ? Object.keys(section) : undefined;
}

/** Calls `fn` for each string in a list at `path`; other values are the schema's business. */
function eachString(list: unknown, path: Path, fn: (value: string, path: Path) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((v, i) => {
    if (typeof v === "string") fn(v, [...path, i]);
  });
}

/** What can be referred to, by section. */
interface Index {
  users: string[] | undefined;
  removedUsers: Set<string>;
  groups: string[] | undefined;
  permissionSets: string[] | undefined;
  accounts: string[] | undefined;
  ous: string[] | undefined;
}

function index(doc: Raw): Index {
  const users = isMapping(doc.users) ? doc.users : {};
  return {
    users: names(doc.users),
    removedUsers: new Set(Object.keys(users).filter((n) => isMapping(users[n]) && users[n].remove === true)),
    groups: names(doc.groups),
    permissionSets: names(doc.permissionSets),
    accounts: names(doc.accounts),
    ous: names(doc.organizationalUnits),
  };
}

export function checkReferences(doc: Raw): Issue[] {
  const ix = index(doc);
  return [...checkGroupMembers(doc, ix), ...checkAssignments(doc, ix)];
}

/** A user reference: defined, and not on its way out. */
function userProblem(name: string, ix: Index, role: string): string | undefined {
  if (ix.users === undefined) return undefined;
  if (ix.removedUsers.has(name)) return `user "${name}" is marked remove: true; take it out of ${role}`;
  if (ix.users.includes(name)) return undefined;
  const usable = ix.users.filter((n) => !ix.removedUsers.has(n));
  return `unknown user "${name}"; define it under users (external: true for existing ones)${didYouMean(name, usable)}`;
}

/** Group members must be users of this file that are not being removed, each listed once. */
function checkGroupMembers(doc: Raw, ix: Index): Issue[] {
  const issues: Issue[] = [];
  if (!isMapping(doc.groups)) return issues;
  for (const [group, spec] of Object.entries(doc.groups)) {
    if (!isMapping(spec)) continue;
    const seen = new Set<string>();
    eachString(spec.members, ["groups", group, "members"], (member, path) => {
      const problem = seen.has(member)
        ? `"${member}" is listed twice; list each member once`
        : userProblem(member, ix, "the group's members");
      if (problem) issues.push({ path, message: problem });
      seen.add(member);
    });
  }
  return issues;
}

function checkAssignments(doc: Raw, ix: Index): Issue[] {
  const issues: Issue[] = [];
  if (!Array.isArray(doc.assignments)) return issues;
  doc.assignments.forEach((a: unknown, i) => {
    if (!isMapping(a)) return;
    const base = ["assignments", i];
    eachString(a.principals, [...base, "principals"], (text, path) => {
      const problem = principalProblem(text, ix);
      if (problem) issues.push({ path, message: problem });
    });
    eachString(a.permissionSets, [...base, "permissionSets"], (name, path) => {
      if (ix.permissionSets && !ix.permissionSets.includes(name)) {
        issues.push({
          path,
          message: `unknown permission set "${name}"; define it under permissionSets${didYouMean(name, ix.permissionSets)}`,
        });
      }
    });
    eachString(a.targets, [...base, "targets"], (text, path) => {
      const problem = targetProblem(text, ix);
      if (problem) issues.push({ path, message: problem });
    });
  });
  return issues;
}

function principalProblem(text: string, ix: Index): string | undefined {
  const m = PRINCIPAL.exec(text);
  if (!m) return undefined; // the schema reports the format
  const [, kind, name = ""] = m;
  if (kind === "user") return userProblem(name, ix, "this assignment");
  if (ix.groups === undefined || ix.groups.includes(name)) return undefined;
  return `unknown group "${name}"; define it under groups (external: true for existing ones)${didYouMean(name, ix.groups)}`;
}

function targetProblem(text: string, ix: Index): string | undefined {
  const [, prefix, name = ""] = TARGET.exec(text) ?? [];
  if (prefix === "ou") {
    if (ix.ous === undefined || ix.ous.includes(name)) return undefined;
    return `unknown organizational unit "${name}"; define it under organizationalUnits${didYouMean(name, ix.ous)}`;
  }
  if (ix.accounts === undefined || ix.accounts.includes(name)) return undefined;
  const hint =
    !prefix && ix.ous?.includes(name)
      ? `; "${name}" is an organizational unit: write ou:${name}`
      : didYouMean(name, ix.accounts);
  return `unknown account "${name}"; define it under accounts${hint}`;
}
