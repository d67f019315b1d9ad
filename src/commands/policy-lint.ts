/**
 * `keyless policy lint FILE...`: lints IAM policy JSON files as compilers report problems,
 * `file:line:col: error code: message` (and an indented `fix:` line when the finding has one), so
 * editors and CI can jump to them. Files that cannot be read are reported and the rest are still
 * linted. Unlike validate/plan, it also runs the reach checks (what the holder reaches beyond the
 * policy's fences).
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CliIO } from "../cli/io.ts";
import { EXIT } from "../errors/keyless-error.ts";
import { type LocatedFinding, lintPolicyText, type PolicyKind } from "../policy/index.ts";

export interface PolicyLintOptions {
  json?: boolean;
  /** Warnings fail the run too (exit 65). */
  strict?: boolean;
  /** Size limit to apply; default inline (10,240 characters). */
  kind?: PolicyKind;
}

interface FileResult {
  file: string;
  findings: LocatedFinding[];
  /** Set when the file could not be read. */
  unreadable?: string;
}

export async function runPolicyLint(files: string[], opts: PolicyLintOptions, io: CliIO): Promise<number> {
  const kind = opts.kind ?? "inline";
  const results: FileResult[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, file), "utf8");
    } catch (e) {
      results.push({ file, findings: [], unreadable: reason(e) });
      continue;
    }
    results.push({ file, findings: lintPolicyText(text, { kind, reach: true }) });
  }

  const all = results.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === "error").length;
  const warnings = all.length - errors;
  const unreadable = results.filter((r) => r.unreadable !== undefined).length;
  const code =
    unreadable > 0 ? EXIT.USAGE : errors > 0 || (opts.strict && warnings > 0) ? EXIT.CONFIG : EXIT.OK;

  if (opts.json) {
    const out = {
      ok: code === EXIT.OK,
      kind,
      files: results.map((r) => ({
        file: r.file,
        ...(r.unreadable !== undefined && { unreadable: r.unreadable }),
        findings: r.findings,
      })),
      summary: { files: results.length, errors, warnings, unreadable },
    };
    io.out(`${JSON.stringify(out, null, 2)}\n`);
    return code;
  }
  for (const r of results) {
    if (r.unreadable !== undefined) io.err(`${r.file}: cannot read the file: ${r.unreadable}\n`);
    const sorted = [...r.findings].sort((a, b) => a.line - b.line || a.col - b.col);
    for (const f of sorted) {
      io.out(`${r.file}:${f.line}:${f.col}: ${f.severity} ${f.code}: ${f.message}\n`);
      if (f.fix) io.out(`  fix: ${f.fix}\n`);
    }
  }
  io.out(
    `${summary(results.length, errors, warnings, unreadable)}${opts.strict && warnings > 0 && errors === 0 ? " (--strict: warnings fail)" : ""}\n`,
  );
  return code;
}

function summary(files: number, errors: number, warnings: number, unreadable: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const parts = [plural(errors, "error"), plural(warnings, "warning")];
  if (unreadable > 0) parts.push(`${unreadable} unreadable`);
  return `${plural(files, "file")} checked: ${parts.join(", ")}`;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return "not found";
  if (code === "EISDIR") return "is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code ?? (e as Error)?.message ?? String(e);
}
