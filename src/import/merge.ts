/**
 * `keyless import --merge`: adds to an existing keyless.yaml what the instance has and the file does
 * not, and leaves everything the file says alone. The file is edited through the `yaml` library's
 * Document API, so its comments, key order and formatting stay as they were; added entries go at the
 * end of their section, the first one marked `# added by keyless import`.
 *
 * - users, groups, permission sets: added when the file has no entry of that name; an entry the file
 *   has is kept as written, even when AWS differs (a conflict: the next plan shows the difference).
 * - assignments: the file's rules are expanded (OUs included); the assignments they do not cover are
 *   added as new rules, using the file's names for accounts and OUs it already names.
 * - a user or group the file marks `remove: true` gets nothing added (no membership, no assignment):
 *   reported as a conflict.
 */
import { type Document, isMap, isSeq, Pair, type Scalar, YAMLMap, YAMLSeq } from "yaml";
import { assignmentKey, expandAssignmentRules } from "../engine/expand-assignments.ts";
import type { Desired } from "../engine/model.ts";
import { compactAssignments, principalText, type RuleDoc } from "./assignments.ts";
import type { Entry, ImportContent } from "./content.ts";
import type { SectionAddition } from "./merge-text.ts";
import { entryPair, toNode } from "./yaml.ts";

export const SECTION_ORDER = [
  "version",
  "identityCenter",
  "accounts",
  "organizationalUnits",
  "users",
  "groups",
  "permissionSets",
  "assignments",
  "prune",
  "catalog",
  "stateBackend",
];

const ADDED = " added by keyless import";

export interface MergeResult {
  /** Entries added per section, by key (assignments: rules added). */
  added: {
    accounts: string[];
    organizationalUnits: string[];
    users: string[];
    groups: string[];
    permissionSets: string[];
    assignmentRules: number;
    assignments: number;
  };
  /** What the file keeps against AWS and import did not add, one line each. */
  conflicts: string[];
  /** The nodes added to each section, for writing them into the original text (merge-text.ts). */
  additions: SectionAddition[];
}

/** Adds `content` to `doc` (parsed from the file that loaded into `desired`). */
export function mergeInto(doc: Document, desired: Desired, content: ImportContent): MergeResult {
  const conflicts: string[] = [];
  const removedUsers = new Set(desired.users.filter((u) => u.remove).map((u) => u.userName));
  const fileUsers = new Set(desired.users.map((u) => u.userName));
  const fileGroups = new Set(desired.groups.map((g) => g.name));
  const fileSets = new Set(desired.permissionSets.map((p) => p.name));

  // New groups: members the file marks remove are left out.
  const groups = content.groups
    .filter((e) => !fileGroups.has(e.key))
    .map((e) => {
      const value = e.value as { members?: string[] };
      if (!value.members) return e;
      const dropped = value.members.filter((m) => removedUsers.has(m));
      for (const m of dropped)
        conflicts.push(
          `group ${e.key}: member ${m} is marked remove: true in the file; the membership was not imported`,
        );
      return { ...e, value: { ...value, members: value.members.filter((m) => !removedUsers.has(m)) } };
    });

  // Assignments the file's rules do not already produce.
  const covered = new Set(
    expandAssignmentRules(desired.assignmentRules, content.targeting.ouAccounts).assignments.map(
      assignmentKey,
    ),
  );
  const missing = content.assignments.filter((a) => {
    if (covered.has(assignmentKey(a))) return false;
    if (a.principal.type === "USER" && removedUsers.has(a.principal.name)) {
      conflicts.push(
        `${principalText(a.principal)} is marked remove: true in the file; its assignment of ${a.permissionSet} on ${a.accountId} was not imported`,
      );
      return false;
    }
    return true;
  });
  const rules = compactAssignments(missing, content.targeting);

  // References of what is added: principals and targets must be named in the file.
  const referenced = new Set([
    ...rules.flatMap((r) => r.principals),
    ...groups.flatMap((g) => ((g.value as { members?: string[] }).members ?? []).map((m) => `user:${m}`)),
  ]);
  const targets = new Set(rules.flatMap((r) => r.targets));
  const users = content.users.filter(
    (e) => !fileUsers.has(e.key) && (!e.referenceOnly || referenced.has(`user:${e.key}`)),
  );
  const newGroups = groups.filter((e) => !e.referenceOnly || referenced.has(`group:${e.key}`));
  const accounts = content.accounts.filter((e) => targets.has(`account:${e.key}`));
  const ous = content.organizationalUnits.filter((e) => targets.has(`ou:${e.key}`));
  const sets = content.permissionSets.filter((e) => !fileSets.has(e.key));

  const additions: SectionAddition[] = [
    addEntries(doc, "accounts", accounts),
    addEntries(doc, "organizationalUnits", ous),
    addEntries(doc, "users", users),
    addEntries(doc, "groups", newGroups),
    addEntries(doc, "permissionSets", sets),
    addRules(doc, rules),
  ];

  return {
    added: {
      accounts: accounts.map((e) => e.key),
      organizationalUnits: ous.map((e) => e.key),
      users: users.map((e) => e.key),
      groups: newGroups.map((e) => e.key),
      permissionSets: sets.map((e) => e.key),
      assignmentRules: rules.length,
      assignments: missing.length,
    },
    conflicts,
    additions,
  };
}

/** The section's collection, created (in the documented section order) when missing or empty. */
function section<T extends YAMLMap | YAMLSeq>(doc: Document, key: string, make: () => T): T {
  const existing = doc.get(key, true);
  if (existing instanceof YAMLMap || existing instanceof YAMLSeq) {
    // `organizationalUnits: {}` as init writes it: added entries go one per line.
    existing.flow = false;
    return existing as T;
  }
  const created = make();
  const root = doc.contents;
  if (!isMap(root)) throw new Error("internal: the document's top level is not a mapping");
  const at = root.items.findIndex((p) => (p as Pair<Scalar>).key?.value === key);
  if (at >= 0) {
    // `users:` with nothing under it (null): keep the key and its comments, give it a value.
    (root.items[at] as Pair).value = created;
    return created;
  }
  const rank = (k: unknown) => {
    const i = SECTION_ORDER.indexOf(String(k));
    return i < 0 ? SECTION_ORDER.length : i;
  };
  const before = root.items.findIndex((p) => rank((p as Pair<Scalar>).key?.value) > rank(key));
  const pair = new Pair(doc.createNode(key), created);
  if (before < 0) root.items.push(pair);
  else root.items.splice(before, 0, pair);
  return created;
}

function addEntries(doc: Document, key: string, entries: readonly Entry[]): SectionAddition {
  const items = entries.map((e, i) => {
    const pair = entryPair(doc, e);
    if (i === 0) (pair.key as Scalar).commentBefore = ADDED;
    return pair;
  });
  if (items.length > 0) section(doc, key, () => new YAMLMap()).items.push(...items);
  return { section: key, kind: "map", items };
}

function addRules(doc: Document, rules: readonly RuleDoc[]): SectionAddition {
  const items = rules.map((r, i) => {
    const node = toNode(doc, r);
    if (i === 0) node.commentBefore = ADDED;
    return node;
  });
  if (items.length > 0) {
    const seq = section(doc, "assignments", () => new YAMLSeq());
    if (isSeq(seq)) seq.items.push(...items);
  }
  return { section: "assignments", kind: "seq", items };
}
