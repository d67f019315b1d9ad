/**
 * The human output of `keyless scan`: a table of findings (severity, kind, location, what was found,
 * masked), the fix once per kind found, and a summary line. Plain text with optional colour; every
 * value read from a file passes through `safe` so a crafted file name cannot drive the terminal.
 */
import { colors, safe } from "../../render/style.ts";
import { shownLocation } from "./display.ts";
import { EXAMPLE_FIX, FIXES } from "./fixes.ts";
import { type ScanReport, summarise } from "./report.ts";
import type { Finding, FindingKind } from "./types.ts";

export interface RenderScanOptions {
  color: boolean;
  cwd: string;
}

export function renderScan(report: ScanReport, opts: RenderScanOptions): string {
  const c = colors(opts.color);
  const s = summarise(report);
  const lines: string[] = [];
  const scanned = `${report.stats.filesScanned} ${plural(report.stats.filesScanned, "file")} scanned`;
  const where = [
    report.checked.env ? "the environment" : undefined,
    report.checked.home ? "~/.aws" : undefined,
  ].filter((x) => x !== undefined);
  const also = where.length > 0 ? ` (and ${where.join(" and ")})` : "";
  if (report.findings.length === 0) {
    lines.push(`${c.green("No static AWS credentials found.")} ${scanned}${also}.`);
    return `${lines.join("\n")}\n`;
  }
  const rows = report.findings.map((f) => [
    f.allowed ? "allowed" : f.severity,
    f.kind,
    safe(shownLocation(f, opts.cwd, report.home)),
    safe(f.what) + (f.allowed ? ` (allowed: ${safe(f.allowed.reason)})` : ""),
  ]);
  const header = ["SEVERITY", "KIND", "LOCATION", "FOUND"];
  const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const pad = (cells: string[]) =>
    cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ");
  lines.push(c.bold(pad(header)));
  rows.forEach((r, i) => {
    const f = report.findings[i]!;
    const text = pad(r);
    lines.push(colourFor(f, c)(text));
  });
  const fixKinds = [...new Set(report.findings.filter((f) => showsFix(f)).map((f) => f.kind))];
  const examples = report.findings.some((f) => f.severity === "example" && !f.allowed);
  if (fixKinds.length > 0 || examples) lines.push("", c.bold("How to fix:"));
  for (const kind of fixKinds) lines.push(`  ${kind}: ${FIXES[kind as FindingKind]}`);
  if (examples) lines.push(`  example: ${EXAMPLE_FIX}`);
  lines.push("", `${summaryLine(s)} ${scanned}${also}.`);
  return `${lines.join("\n")}\n`;
}

function showsFix(f: Finding): boolean {
  return f.allowed === undefined && f.severity !== "example";
}

function colourFor(f: Finding, c: ReturnType<typeof colors>): (t: string) => string {
  if (f.allowed || f.severity === "example" || f.severity === "info") return c.dim;
  return f.severity === "high" ? c.red : c.yellow;
}

function summaryLine(s: ReturnType<typeof summarise>): string {
  const parts: string[] = [];
  if (s.bySeverity.high) parts.push(`${s.bySeverity.high} high`);
  if (s.bySeverity.low) parts.push(`${s.bySeverity.low} low`);
  const failing =
    s.failing === 0
      ? "No failing findings"
      : `${s.failing} failing ${plural(s.failing, "finding")} (${parts.join(", ")})`;
  const extra: string[] = [];
  if (s.bySeverity.info) extra.push(`${s.bySeverity.info} info`);
  if (s.allowed) extra.push(`${s.allowed} allowed`);
  if (s.bySeverity.example)
    extra.push(`${s.bySeverity.example} AWS ${plural(s.bySeverity.example, "example")}`);
  return `${failing}${extra.length > 0 ? `; ${extra.join(", ")}` : ""}.`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
