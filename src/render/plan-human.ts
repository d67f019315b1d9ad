/**
 * The human view of a Plan, Terraform-like: header, blocking problems, one block per change
 * (`+ create`, `~ update`, `- delete`), prune candidates, what is left alone, the summary line, notes.
 * Returns the whole text ending in a newline; never prints. Colour only when `opts.color`.
 */
import type { Action, Change, Plan, UnmanagedCounts } from "../engine/plan-types.ts";
import { matchesTarget, parseTarget } from "../engine/targets.ts";
import { accessSummaryLines } from "./access-summary.ts";
import { changeDetails, type DetailOptions } from "./change-details.ts";
import { count } from "./format.ts";
import {
  describeCandidates,
  grantsAccess,
  planProblems,
  planWarnings,
  summarizePlan,
} from "./plan-summary.ts";
import { type Colors, colors, type RenderOptions, safe } from "./style.ts";

export interface PlanRenderOptions extends RenderOptions {
  /** List every account instead of the first few (large organisations). */
  verbose?: boolean;
  /**
   * `--full`: every policy document in full, and every account. Without it a new preset-based
   * permission set shows its preset, and a new key or bucket policy a line per statement.
   */
  full?: boolean;
  /** Account id → name (keyless.yaml `accounts`), for the access summary. */
  accountNames?: Record<string, string>;
}

/** The marker on every change that grants access that did not exist (ASCII: safe in any log). */
export const BROADENS_MARKER = "! broadens access";

const BLOCK_INDENT = "  ";
const DETAIL_INDENT = "      ";

export function renderPlanHuman(plan: Plan, opts: PlanRenderOptions): string {
  const c = colors(opts.color);
  const full = opts.full ?? false;
  const verbose = (opts.verbose ?? false) || full;
  const details: DetailOptions = { verbose, full, ...(plan.presets && { presets: plan.presets }) };
  const out: string[] = [
    c.bold(
      `keyless plan for ${safe(plan.instanceArn)} (${safe(plan.region)}, identity store ${safe(plan.identityStoreId)})`,
    ),
  ];
  const section = (lines: string[]) => {
    if (lines.length > 0) out.push("", ...lines);
  };

  const problems = planProblems(plan);
  if (problems.length > 0) {
    section([
      ...problems.map((p) => `${c.red(c.bold("Error:"))} ${safe(p)}`),
      "Apply is blocked until these problems are fixed; then run keyless plan again.",
    ]);
  }
  const warnings = [...planWarnings(plan), ...targetWarnings(plan)];
  if (warnings.length > 0) section(warnings.map((w) => `${c.yellow(c.bold("Warning:"))} ${safe(w)}`));
  section(ciAccessLines(plan, opts.accountNames ?? {}));
  section(
    accessSummaryLines(plan.changes, c, {
      verbose,
      ...(opts.accountNames && { accountNames: opts.accountNames }),
    }),
  );
  if (plan.changes.length > 0) {
    section(["keyless will make these changes:", "", ...renderBlocks(plan.changes, c, details)]);
  }
  if (!plan.prune && plan.pruneCandidates.length > 0) {
    section([
      "Not in keyless.yaml, would be deleted with --prune:",
      ...renderBlocks(plan.pruneCandidates, c, details),
    ]);
  }
  const unmanaged = unmanagedLine(plan.unmanaged);
  const notCounted = notCountedLine(plan.unmanaged);
  if (unmanaged || notCounted) section([unmanaged, notCounted].filter((l) => l !== undefined));
  section(summaryLines(plan, c));
  section(plan.notes.map((n) => `${c.bold("Note:")} ${safe(n)}`));
  return `${out.join("\n")}\n`;
}

/** Which role keyless assumed in each account it read for CI roles (or that it could not). */
function ciAccessLines(plan: Plan, names: Record<string, string>): string[] {
  const access = plan.ciAccess ?? [];
  if (access.length === 0) return [];
  return [
    "CI roles: accounts reached",
    ...access.map((a) => {
      const account = names[a.accountId] ? `${safe(names[a.accountId] ?? "")} (${a.accountId})` : a.accountId;
      const role = a.roleArn === null ? "the credentials keyless runs with" : `assumed ${safe(a.roleArn)}`;
      const external = a.externalId ? " with sts:ExternalId" : "";
      return `${BLOCK_INDENT}${account}: ${a.reached ? "" : "NOT reached, tried "}${role}${external}`;
    }),
  ];
}

/** As Terraform: a targeted plan says so, and names a target that selected nothing (a typo?). */
function targetWarnings(plan: Plan): string[] {
  const targets = plan.targets ?? [];
  if (targets.length === 0) return [];
  const all = [...plan.changes, ...plan.pruneCandidates];
  const unmatched = targets.filter((text) => {
    const parsed = parseTarget(text);
    return parsed.ok && !all.some((change) => matchesTarget(change, parsed.target));
  });
  return [
    `-target is in effect: this plan holds only the changes of ${targets.join(", ")} and what they depend on, so it may not be all that differs between keyless.yaml and AWS. Run keyless plan without -target to see everything.`,
    ...unmatched.map((t) => `-target ${t} matches no change.`),
  ];
}

/** Blocks with details are set apart by blank lines; runs of one-line blocks stay compact. */
function renderBlocks(changes: Change[], c: Colors, details: DetailOptions): string[] {
  const lines: string[] = [];
  let previousHadDetails = false;
  changes.forEach((change, i) => {
    const block = renderBlock(change, c, details);
    const hasDetails = block.length > 1;
    if (i > 0 && (hasDetails || previousHadDetails)) lines.push("");
    lines.push(...block);
    previousHadDetails = hasDetails;
  });
  return lines;
}

const SYMBOL: Record<Action, (c: Colors) => string> = {
  create: (c) => c.green("+"),
  update: (c) => c.yellow("~"),
  delete: (c) => c.red("-"),
};

function renderBlock(change: Change, c: Colors, opts: DetailOptions): string[] {
  let head = `${BLOCK_INDENT}${SYMBOL[change.action](c)} ${safe(change.address)}`;
  if (change.kind === "assignment" && change.via) head += `   ${c.dim(`(via ${safe(change.via)})`)}`;
  if (change.broadensAccess) head += `   ${c.yellow(c.bold(BROADENS_MARKER))}`;
  const details = changeDetails(change, c, opts);
  if (change.reason) details.unshift(c.dim(`(${safe(change.reason)})`));
  return [head, ...details.map((d) => DETAIL_INDENT + d)];
}

function unmanagedLine(u: UnmanagedCounts): string | undefined {
  const parts = [
    u.users > 0 ? count(u.users, "user") : "",
    u.groups > 0 ? count(u.groups, "group") : "",
    u.permissionSets > 0 ? count(u.permissionSets, "permission set") : "",
    u.assignments > 0 ? count(u.assignments, "assignment") : "",
    (u.ciRoles ?? 0) > 0 ? count(u.ciRoles ?? 0, "CI role") : "",
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  // keyless reads the assignments of the users, groups and permission sets the file names; those of
  // an unmanaged permission set to an unmanaged principal are never read, so the count cannot hold them.
  const unread =
    u.permissionSets > 0
      ? " Assignments of these permission sets to users and groups keyless.yaml does not name are not read, so not counted."
      : "";
  return `Left alone (not managed by keyless.yaml): ${parts.join(", ")}.${unread}`;
}

function notCountedLine(u: UnmanagedCounts): string | undefined {
  const kinds = u.notCounted ?? [];
  if (kinds.length === 0) return undefined;
  return (
    `Not counted: ${kinds.join(" and ")} not in keyless.yaml (the identity store was not listed whole, ` +
    "to save AWS calls); keyless plan --count-unmanaged counts them."
  );
}

/**
 * The closing lines. "No changes." only when AWS matches the file entirely: deletions that wait for
 * --prune (an extra group member, an undeclared assignment of a managed set) are access the file
 * does not grant, and a reader of the summary alone (a CI log) must see them.
 */
function summaryLines(plan: Plan, c: Colors): string[] {
  const s = summarizePlan(plan);
  const candidates = plan.prune ? [] : plan.pruneCandidates;
  if (plan.changes.length === 0 && candidates.length === 0) {
    return [c.bold("No changes. AWS matches keyless.yaml.")];
  }
  const lines: string[] = [];
  if (plan.changes.length === 0) {
    lines.push(c.bold("No changes to apply, but AWS has what keyless.yaml does not declare."));
  } else {
    const broadens =
      s.broadensAccess > 0
        ? ` (${c.yellow(`${s.broadensAccess} ${s.broadensAccess === 1 ? "broadens" : "broaden"} access`)})`
        : "";
    lines.push(
      `${c.bold("Plan:")} ${s.add} to add, ${s.change} to change, ${s.delete} to delete${broadens}.`,
    );
  }
  if (candidates.length > 0) {
    const access = candidates.some(grantsAccess) ? " (access keyless.yaml does not grant)" : "";
    const it = candidates.length === 1 ? "it" : "them";
    lines.push(
      `${c.yellow(c.bold("Not in keyless.yaml:"))} ${describeCandidates(candidates)}${access}. ` +
        `apply keeps ${it}; keyless apply --prune deletes ${it}.`,
    );
  }
  return lines;
}
