/**
 * Doctor's output. On a terminal each check gets a mark (✓ pass, ! warn, ✗ fail, - skip); off a
 * terminal (CI logs, pipes, files) the marks are words (PASS WARN FAIL SKIP), which survive any
 * encoding and can be grepped. --json has every result and the counts.
 */
import { colors } from "../../render/style.ts";
import type { CheckResult, CheckStatus } from "./types.ts";

const MARKS: Record<CheckStatus, string> = { pass: "✓", warn: "!", fail: "✗", skip: "-" };
const WORDS: Record<CheckStatus, string> = { pass: "PASS", warn: "WARN", fail: "FAIL", skip: "SKIP" };

export type Summary = Record<CheckStatus, number>;

export function summarise(results: readonly CheckResult[]): Summary {
  const s: Summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) s[r.status]++;
  return s;
}

export function summaryLine(results: readonly CheckResult[]): string {
  const s = summarise(results);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(results.length, "check")}: ${s.pass} passed, ${plural(s.warn, "warning")}, ${s.fail} failed, ${s.skip} skipped`;
}

export function renderResultLine(r: CheckResult, opts: { unicode: boolean; color: boolean }): string {
  const c = colors(opts.color);
  const paint = { pass: c.green, warn: c.yellow, fail: c.red, skip: c.dim }[r.status];
  const mark = paint(opts.unicode ? MARKS[r.status] : WORDS[r.status]);
  const lines = [`${mark} ${c.bold(r.title)}: ${r.message}`];
  if (r.hint && r.status !== "pass")
    lines.push(`${" ".repeat(opts.unicode ? 2 : 5)}${c.dim("hint:")} ${r.hint}`);
  return lines.join("\n");
}

export function renderHuman(
  results: readonly CheckResult[],
  opts: { unicode: boolean; color: boolean },
): string {
  return `${results.map((r) => renderResultLine(r, opts)).join("\n")}\n\n${summaryLine(results)}\n`;
}

export function renderJson(results: readonly CheckResult[]): string {
  const summary = summarise(results);
  return `${JSON.stringify({ ok: summary.fail === 0, summary, checks: results }, null, 2)}\n`;
}
