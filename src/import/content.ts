/**
 * The content of an imported keyless.yaml, section by section, from a snapshot of the instance and
 * the selection: pure data (entries with an optional comment each), which yaml.ts writes as a new
 * file and merge.ts adds to an existing one.
 *
 * - Users: managed (`displayName`, `givenName`, `familyName`, `email`), or `external: true` when an
 *   external identity provider owns them (ExternalIds) or AWS's record lacks what a managed user
 *   needs (say, an e-mail address), with a comment saying which.
 * - Groups: managed with description and members, or `external: true` (ExternalIds).
 * - Principals only needed by what is imported (an assignment of an imported permission set, a member
 *   of an imported group) but outside the filters: `external: true`, looked up and never written.
 * - Accounts: every active account of the organization and every assigned one, named after its
 *   Organizations name; OUs: those written as assignment targets.
 */
import { firstBadCharacter } from "../config/characters.ts";
import { EMAIL, IDENTITY_TEXT_CHARS, IDENTITY_TEXT_MAX } from "../config/patterns.ts";
import type { AccountId, PrincipalRef } from "../engine/model.ts";
import {
  compactAssignments,
  type ImportedAssignment,
  ouClosure,
  type RuleDoc,
  type Targeting,
  targetableOus,
} from "./assignments.ts";
import { uniqueNames } from "./names.ts";
import { permissionSetDocument, type RenderedPresetPolicy } from "./permission-set.ts";
import type { Selection } from "./select.ts";
import type { ImportGroup, ImportSnapshot, ImportUser } from "./snapshot.ts";

export interface Entry {
  key: string;
  value: unknown;
  /** Written after the key's line (or its first line). */
  comment?: string;
  /** An `external: true` entry only there because something imported refers to it. */
  referenceOnly?: boolean;
}

export interface ImportCounts {
  users: { managed: number; external: number };
  groups: { managed: number; external: number };
  permissionSets: { preset: number; inline: number; noInlinePolicy: number };
  assignments: number;
  rules: number;
  accounts: number;
  organizationalUnits: number;
}

export interface ImportContent {
  identityCenter: { region: string; instanceArn: string; identityStoreId: string };
  accounts: Entry[];
  organizationalUnits: Entry[];
  users: Entry[];
  groups: Entry[];
  permissionSets: Entry[];
  /** Every imported assignment by natural key (what the rules must expand to). */
  assignments: ImportedAssignment[];
  /** How rules name targets: account and OU names, OU → accounts. */
  targeting: Targeting;
  /** Things the user should know (stderr), e.g. an assignment to a suspended account. */
  warnings: string[];
}

export interface ContentOptions {
  /** Presets in preference order, rendered with the file's parameters. */
  presets: readonly RenderedPresetPolicy[];
  /** Write OU targets where an OU's accounts are exactly the assigned ones. Default true. */
  ouTargets?: boolean;
  /** Names the file being merged into already uses, by id (accounts, OUs) and taken names. */
  existing?: {
    accountNames: ReadonlyMap<AccountId, string>;
    ouNames: ReadonlyMap<string, string>;
    takenAccountNames: ReadonlySet<string>;
    takenOuNames: ReadonlySet<string>;
  };
}

const EXTERNAL_IDP = "synced from an external identity provider (ExternalIds): looked up, never written";
const OUTSIDE = "outside the import's filters: looked up, never written";

/** Why AWS's record cannot be written as a managed user; undefined when it can. */
export function unmanageableReason(u: ImportUser): string | undefined {
  for (const field of ["displayName", "givenName", "familyName", "email"] as const) {
    const value = u[field];
    if (value === "") return `its ${field} is empty in AWS`;
    if (value.length > IDENTITY_TEXT_MAX)
      return `its ${field} is longer than ${IDENTITY_TEXT_MAX} characters`;
    if (firstBadCharacter(value, IDENTITY_TEXT_CHARS))
      return `its ${field} has a character keyless cannot write`;
  }
  if (!EMAIL.test(u.email)) return `its email "${u.email}" does not look like an address`;
  return undefined;
}

function userEntry(u: ImportUser, selected: boolean): { entry: Entry; managed: boolean } {
  if (!selected)
    return {
      entry: { key: u.userName, value: { external: true }, comment: OUTSIDE, referenceOnly: true },
      managed: false,
    };
  if (u.external)
    return { entry: { key: u.userName, value: { external: true }, comment: EXTERNAL_IDP }, managed: false };
  const why = unmanageableReason(u);
  if (why)
    return {
      entry: { key: u.userName, value: { external: true }, comment: `not managed: ${why}` },
      managed: false,
    };
  const value = {
    displayName: u.displayName,
    givenName: u.givenName,
    familyName: u.familyName,
    email: u.email,
  };
  return { entry: { key: u.userName, value }, managed: true };
}

function groupEntry(
  g: ImportGroup,
  selected: boolean,
  userName: (id: string) => string | undefined,
): { entry: Entry; managed: boolean } {
  if (!selected)
    return {
      entry: { key: g.name, value: { external: true }, comment: OUTSIDE, referenceOnly: true },
      managed: false,
    };
  if (g.external)
    return { entry: { key: g.name, value: { external: true }, comment: EXTERNAL_IDP }, managed: false };
  const members = (g.memberUserIds ?? []).flatMap((id) => {
    const name = userName(id);
    return name === undefined ? [] : [name];
  });
  const value: Record<string, unknown> = {};
  if (g.description !== "") value.description = g.description;
  value.members = [...new Set(members)].sort(cmp);
  return { entry: { key: g.name, value }, managed: true };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildContent(
  snapshot: ImportSnapshot,
  selection: Selection,
  options: ContentOptions,
): { content: ImportContent; counts: ImportCounts } {
  const warnings: string[] = [];
  const usersById = new Map(snapshot.users.map((u) => [u.userId, u]));
  const groupsById = new Map(snapshot.groups.map((g) => [g.groupId, g]));
  const setsByArn = new Map(snapshot.permissionSets.map((p) => [p.arn, p]));

  // Principals the file must name: the selected ones, those holding an imported permission set, and
  // the members of imported managed groups.
  const neededUsers = new Set(selection.userIds);
  const neededGroups = new Set(selection.groupIds);
  const assignments: ImportedAssignment[] = [];
  for (const a of selection.assignments) {
    const set = setsByArn.get(a.permissionSetArn);
    const principal: PrincipalRef | undefined =
      a.principalType === "USER"
        ? named("USER", usersById.get(a.principalId)?.userName)
        : named("GROUP", groupsById.get(a.principalId)?.name);
    if (!set || !principal) {
      warnings.push(
        `skipped the assignment of ${a.principalType.toLowerCase()} ${a.principalId} to ${a.permissionSetArn} on ${a.accountId}: the ${set ? "principal" : "permission set"} is not in the identity store / instance`,
      );
      continue;
    }
    (a.principalType === "USER" ? neededUsers : neededGroups).add(a.principalId);
    assignments.push({ principal, permissionSet: set.name, accountId: a.accountId });
  }
  for (const id of selection.groupIds) {
    const g = groupsById.get(id);
    if (g && !g.external) for (const m of g.memberUserIds ?? []) if (usersById.has(m)) neededUsers.add(m);
  }

  const users = snapshot.users.filter((u) => neededUsers.has(u.userId));
  const userEntries = users.map((u) => userEntry(u, selection.userIds.has(u.userId)));
  const groups = snapshot.groups.filter((g) => neededGroups.has(g.groupId));
  const userName = (id: string) => usersById.get(id)?.userName;
  const groupEntries = groups.map((g) => groupEntry(g, selection.groupIds.has(g.groupId), userName));

  const counts: ImportCounts = {
    users: {
      managed: userEntries.filter((e) => e.managed).length,
      external: userEntries.filter((e) => !e.managed).length,
    },
    groups: {
      managed: groupEntries.filter((e) => e.managed).length,
      external: groupEntries.filter((e) => !e.managed).length,
    },
    permissionSets: { preset: 0, inline: 0, noInlinePolicy: 0 },
    assignments: assignments.length,
    rules: 0,
    accounts: 0,
    organizationalUnits: 0,
  };

  const permissionSets: Entry[] = [];
  for (const ps of snapshot.permissionSets) {
    if (!selection.permissionSetArns.has(ps.arn)) continue;
    if (!ps.spec) throw new Error(`internal: permission set ${ps.name} was selected but not read`);
    const { value, form } = permissionSetDocument(ps.spec, options.presets);
    if (form.kind === "preset") counts.permissionSets.preset++;
    else if (form.kind === "inline") counts.permissionSets.inline++;
    else counts.permissionSets.noInlinePolicy++;
    if (form.kind === "unreadable")
      warnings.push(
        `permission set ${ps.name}: its inline policy in AWS is not JSON; it was left out of the file`,
      );
    permissionSets.push({ key: ps.name, value });
  }

  const targeting = targetingFor(snapshot, assignments, options);
  const assignedIds = new Set(assignments.map((a) => a.accountId));
  const orgAccounts = snapshot.organization?.accounts ?? [];
  const accountIds = options.existing
    ? [...assignedIds].sort(cmp)
    : [...new Set([...orgAccounts.filter((a) => a.status === "ACTIVE").map((a) => a.id), ...assignedIds])];
  const byId = new Map(orgAccounts.map((a) => [a.id, a]));
  const accounts: Entry[] = [];
  for (const id of accountIds) {
    const key = targeting.accountNames.get(id) ?? id;
    if (options.existing?.accountNames.has(id)) continue;
    const org = byId.get(id);
    let comment: string | undefined;
    if (snapshot.organization && !org) {
      comment = "not an account of the organization";
      warnings.push(
        `account ${id} holds assignments but is not an account of the organization; keyless plan will report it`,
      );
    } else if (org && org.status !== "ACTIVE") {
      comment = `${org.status} in the organization`;
      warnings.push(
        `account ${key} (${id}) is ${org.status} but holds assignments; keyless plan will report it until they or the account are removed`,
      );
    } else if (org && org.name !== key) {
      comment = org.name;
    }
    accounts.push({ key, value: id, ...(comment ? { comment } : {}) });
  }
  accounts.sort((a, b) => cmp(a.key, b.key));

  const units = new Map((snapshot.organization?.units ?? []).map((u) => [u.id, u]));
  const organizationalUnits: Entry[] = [];
  const rules = compactAssignments(assignments, targeting);
  const usedOus = new Set(
    rules.flatMap((r) => r.targets.filter((t) => t.startsWith("ou:")).map((t) => t.slice(3))),
  );
  for (const [id, name] of targeting.ouNames) {
    if (!usedOus.has(name) || options.existing?.ouNames.has(id)) continue;
    const orgName = units.get(id)?.name;
    organizationalUnits.push({
      key: name,
      value: id,
      ...(orgName && orgName !== name ? { comment: orgName } : {}),
    });
  }
  organizationalUnits.sort((a, b) => cmp(a.key, b.key));
  counts.rules = rules.length;
  counts.accounts = accounts.length;
  counts.organizationalUnits = organizationalUnits.length;

  return {
    content: {
      identityCenter: {
        region: snapshot.region,
        instanceArn: snapshot.instanceArn,
        identityStoreId: snapshot.identityStoreId,
      },
      accounts,
      organizationalUnits,
      users: userEntries.map((e) => e.entry),
      groups: groupEntries.map((e) => e.entry),
      permissionSets,
      assignments,
      targeting,
      warnings,
    },
    counts,
  };
}

function named(type: PrincipalRef["type"], name: string | undefined): PrincipalRef | undefined {
  return name === undefined ? undefined : { type, name };
}

function targetingFor(
  snapshot: ImportSnapshot,
  assignments: readonly ImportedAssignment[],
  options: ContentOptions,
): Targeting {
  const org = snapshot.organization;
  const existing = options.existing;
  const assigned = [...new Set(assignments.map((a) => a.accountId))];
  const orgById = new Map((org?.accounts ?? []).map((a) => [a.id, a]));
  const accountItems = [
    ...(org?.accounts ?? []).map((a) => ({ id: a.id, name: a.name })),
    ...assigned.filter((id) => !orgById.has(id)).map((id) => ({ id, name: "" })),
  ];
  const accountNames = uniqueNames(
    accountItems,
    "account",
    new Set([...(existing?.takenAccountNames ?? [])]),
    existing?.accountNames,
  );
  const ouAccounts = org && options.ouTargets !== false ? ouClosure(org) : {};
  // An OU the file already names is a target under that name, whatever its size.
  const targetable = new Set([
    ...targetableOus(ouAccounts),
    ...[...(existing?.ouNames.keys() ?? [])].filter((id) => id in ouAccounts),
  ]);
  const units = (org?.units ?? []).filter((u) => targetable.has(u.id));
  const ouNames = uniqueNames(
    units.map((u) => ({ id: u.id, name: u.name })),
    "ou",
    new Set([...(existing?.takenOuNames ?? [])]),
    existing?.ouNames,
  );
  return { accountNames, ouNames, ouAccounts };
}

export type { RuleDoc };
