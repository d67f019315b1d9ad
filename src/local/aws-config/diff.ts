/** The `--dry-run` view: a unified diff of the config file before and after, empty when equal. */
import { createTwoFilesPatch } from "diff";

export function dryRunDiff(oldText: string, newText: string, path = "config"): string {
  if (oldText === newText) return "";
  return createTwoFilesPatch(path, path, oldText, newText, "current", "after keyless configure");
}
