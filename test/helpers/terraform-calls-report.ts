/**
 * The denials of an evaluation as a markdown table (one row per stack, check, action and resource,
 * both key prefix variants merged), with the issue finding each known denial belongs to. Printed by
 * `scripts/record-terraform-calls.ts --evaluate` and by the presets test when it fails.
 */
import type { RequestVerdict } from "./terraform-calls-eval.ts";
import { KNOWN_DENIED, matchesKnown } from "./terraform-calls-known-denied.ts";

interface Row {
  stack: string;
  check: string;
  permissionSet: string;
  action: string;
  resource: string;
  neededFor: string;
  keyPrefix: Set<string>;
  steps: Set<string>;
  count: number;
  finding: string;
}

export function denialRows(verdicts: readonly RequestVerdict[]): Row[] {
  const rows = new Map<string, Row>();
  for (const v of verdicts) {
    if (v.decision === "allowed") continue;
    const neededFor = v.request.because ? `${v.operation}: ${v.request.because}` : v.operation;
    const key = [v.stack, v.check, v.request.action, v.request.resource, neededFor].join("\u0000");
    let row = rows.get(key);
    if (!row) {
      const known = KNOWN_DENIED.find((k) => matchesKnown(k, v));
      row = {
        stack: v.stack,
        check: v.check,
        permissionSet: v.permissionSet,
        action: v.request.action,
        resource: v.request.resource,
        neededFor,
        keyPrefix: new Set(),
        steps: new Set(),
        count: 0,
        finding: known ? `${known.finding}${known.regression ? " (regression)" : ""}` : "NEW",
      };
      rows.set(key, row);
    }
    row.keyPrefix.add(v.keyPrefix);
    row.steps.add(v.step);
    row.count += 1;
  }
  return [...rows.values()];
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function denialTable(verdicts: readonly RequestVerdict[]): string {
  const rows = denialRows(verdicts);
  if (rows.length === 0) return "(no recorded call is denied)\n";
  const lines = [
    "| stack | checked as | key prefix | action | resource | needed for | steps | calls | finding |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const prefix = r.keyPrefix.size === 2 ? "set and unset" : [...r.keyPrefix][0]!;
    lines.push(
      `| ${r.stack} | ${r.check} (${r.permissionSet}) | ${prefix} | \`${r.action}\` | \`${cell(r.resource)}\` | ${cell(r.neededFor)} | ${[...r.steps].join(", ")} | ${r.count} | ${r.finding} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
