/** Small constructors so every check builds findings the same way. */
import { formatJsonPath, type JsonPathSegment } from "./path.ts";
import type { LintFinding } from "./types.ts";

export function error(code: string, path: readonly JsonPathSegment[], message: string): LintFinding {
  return { severity: "error", code, message, path: formatJsonPath(path) };
}

export function warning(code: string, path: readonly JsonPathSegment[], message: string): LintFinding {
  return { severity: "warning", code, message, path: formatJsonPath(path) };
}
