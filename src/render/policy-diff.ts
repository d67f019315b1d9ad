/**
 * Inline policies are stored as compact canonical JSON; reviewers read them pretty-printed, and an
 * update shows a unified line diff so a widened statement stands out.
 */
import { structuredPatch } from "diff";
import { type Colors, safe } from "./style.ts";

/** 2-space pretty JSON, or the text as-is if it does not parse (the plan must still render). */
export function prettyPolicy(policy: string): string {
  if (policy === "") return "";
  try {
    return JSON.stringify(JSON.parse(policy), null, 2);
  } catch {
    return policy;
  }
}

/** Lines of a unified diff (hunk headers, ` `/`+`/`-` lines) between two compact policies. */
export function policyDiffLines(before: string, after: string, c: Colors): string[] {
  const withEol = (s: string) => (s === "" ? "" : `${prettyPolicy(s)}\n`);
  const patch = structuredPatch("before", "after", withEol(before), withEol(after), "", "", { context: 3 });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    // Unified-diff convention: an empty side starts at line 0.
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    lines.push(c.cyan(`@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      const text = safe(line);
      if (line.startsWith("+")) lines.push(c.green(text));
      else if (line.startsWith("-")) lines.push(c.red(text));
      else if (line.startsWith("\\")) lines.push(c.dim(text));
      else lines.push(text);
    }
  }
  return lines;
}
