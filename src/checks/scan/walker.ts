/**
 * Walks a directory tree as a stream of file paths (one directory handle open at a time, nothing
 * collected), applying `.gitignore` files (the root's and nested ones), never following symbolic
 * links, and skipping dependency and cache directories. An ignored directory is not entered, except
 * `.terraform`, in which only the always-scanned files (its cached backend state) are yielded.
 */
import { opendir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { alwaysScanned, skippedDirectory } from "./file-kinds.ts";
import { type IgnoreFile, isIgnored, parseGitignore } from "./gitignore.ts";
import { errorMessage } from "./read-errors.ts";
import type { ScanProblem } from "./types.ts";

export interface WalkStats {
  /** Files and directories left out because `.gitignore` ignores them. */
  ignored: number;
  /** Directories left out by name (node_modules, .git, .terraform/providers, .terraform/modules). */
  skippedDirectories: number;
  /** Symbolic links, sockets, devices: never followed or read. */
  notRegular: number;
}

export interface WalkEntry {
  /** Absolute path. */
  path: string;
  /** Relative to the root, with `/` separators. */
  rel: string;
  name: string;
}

export interface WalkOptions {
  /** Apply `.gitignore` files (default true). */
  gitignore: boolean;
}

export function newWalkStats(): WalkStats {
  return { ignored: 0, skippedDirectories: 0, notRegular: 0 };
}

export async function* walkTree(
  root: string,
  opts: WalkOptions,
  stats: WalkStats,
  problems: ScanProblem[],
): AsyncGenerator<WalkEntry> {
  yield* walkDir(root, "", [], false, opts, stats, problems);
}

async function* walkDir(
  dir: string,
  rel: string,
  parentStack: readonly IgnoreFile[],
  onlySensitive: boolean,
  opts: WalkOptions,
  stats: WalkStats,
  problems: ScanProblem[],
): AsyncGenerator<WalkEntry> {
  const stack =
    opts.gitignore && !onlySensitive ? await withGitignore(dir, rel, parentStack, problems) : parentStack;
  let handle: Awaited<ReturnType<typeof opendir>>;
  try {
    handle = await opendir(dir);
  } catch (err) {
    problems.push({ path: dir, message: errorMessage(err) });
    return;
  }
  const subdirs: string[] = [];
  const dirName = basename(dir);
  try {
    for await (const entry of handle) {
      const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        // Directories are entered after this one's files, so one directory handle is open at a time.
        subdirs.push(entry.name);
        continue;
      }
      if (!entry.isFile()) {
        stats.notRegular++;
        continue;
      }
      const sensitive = alwaysScanned(entry.name);
      if (onlySensitive && !sensitive) continue;
      if (!sensitive && opts.gitignore && isIgnored(stack, childRel, false)) {
        stats.ignored++;
        continue;
      }
      yield { path: join(dir, entry.name), rel: childRel, name: entry.name };
    }
  } catch (err) {
    problems.push({ path: dir, message: errorMessage(err) });
  }
  subdirs.sort();
  for (const name of subdirs) {
    if (skippedDirectory(name, dirName)) {
      stats.skippedDirectories++;
      continue;
    }
    const childRel = rel === "" ? name : `${rel}/${name}`;
    const ignored = onlySensitive || (opts.gitignore && isIgnored(stack, childRel, true));
    if (ignored && name !== ".terraform" && !onlySensitive) {
      stats.ignored++;
      continue;
    }
    if (onlySensitive && name !== ".terraform") continue;
    yield* walkDir(join(dir, name), childRel, stack, ignored, opts, stats, problems);
  }
}

async function withGitignore(
  dir: string,
  rel: string,
  stack: readonly IgnoreFile[],
  problems: ScanProblem[],
): Promise<readonly IgnoreFile[]> {
  let text: string;
  const path = join(dir, ".gitignore");
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "EISDIR") problems.push({ path, message: errorMessage(err) });
    return stack;
  }
  const file = parseGitignore(text, rel);
  return file.rules.length === 0 ? stack : [...stack, file];
}
