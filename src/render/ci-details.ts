/**
 * The lines under a CI change in the human plan: a new OIDC provider (URL, audiences), a new role
 * (who may assume it, what it may do), or field by field what an update changes: the trust policy
 * and inline policies as line diffs (a widened trust policy shows the statement narrowed back), an
 * extra inline or attached policy marked for removal, boundary, tags, session, description.
 */
import type { CiRoleSpec } from "../engine/model.ts";
import type { CiProviderChange, CiRoleChange, CiRoleField } from "../engine/plan-types.ts";
import { policyDiffLines, prettyPolicy } from "./policy-diff.ts";
import { type Colors, quote, safe } from "./style.ts";

const NESTED = "    ";

export function ciDetails(change: CiProviderChange | CiRoleChange, c: Colors, full: boolean): string[] {
  if (change.kind === "ci_oidc_provider") {
    if (change.action === "create") {
      return [`url: ${safe(change.url)}`, `audiences: ${change.clientIds.map(safe).join(", ")}`];
    }
    return change.clientIds.map((id) => `${c.green("+")} audience: ${safe(id)}`);
  }
  if (change.action === "create" && change.after) return roleLines(change.after, c, full);
  if (change.action === "update" && change.before && change.after) {
    const { before, after } = change;
    return change.changedFields.flatMap((f) => fieldDiff(f, before, after, c));
  }
  if (change.action === "delete" && change.before) {
    const b = change.before;
    const policies = Object.keys(b.inlinePolicies).length + b.managedPolicies.length;
    return [`role ${safe(`${b.path}${b.name}`)} and its ${policies} polic${policies === 1 ? "y" : "ies"}`];
  }
  return [];
}

/** `sub`/`aud`/`job_workflow_ref` of the trust policy, one line each (the whole document with --full). */
function trustLines(trust: string, c: Colors, full: boolean): string[] {
  if (full)
    return [
      "trustPolicy:",
      ...prettyPolicy(trust)
        .split("\n")
        .map((l) => NESTED + c.green(safe(l))),
    ];
  try {
    const doc = JSON.parse(trust) as {
      Statement?: { Condition?: Record<string, Record<string, unknown>> }[];
    };
    const lines: string[] = [];
    for (const st of doc.Statement ?? []) {
      for (const [op, keys] of Object.entries(st.Condition ?? {})) {
        for (const [key, value] of Object.entries(keys)) {
          const values = Array.isArray(value) ? value.map(String) : [String(value)];
          lines.push(`trust ${safe(key.replace(/^.*:/, ""))} (${op}): ${values.map(safe).join(", ")}`);
        }
      }
    }
    return lines;
  } catch {
    return [`trustPolicy: ${safe(trust)}`];
  }
}

function roleLines(spec: CiRoleSpec, c: Colors, full: boolean): string[] {
  const lines = [`path: ${safe(spec.path)}`, ...trustLines(spec.trustPolicy, c, full)];
  if (spec.description) lines.push(`description: ${quote(spec.description)}`);
  lines.push(`maxSessionDuration: ${spec.maxSessionDuration}s`);
  if (spec.managedPolicies.length > 0)
    lines.push(`managedPolicies: ${spec.managedPolicies.map(safe).join(", ")}`);
  if (spec.permissionsBoundary) lines.push(`permissionsBoundary: ${safe(spec.permissionsBoundary)}`);
  const tags = Object.entries(spec.tags);
  if (tags.length > 0) lines.push(`tags: ${tags.map(([k, v]) => `${safe(k)}=${quote(v)}`).join(", ")}`);
  for (const [name, doc] of Object.entries(spec.inlinePolicies)) {
    if (full) {
      lines.push(`inline policy ${safe(name)}:`);
      for (const line of prettyPolicy(doc).split("\n")) lines.push(NESTED + c.green(safe(line)));
    } else {
      const n = statementCount(doc);
      lines.push(`inline policy ${safe(name)}: ${n} statement${n === 1 ? "" : "s"} (--full shows them)`);
    }
  }
  return lines;
}

function statementCount(doc: string): number {
  try {
    const s = (JSON.parse(doc) as { Statement?: unknown }).Statement;
    return Array.isArray(s) ? s.length : s === undefined ? 0 : 1;
  } catch {
    return 0;
  }
}

function fieldDiff(field: CiRoleField, before: CiRoleSpec, after: CiRoleSpec, c: Colors): string[] {
  const add = c.green("+");
  const del = c.red("-");
  const mod = c.yellow("~");
  switch (field) {
    case "trustPolicy":
      return [
        `${mod} trustPolicy:`,
        ...policyDiffLines(before.trustPolicy, after.trustPolicy, c).map((l) => NESTED + l),
      ];
    case "inlinePolicies": {
      const names = [
        ...new Set([...Object.keys(before.inlinePolicies), ...Object.keys(after.inlinePolicies)]),
      ].sort();
      return names.flatMap((name) => {
        const b = before.inlinePolicies[name];
        const a = after.inlinePolicies[name];
        if (b === undefined)
          return [
            `${add} inline policy ${safe(name)}:`,
            ...policyDiffLines("", a ?? "", c).map((l) => NESTED + l),
          ];
        if (a === undefined) return [`${del} inline policy ${safe(name)} (not in keyless.yaml)`];
        if (b === a) return [];
        return [`${mod} inline policy ${safe(name)}:`, ...policyDiffLines(b, a, c).map((l) => NESTED + l)];
      });
    }
    case "managedPolicies":
      return [
        ...before.managedPolicies
          .filter((p) => !after.managedPolicies.includes(p))
          .map((p) => `${del} attached policy: ${safe(p)} (not in keyless.yaml)`),
        ...after.managedPolicies
          .filter((p) => !before.managedPolicies.includes(p))
          .map((p) => `${add} attached policy: ${safe(p)}`),
      ];
    case "permissionsBoundary":
      return [
        `${mod} permissionsBoundary: ${safe(before.permissionsBoundary ?? "(none)")} -> ${safe(after.permissionsBoundary ?? "(none)")}`,
      ];
    case "tags":
      return Object.entries(after.tags)
        .filter(([k, v]) => before.tags[k] !== v)
        .map(([k, v]) =>
          before.tags[k] === undefined
            ? `${add} tags.${safe(k)}: ${quote(v)}`
            : `${mod} tags.${safe(k)}: ${quote(before.tags[k] ?? "")} -> ${quote(v)}`,
        );
    case "maxSessionDuration":
      return [`${mod} maxSessionDuration: ${before.maxSessionDuration}s -> ${after.maxSessionDuration}s`];
    case "description":
      return [`${mod} description: ${quote(before.description)} -> ${quote(after.description)}`];
  }
}
