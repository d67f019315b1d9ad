/** `keyless scan --json`: the report as data (see docs/scan.md for the fields). No secret in it. */
import { allowPath, shownLocation } from "./display.ts";
import { EXAMPLE_FIX, FIXES } from "./fixes.ts";
import { type ScanReport, summarise } from "./report.ts";

export function toJson(report: ScanReport, cwd: string): object {
  const s = summarise(report);
  return {
    format_version: "1",
    roots: report.roots,
    checked: report.checked,
    summary: {
      failing: s.failing,
      high: s.bySeverity.high,
      low: s.bySeverity.low,
      info: s.bySeverity.info,
      example: s.bySeverity.example,
      allowed: s.allowed,
      problems: s.problems,
    },
    findings: report.findings.map((f) => ({
      kind: f.kind,
      severity: f.severity,
      location: shownLocation(f, cwd, report.home),
      path: allowPath(f, report.home),
      ...(f.location.type === "file"
        ? { line: f.location.line, column: f.location.column }
        : { variable: f.location.variable }),
      what: f.what,
      masked: f.masked,
      fingerprint: f.fingerprint,
      fix: f.severity === "example" ? EXAMPLE_FIX : FIXES[f.kind],
      allowed: f.allowed ?? null,
    })),
    problems: report.problems,
    stats: {
      files_scanned: report.stats.filesScanned,
      binary: report.stats.binary,
      too_large: report.stats.tooLarge,
      ignored: report.stats.ignored,
      skipped_directories: report.stats.skippedDirectories,
      not_regular: report.stats.notRegular,
    },
  };
}
