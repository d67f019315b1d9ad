/**
 * `keyless scan [DIR...]`: static AWS credentials in the environment, in ~/.aws and in the given
 * trees, as a table, JSON or SARIF. Exit 0 when nothing fails (AWS example values, info and allowed
 * findings never fail), 1 when a credential was found or some path could not be read (the rest is
 * still scanned and printed), 64 for bad usage (a DIR that does not exist, a malformed allow file).
 */
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  applyAllowList,
  DEFAULT_MAX_FILE_BYTES,
  type Finding,
  loadAllowFile,
  newTreeStats,
  renderScan,
  type ScanProblem,
  type ScanReport,
  scanAwsFiles,
  scanEnvironment,
  scanTree,
  sortFindings,
  summarise,
  type TreeScanResult,
  toJson,
  toSarif,
} from "../checks/scan/index.ts";
import type { CliIO } from "../cli/io.ts";
import { useColor } from "../cli/io.ts";
import { EXIT, KeylessError } from "../errors/keyless-error.ts";
import { safe } from "../render/style.ts";

export type ScanFormat = "table" | "json" | "sarif";

export interface ScanOptions {
  dirs: string[];
  format?: string;
  json?: boolean;
  allow?: string;
  /** False with --no-env. */
  env?: boolean;
  /** False with --no-home. */
  home?: boolean;
  /** False with --no-gitignore. */
  gitignore?: boolean;
  maxFileSize?: string;
  verbose?: boolean;
  color?: boolean;
  /** Tool version for SARIF. */
  toolVersion?: string;
  /** Injected clock for the --verbose rate (milliseconds). */
  now?: () => number;
}

export async function runScan(opts: ScanOptions, io: CliIO): Promise<number> {
  const format = formatOf(opts);
  const maxFileBytes = opts.maxFileSize === undefined ? DEFAULT_MAX_FILE_BYTES : parseSize(opts.maxFileSize);
  const dirs = opts.dirs.length > 0 ? opts.dirs : ["."];
  const roots: string[] = [];
  for (const dir of dirs) roots.push(await checkRoot(resolve(io.cwd, dir), dir));
  const allow = opts.allow ? await loadAllowFile(resolve(io.cwd, opts.allow), opts.allow) : [];

  const now = opts.now ?? (() => performance.now());
  const started = now();
  const findings: Finding[] = [];
  const problems: ScanProblem[] = [];
  const checkEnv = opts.env !== false;
  let checkHome = opts.home !== false;
  const home = io.env["HOME"] || io.env["USERPROFILE"] || undefined;
  if (checkEnv) findings.push(...scanEnvironment(io.env));
  if (checkHome) {
    if (home) findings.push(...(await scanAwsFiles(io.env, home, problems)));
    else {
      checkHome = false;
      io.err("keyless scan: HOME is not set, so ~/.aws was not checked (use --no-home to silence this).\n");
    }
  }
  const tree: TreeScanResult = { findings, problems, stats: newTreeStats() };
  for (const root of roots) {
    const base = (await stat(root)).isFile() ? dirname(root) : root;
    await scanTree(root, { gitignore: opts.gitignore !== false, maxFileBytes }, tree);
    if (base !== root) roots[roots.indexOf(root)] = base;
  }
  applyAllowList(findings, allow, home);
  const report: ScanReport = {
    roots,
    findings: sortFindings(findings),
    problems: problems.sort((a, b) => a.path.localeCompare(b.path)),
    stats: tree.stats,
    checked: { env: checkEnv, home: checkHome },
    home,
  };

  if (format === "json") io.out(`${JSON.stringify(toJson(report, io.cwd), null, 2)}\n`);
  else if (format === "sarif")
    io.out(`${JSON.stringify(toSarif(report, opts.toolVersion ?? "0.0.0"), null, 2)}\n`);
  else io.out(renderScan(report, { color: useColor(io, opts.color), cwd: io.cwd }));

  for (const p of report.problems) io.err(`keyless scan: ${safe(p.path)}: ${p.message}\n`);
  if (opts.verbose) io.err(verboseLines(report, (now() - started) / 1000, maxFileBytes));
  const summary = summarise(report);
  if (summary.problems > 0) {
    io.err(
      `keyless scan: incomplete: ${summary.problems} path${summary.problems === 1 ? "" : "s"} could not be read (exit code 1 even without findings).\n`,
    );
  }
  return summary.failing > 0 || summary.problems > 0 ? EXIT.ERROR : EXIT.OK;
}

function formatOf(opts: ScanOptions): ScanFormat {
  const f = opts.format ?? (opts.json ? "json" : "table");
  if (opts.json && opts.format && opts.format !== "json")
    throw new KeylessError("USAGE", `--json conflicts with --format ${opts.format}`);
  if (f === "table" || f === "text" || f === "human") return "table";
  if (f === "json" || f === "sarif") return f;
  throw new KeylessError("USAGE", `unknown --format "${f}"`, { hint: "Use --format table, json or sarif." });
}

/** `2MB`, `500k`, `1048576`: bytes (k/m/g are powers of 1024). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(text);
  if (!m)
    throw new KeylessError("USAGE", `--max-file-size "${text}" is not a size`, {
      hint: "For example 2MB, 500k or 1048576.",
    });
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g"];
  return Math.floor(Number(m[1]) * unit);
}

async function checkRoot(path: string, shown: string): Promise<string> {
  try {
    await stat(path);
    return path;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KeylessError(
      "USAGE",
      code === "ENOENT"
        ? `${shown}: no such file or directory`
        : `${shown}: cannot be read (${code ?? "error"})`,
      { hint: "Give existing directories to scan, e.g. `keyless scan .`" },
    );
  }
}

function verboseLines(report: ScanReport, seconds: number, maxFileBytes: number): string {
  const s = report.stats;
  const rate = seconds > 0 ? Math.round(s.filesScanned / seconds) : s.filesScanned;
  const lines = [
    `keyless scan: ${s.filesScanned} files scanned in ${seconds.toFixed(2)} s (${rate} files/s)`,
    `keyless scan: skipped: ${s.binary} binary, ${s.tooLarge} larger than ${formatBytes(maxFileBytes)}, ${s.ignored} ignored by .gitignore, ${s.skippedDirectories} dependency/cache directories, ${s.notRegular} symbolic links or special files`,
  ];
  for (const f of s.tooLargeFiles.sort()) lines.push(`keyless scan: skipped (too large): ${safe(f)}`);
  return `${lines.join("\n")}\n`;
}

function formatBytes(n: number): string {
  if (n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MB`;
  if (n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}
