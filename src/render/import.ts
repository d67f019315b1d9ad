/**
 * The result of `keyless import`: a short text report on stderr (stdout carries the file itself under
 * --dry-run, or the "Wrote" line), or one JSON document on stdout (--json; docs/import.md).
 */
import type { CliIO } from "../cli/io.ts";
import type { ImportCounts } from "../import/content.ts";
import type { MergeResult } from "../import/merge.ts";

export interface ImportReport {
  path: string;
  written: boolean;
  dryRun: boolean;
  merged: boolean;
  instanceArn: string;
  counts: ImportCounts;
  /** With --merge: what was added. */
  added?: MergeResult["added"];
  /** With --merge: what the file keeps that differs from AWS (the next plan shows it). */
  conflicts: string[];
  warnings: string[];
  /** Problems the next plan reports (they block apply), e.g. a suspended account. */
  problems: string[];
  /** Why the written document does not load (file:line:col lines, as `validate` prints them). */
  errors: string[];
  /** Without --merge: changes the next plan would still show (expected: none). */
  differences: string[];
  /** With --dry-run: the document. */
  document?: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function summary(c: ImportCounts): string {
  return [
    `${plural(c.users.managed + c.users.external, "user")} (${c.users.external} external)`,
    `${plural(c.groups.managed + c.groups.external, "group")} (${c.groups.external} external)`,
    `${plural(c.permissionSets.preset + c.permissionSets.inline + c.permissionSets.noInlinePolicy, "permission set")} (${c.permissionSets.preset} from presets)`,
    `${plural(c.assignments, "assignment")} in ${plural(c.rules, "rule")}`,
    `${plural(c.accounts, "account")}, ${plural(c.organizationalUnits, "OU")}`,
  ].join(", ");
}

export function renderImportText(r: ImportReport, io: CliIO): void {
  for (const w of r.warnings) io.err(`Warning: ${w}\n`);
  if (r.errors.length > 0) {
    io.err(
      `Error: the imported file does not pass keyless validate (${plural(r.errors.length, "problem")}); AWS holds these as they are:\n`,
    );
    for (const e of r.errors) io.err(`  ${e}\n`);
    io.err(
      r.written
        ? `Hint: ${r.path} was written anyway: fix these entries there (the fix changes AWS at the next apply), then run keyless plan.\n`
        : `Hint: ${r.path} was left as it was. See the merged file with --dry-run, fix the entries in AWS or in the file, and import again.\n`,
    );
  }
  for (const p of r.problems) io.err(`Problem the next plan reports: ${p}\n`);
  if (r.differences.length > 0) {
    io.err(`Warning: keyless plan would still show ${plural(r.differences.length, "change")}:\n`);
    for (const d of r.differences) io.err(`  ${d}\n`);
  }
  if (r.conflicts.length > 0) {
    io.err(
      `Kept the file's version where it differs from AWS (${plural(r.conflicts.length, "conflict")}; keyless plan shows each):\n`,
    );
    for (const c of r.conflicts) io.err(`  ${c}\n`);
  }
  const what = r.added ? added(r.added) : `${summary(r.counts)} from ${r.instanceArn}`;
  if (r.dryRun)
    io.err(`Dry run: would ${r.merged ? "merge into" : "write"} ${r.path} (${what}); nothing was written.\n`);
  else if (r.written && r.merged)
    io.out(`Merged into ${r.path}: ${what}.\nNext: keyless plan (it shows the conflicts above, if any).\n`);
  else if (r.written)
    io.out(
      `Wrote ${r.path}: ${what}.\nNext: keyless plan (it should report no changes), then commit the file.\n`,
    );
}

function added(a: NonNullable<ImportReport["added"]>): string {
  return (
    `added ${plural(a.users.length, "user")}, ${plural(a.groups.length, "group")}, ` +
    `${plural(a.permissionSets.length, "permission set")}, ${plural(a.assignments, "assignment")} in ` +
    `${plural(a.assignmentRules, "new rule")}, ${plural(a.accounts.length, "account")}, ${plural(a.organizationalUnits.length, "OU")}`
  );
}

export function renderImportJson(r: ImportReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
