/**
 * Compares generated files with what is on disk and writes them. A file that exists with other
 * content is never replaced unless the caller forces it; the caller shows the diff first.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import { KeylessError } from "../../errors/keyless-error.ts";
import { writeFileAtomic } from "../../util/atomic-write.ts";

export type FileAction = "create" | "replace" | "unchanged";

export interface FileChange {
  /** File name, e.g. backend.tf. */
  name: string;
  /** Absolute path. */
  path: string;
  action: FileAction;
  content: string;
  /** Unified diff from the current file (or from nothing, for `create`); "" when unchanged. */
  diff: string;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new KeylessError("USAGE", `cannot read ${path} (${code ?? (err as Error).message})`, {
      hint: code === "EISDIR" ? "A directory has the name of a file keyless writes; move it." : undefined,
      cause: err,
    });
  }
}

export async function compareFiles(
  dir: string,
  files: Array<{ name: string; content: string }>,
): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    const current = await readIfExists(path);
    const action: FileAction =
      current === undefined ? "create" : current === f.content ? "unchanged" : "replace";
    const diff =
      action === "unchanged"
        ? ""
        : createTwoFilesPatch(
            current === undefined ? "/dev/null" : f.name,
            f.name,
            current ?? "",
            f.content,
            current === undefined ? "" : "current",
            "generated",
          );
    changes.push({ name: f.name, path, action, content: f.content, diff });
  }
  return changes;
}

/** Writes every created or replaced file atomically; `unchanged` files are not touched. */
export async function writeChanges(changes: FileChange[]): Promise<void> {
  for (const c of changes) {
    if (c.action !== "unchanged") await writeFileAtomic(c.path, c.content);
  }
}
