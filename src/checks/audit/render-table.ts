/**
 * The audit as a table for people: when (UTC), event, who, account, role, from, agent, result.
 * Every value from CloudTrail (user agents are chosen by the caller) passes through `safe`, so it
 * cannot drive the terminal.
 */
import { colors, safe } from "../../render/style.ts";
import type { AuditRecord } from "./record.ts";
import { shortenUserAgent } from "./user-agent.ts";
import { displayUser } from "./users.ts";

export interface TableOptions {
  color: boolean;
  /** account id → name from keyless.yaml. */
  accountNames: Record<string, string>;
}

const HEADERS = ["WHEN (UTC)", "EVENT", "WHO", "ACCOUNT", "ROLE", "FROM", "AGENT", "RESULT"] as const;

/** `2025-08-08T15:29:30Z` → `2025-08-08 15:29:30`. */
function when(time: string): string {
  return time.replace("T", " ").replace(/(\.\d+)?Z$/, "");
}

function eventLabel(r: AuditRecord): string {
  return r.credentialType ? `${r.event} (${r.credentialType})` : r.event;
}

function result(r: AuditRecord): string {
  if (r.outcome === "success") return "success";
  return r.errorCode ? `FAILED ${r.errorCode}` : "FAILED";
}

export function renderAuditTable(records: AuditRecord[], opts: TableOptions): string {
  const c = colors(opts.color);
  const rows = records.map((r) =>
    [
      when(r.time),
      eventLabel(r),
      displayUser(r.user),
      r.accountId ? (opts.accountNames[r.accountId] ?? r.accountId) : "-",
      r.role ?? "-",
      r.sourceIp || "-",
      shortenUserAgent(r.userAgent),
      result(r),
    ].map(safe),
  );
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [c.bold(line(HEADERS))];
  rows.forEach((row, i) => {
    const text = line(row);
    out.push(records[i]?.outcome === "failure" ? c.red(text) : text);
  });
  return `${out.join("\n")}\n`;
}

/** `12 events: 5 sign-in, 3 token, 4 role-credentials; 1 failure.` */
export function summaryLine(records: AuditRecord[]): string {
  const by = (k: AuditRecord["kind"]) => records.filter((r) => r.kind === k).length;
  const failures = records.filter((r) => r.outcome === "failure").length;
  return (
    `${records.length} event${records.length === 1 ? "" : "s"}: ${by("sign-in")} sign-in, ${by("token")} token, ` +
    `${by("role-credentials")} role-credentials; ${failures} failure${failures === 1 ? "" : "s"}.`
  );
}
