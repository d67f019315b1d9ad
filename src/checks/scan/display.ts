/** How a finding's location is named: in output for people, in allow lists and in SARIF. */
import { isAbsolute, relative, sep } from "node:path";
import type { Finding } from "./types.ts";

const posix = (p: string): string => (sep === "/" ? p : p.split(sep).join("/"));

/**
 * The path an allow-list glob is matched against: relative to the scanned root for files in the
 * tree, `~/...` for files under the home directory, `env:NAME` for environment variables.
 */
export function allowPath(f: Finding, home: string | undefined): string {
  const loc = f.location;
  if (loc.type === "env") return `env:${loc.variable}`;
  if (loc.root !== undefined) return posix(relative(loc.root, loc.path));
  return homeRelative(loc.path, home);
}

/** `file:line:col` for people: tree files relative to `cwd`, home files as `~/...`. */
export function shownLocation(f: Finding, cwd: string, home: string | undefined): string {
  const loc = f.location;
  if (loc.type === "env") return `env:${loc.variable}`;
  let shown: string;
  if (loc.root === undefined) shown = homeRelative(loc.path, home);
  else {
    const rel = relative(cwd, loc.path);
    shown = rel === "" || rel.startsWith("..") || isAbsolute(rel) ? loc.path : posix(rel);
  }
  return `${shown}:${loc.line}:${loc.column}`;
}

function homeRelative(path: string, home: string | undefined): string {
  if (home) {
    const rel = relative(home, path);
    if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) return `~/${posix(rel)}`;
  }
  return posix(path);
}
