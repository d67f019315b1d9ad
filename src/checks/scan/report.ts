/** The result of a whole scan, as every renderer (human, JSON, SARIF) receives it. */
import { FIXES } from "./fixes.ts";
import type { TreeScanStats } from "./scan-tree.ts";
import { type Finding, isFailing, type ScanProblem, type Severity } from "./types.ts";

export interface ScanReport {
  /** Absolute paths of the scanned roots, in the order given. */
  roots: string[];
  /** Sorted: environment first, then home files, then by path, line and column. */
  findings: Finding[];
  problems: ScanProblem[];
  stats: TreeScanStats;
  /** Whether the environment and the home directory were checked (`--no-env`, `--no-home`). */
  checked: { env: boolean; home: boolean };
  /** The home directory, for showing `~/...` paths. */
  home: string | undefined;
}

export interface ScanSummary {
  /** Findings that fail the scan (high or low, not allowed). */
  failing: number;
  bySeverity: Record<Severity, number>;
  allowed: number;
  problems: number;
}

export function summarise(report: ScanReport): ScanSummary {
  const bySeverity: Record<Severity, number> = { high: 0, low: 0, info: 0, example: 0 };
  let allowed = 0;
  let failing = 0;
  for (const f of report.findings) {
    if (f.allowed) allowed++;
    else bySeverity[f.severity]++;
    if (isFailing(f)) failing++;
  }
  return { failing, bySeverity, allowed, problems: report.problems.length };
}

export function fixFor(f: Finding): string {
  return FIXES[f.kind];
}

const rank = (f: Finding): number => (f.location.type === "env" ? 0 : f.location.root === undefined ? 1 : 2);

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => {
    const r = rank(a) - rank(b);
    if (r !== 0) return r;
    const la = a.location;
    const lb = b.location;
    if (la.type === "env" || lb.type === "env")
      return (la.type === "env" ? la.variable : "").localeCompare(lb.type === "env" ? lb.variable : "");
    return la.path < lb.path ? -1 : la.path > lb.path ? 1 : la.line - lb.line || la.column - lb.column;
  });
}
