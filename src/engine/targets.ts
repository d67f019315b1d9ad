/**
 * `-target ADDRESS`, as in Terraform: the plan is limited to the changes a target names and to what
 * they depend on, so one urgent change can go out alone. A target is an address as the plan prints
 * it (`assignment["group:platform-engineers", "terraform-core", "111111111111"]`), or a prefix of
 * one: a kind alone (`assignment`: every assignment), or fewer keys (`assignment["group:x"]`: every
 * assignment of group x; `state_bucket["b"]`: the bucket and all its settings).
 *
 * What a change depends on is what must happen before it can succeed: a membership or assignment
 * create needs its principal and permission set created (or updated, as reviewed) first; provisioning
 * needs its permission set; a bucket setting needs its bucket and a key created with it. A deletion of
 * a permission set, group or user needs the deletions of the assignments and memberships that still
 * use it. Dependents are not added: targeting a permission set does not assign it.
 */
import { principalKey } from "./addresses.ts";
import { KIND_ORDER } from "./order.ts";
import type { Change, ResourceKind } from "./plan-types.ts";

/** The kinds as addresses spell them: a bucket setting is `state_bucket["NAME"].SETTING`. */
const ADDRESS_KINDS = KIND_ORDER.filter((k) => k !== "state_bucket_setting");
type AddressKind = Exclude<ResourceKind, "state_bucket_setting">;

export interface Target {
  kind: AddressKind;
  /** The keys inside the brackets; fewer than an address has make a prefix. */
  keys: string[];
  /** `.setting` after a state bucket's keys. */
  sub?: string;
}

export type ParsedTarget = { ok: true; target: Target } | { ok: false; problem: string };

const ADDRESS = /^([a-z_]+)(?:\[(.*)\])?(?:\.([a-z_]+))?$/s;

/** Parses a target as typed (spaces after commas optional); `problem` says what is wrong with it. */
export function parseTarget(text: string): ParsedTarget {
  const m = ADDRESS.exec(text.trim());
  if (!m) {
    return {
      ok: false,
      problem:
        'it is not an address: expected KIND or KIND["key", ...], e.g. permission_set["terraform-core"]',
    };
  }
  const [, kind = "", inner, sub] = m;
  if (!(ADDRESS_KINDS as readonly string[]).includes(kind)) {
    return { ok: false, problem: `unknown kind "${kind}"; the kinds are ${ADDRESS_KINDS.join(", ")}` };
  }
  let keys: unknown = [];
  if (inner !== undefined) {
    try {
      keys = JSON.parse(`[${inner}]`);
    } catch {
      keys = undefined;
    }
    if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === "string")) {
      return {
        ok: false,
        problem:
          'the keys in brackets must be one or more double-quoted strings, e.g. ["platform-engineers", "dave"]',
      };
    }
  }
  if (sub !== undefined && kind !== "state_bucket") {
    return { ok: false, problem: `only state_bucket["NAME"] has sub-addresses (.${sub})` };
  }
  if (sub !== undefined && (keys as string[]).length !== 1) {
    return { ok: false, problem: `.${sub} needs the bucket name first: state_bucket["NAME"].${sub}` };
  }
  return {
    ok: true,
    target: { kind: kind as AddressKind, keys: keys as string[], ...(sub !== undefined && { sub }) },
  };
}

/** A target in the plan's own spelling (so a saved plan holds one form of each). */
export function formatTarget(t: Target): string {
  const keys = t.keys.length > 0 ? `[${t.keys.map((k) => JSON.stringify(k)).join(", ")}]` : "";
  return `${t.kind}${keys}${t.sub !== undefined ? `.${t.sub}` : ""}`;
}

/** Whether a change's address is the target or lies under it. */
export function matchesTarget(change: Change, target: Target): boolean {
  const parsed = parseTarget(change.address);
  if (!parsed.ok || parsed.target.kind !== target.kind) return false;
  const { keys, sub } = parsed.target;
  if (target.keys.length > keys.length || target.keys.some((k, i) => keys[i] !== k)) return false;
  if (target.sub === undefined) return true;
  return target.keys.length === keys.length && sub === target.sub;
}

/** Keys a change must see done before it runs (see the module comment). */
function needs(c: Change): string[] {
  switch (c.kind) {
    case "membership":
      return c.action === "create" ? [`user:${c.userName}`, `group:${c.group}`] : [];
    case "assignment":
      return c.action === "create" ? [`permission_set:${c.permissionSet}`, principalKey(c.principal)] : [];
    case "provisioning":
      return [`permission_set:${c.permissionSet}`];
    case "state_bucket_setting":
      return [`state_bucket:${c.bucket}`, ...(c.pendingKmsKey ? [`kms_key:${c.pendingKmsKey}`] : [])];
    case "permission_set":
      return c.action === "delete" ? [`used:permission_set:${c.name}`] : [];
    case "group":
      return c.action === "delete" ? [`used:group:${c.name}`] : [];
    case "user":
      return c.action === "delete" ? [`used:user:${c.userName}`] : [];
    case "kms_key":
    case "state_bucket":
    case "lock_table":
    case "ci_oidc_provider":
      return [];
    case "ci_role":
      return c.action === "delete" ? [] : [`ci_account:${c.accountId}`];
  }
}

/** Keys a change provides to those that need them. */
function provides(c: Change): string[] {
  switch (c.kind) {
    case "user":
      return c.action === "delete" ? [] : [`user:${c.userName}`];
    case "group":
      return c.action === "delete" ? [] : [`group:${c.name}`];
    case "permission_set":
      return c.action === "delete" ? [] : [`permission_set:${c.name}`];
    case "state_bucket":
      return [`state_bucket:${c.bucket}`];
    case "kms_key":
      return [`kms_key:${c.alias}`];
    case "assignment":
      return c.action === "delete"
        ? [`used:permission_set:${c.permissionSet}`, `used:${principalKey(c.principal)}`]
        : [];
    case "membership":
      return c.action === "delete" ? [`used:user:${c.userName}`, `used:group:${c.group}`] : [];
    case "ci_oidc_provider":
      return [`ci_account:${c.accountId}`];
    case "provisioning":
    case "state_bucket_setting":
    case "lock_table":
    case "ci_role":
      return [];
  }
}

/**
 * The addresses of the changes in `all` that the targets select, with everything they depend on
 * (transitively, within `all`).
 */
export function targetedAddresses(all: readonly Change[], targets: readonly Target[]): Set<string> {
  const byKey = new Map<string, Change[]>();
  for (const c of all) {
    for (const key of provides(c)) byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  const selected = new Set<string>();
  const queue = all.filter((c) => targets.some((t) => matchesTarget(c, t)));
  while (queue.length > 0) {
    const c = queue.pop() as Change;
    if (selected.has(c.address)) continue;
    selected.add(c.address);
    for (const key of needs(c)) queue.push(...(byKey.get(key) ?? []));
  }
  return selected;
}
