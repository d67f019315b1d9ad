/**
 * The lines under a change's address in the human plan: what is created, or field by field what
 * changes (`~ field: before -> after`, `+`/`-` for list items, a line diff for inline policies).
 * Lines are returned without the block indent; nested lines carry their own extra indent.
 */
import type {
  CustomerManagedPolicyRef,
  PermissionSetSpec,
  PermissionsBoundary,
  UserSpec,
} from "../engine/model.ts";
import type { Change, PermissionSetChange, PermissionSetField, PresetUse } from "../engine/plan-types.ts";
import { ciDetails } from "./ci-details.ts";
import { count, shortList } from "./format.ts";
import { policyDiffLines, prettyPolicy } from "./policy-diff.ts";
import { type PresetView, presetLines, recognisePreset } from "./preset-view.ts";
import { stateBackendDetails } from "./state-backend-details.ts";
import { type Colors, quote, safe } from "./style.ts";

const NESTED = "    ";

export interface DetailOptions {
  /** Every account instead of the first few. */
  verbose: boolean;
  /** Whole policy documents on create, instead of their preset or a line per statement. */
  full: boolean;
  /** Permission sets written as presets (Plan.presets). */
  presets?: Record<string, PresetUse>;
}

export function changeDetails(change: Change, c: Colors, opts: DetailOptions): string[] {
  const { verbose } = opts;
  switch (change.kind) {
    case "kms_key":
    case "state_bucket":
    case "state_bucket_setting":
    case "lock_table":
      return stateBackendDetails(change, c, opts.full);
    case "user": {
      if (change.action === "update" && change.before && change.after) {
        return userFieldDiff(change.before, change.after, c);
      }
      const spec = change.after ?? change.before;
      return spec ? [`display name: ${quote(spec.displayName)}, email: ${quote(spec.email)}`] : [];
    }
    case "group": {
      if (change.action === "update" && change.before && change.after) {
        return [
          `${c.yellow("~")} description: ${quote(change.before.description)} -> ${quote(change.after.description)}`,
        ];
      }
      if (change.action === "create" && change.after?.description) {
        return [`description: ${quote(change.after.description)}`];
      }
      return [];
    }
    case "permission_set":
      return [
        ...permissionSetLines(change, c, opts),
        ...reprovisionLine(change.reprovisionAccounts, verbose),
      ];
    case "provisioning":
      return reprovisionLine(change.accounts, verbose);
    case "membership":
    case "assignment":
      return [];
    case "ci_oidc_provider":
    case "ci_role":
      return ciDetails(change, c, opts.full);
  }
}

function reprovisionLine(accounts: readonly string[], verbose: boolean): string[] {
  if (accounts.length === 0) return [];
  return [`re-provisions ${count(accounts.length, "account")}: ${shortList(accounts.map(safe), verbose)}`];
}

const USER_FIELDS = ["displayName", "givenName", "familyName", "email"] as const;

function userFieldDiff(before: UserSpec, after: UserSpec, c: Colors): string[] {
  return USER_FIELDS.filter((f) => before[f] !== after[f]).map(
    (f) => `${c.yellow("~")} ${f}: ${quote(before[f])} -> ${quote(after[f])}`,
  );
}

function permissionSetLines(change: PermissionSetChange, c: Colors, opts: DetailOptions): string[] {
  if (change.action === "create" && change.after) {
    const view = opts.full
      ? undefined
      : recognisePreset(change.after.inlinePolicy, presetOf(opts.presets, change.name));
    return permissionSetSpecLines(change.after, c, view);
  }
  if (change.action === "update" && change.before && change.after) {
    const { before, after } = change;
    return change.changedFields.flatMap((field) => fieldDiff(field, before, after, c));
  }
  return [];
}

function presetOf(presets: DetailOptions["presets"], name: string): PresetUse | undefined {
  return presets && Object.hasOwn(presets, name) ? presets[name] : undefined;
}

/** A new permission set: every non-empty field; the inline policy as its preset, else in full. */
function permissionSetSpecLines(spec: PermissionSetSpec, c: Colors, preset?: PresetView): string[] {
  const lines: string[] = [];
  if (spec.description) lines.push(`description: ${quote(spec.description)}`);
  lines.push(`sessionDuration: ${quote(spec.sessionDuration)}`);
  if (spec.relayState) lines.push(`relayState: ${quote(spec.relayState)}`);
  if (spec.managedPolicies.length > 0)
    lines.push(`managedPolicies: ${spec.managedPolicies.map(safe).join(", ")}`);
  if (spec.customerManagedPolicies.length > 0) {
    lines.push(`customerManagedPolicies: ${spec.customerManagedPolicies.map(customerRef).join(", ")}`);
  }
  if (spec.permissionsBoundary) lines.push(`permissionsBoundary: ${boundary(spec.permissionsBoundary)}`);
  const tags = Object.entries(spec.tags);
  if (tags.length > 0) lines.push(`tags: ${tags.map(([k, v]) => `${safe(k)}=${quote(v)}`).join(", ")}`);
  if (spec.inlinePolicy && preset) {
    lines.push(...presetLines(preset, spec.inlinePolicy, c));
  } else if (spec.inlinePolicy) {
    lines.push("inlinePolicy:");
    for (const line of prettyPolicy(spec.inlinePolicy).split("\n")) lines.push(NESTED + c.green(safe(line)));
  }
  return lines;
}

function fieldDiff(
  field: PermissionSetField,
  before: PermissionSetSpec,
  after: PermissionSetSpec,
  c: Colors,
): string[] {
  const add = c.green("+");
  const del = c.red("-");
  const mod = c.yellow("~");
  switch (field) {
    case "description":
    case "sessionDuration":
    case "relayState":
      return [`${mod} ${field}: ${quote(before[field])} -> ${quote(after[field])}`];
    case "inlinePolicy": {
      const symbol = before.inlinePolicy === "" ? add : after.inlinePolicy === "" ? del : mod;
      const diff = policyDiffLines(before.inlinePolicy, after.inlinePolicy, c).map((l) => NESTED + l);
      return [`${symbol} inlinePolicy:`, ...diff];
    }
    case "managedPolicies":
      return listDiff(before.managedPolicies.map(safe), after.managedPolicies.map(safe)).map(
        ([sign, item]) => `${sign === "+" ? add : del} managedPolicies: ${item}`,
      );
    case "customerManagedPolicies":
      return listDiff(
        before.customerManagedPolicies.map(customerRef),
        after.customerManagedPolicies.map(customerRef),
      ).map(([sign, item]) => `${sign === "+" ? add : del} customerManagedPolicies: ${item}`);
    case "permissionsBoundary": {
      const b = before.permissionsBoundary;
      const a = after.permissionsBoundary;
      if (!b && a) return [`${add} permissionsBoundary: ${boundary(a)}`];
      if (b && !a) return [`${del} permissionsBoundary: ${boundary(b)}`];
      if (b && a) return [`${mod} permissionsBoundary: ${boundary(b)} -> ${boundary(a)}`];
      return [];
    }
    case "tags":
      return tagDiff(before.tags, after.tags, c);
  }
}

/** Removed items first, then added ones, each in its list's order. */
function listDiff(before: string[], after: string[]): Array<["+" | "-", string]> {
  const removed = before.filter((x) => !after.includes(x)).map((x): ["-", string] => ["-", x]);
  const added = after.filter((x) => !before.includes(x)).map((x): ["+", string] => ["+", x]);
  return [...removed, ...added];
}

function tagDiff(before: Record<string, string>, after: Record<string, string>, c: Colors): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const lines: string[] = [];
  for (const key of keys) {
    const b = before[key];
    const a = after[key];
    if (b === a) continue;
    const name = `tags.${safe(key)}`;
    if (b === undefined && a !== undefined) lines.push(`${c.green("+")} ${name}: ${quote(a)}`);
    else if (a === undefined && b !== undefined) lines.push(`${c.red("-")} ${name}: ${quote(b)}`);
    else if (a !== undefined && b !== undefined)
      lines.push(`${c.yellow("~")} ${name}: ${quote(b)} -> ${quote(a)}`);
  }
  return lines;
}

function customerRef(ref: CustomerManagedPolicyRef): string {
  return safe(`${ref.path || "/"}${ref.name}`);
}

function boundary(b: PermissionsBoundary): string {
  return b.kind === "managed" ? safe(b.arn) : `${safe(`${b.path || "/"}${b.name}`)} (customer managed)`;
}
